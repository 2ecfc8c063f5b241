"""Where the project's files are: the vocabulary beside the package, data and output where the user says."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PACKAGE_ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_DIR = PACKAGE_ROOT / "ontology"


@dataclass(frozen=True)
class Paths:
    """The folders one run reads and writes."""

    data: Path = Path("data")
    output: Path = Path("output")
    ontology: Path = ONTOLOGY_DIR

    @property
    def schema_file(self) -> Path:
        return self.ontology / "schema.yaml"

    @property
    def graph_trig(self) -> Path:
        return self.output / "graph.trig"
