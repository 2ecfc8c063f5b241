"""Writing candidates: YAML in the format of data/claims (so accepting needs no conversion), or JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ..data.paths import Paths
from ..data.transaction import write_atomically
from ..errors import KgError
from ..questions.who_held import parse_when
from ..registers import load_project as load_corpus
from . import extract_file
from .documents.source import extract_document, is_pdf, read_source


class _Dumper(yaml.SafeDumper):
    """Block style, keys in the order given, long quotes kept on one line."""


def to_yaml(result: dict[str, Any]) -> str:
    header = (
        "# Candidate claims from kg extract: review before they enter the graph (kg review).\n"
        "# Each claim's `extracted` says which rule proposed it and how confident it is.\n"
    )
    return header + yaml.dump(result, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)


def extract_files(
    paths: Paths, files: list[Path], fmt: str, date: str | None, out_dir: Path | None, model: str | None = None
) -> Iterator[tuple[Path, str]]:
    """(target path, text) for each article; written atomically (all or none) when out_dir is given."""
    published = parse_when(date, "--date")
    corpus = load_corpus(paths)  # once for all the files
    results = []
    for path in files:
        if not path.is_file():
            raise KgError(f"{path}: no such file")
        source_id = path.stem
        if is_pdf(path):  # an official document: its text read from the PDF, its candidates by its kind
            result = extract_document(paths, read_source(path).doc, source_id, corpus)
        else:
            result = extract_file(paths, path, source_id, published, corpus, model)
        text = json.dumps(result, indent=2, ensure_ascii=False) + "\n" if fmt == "json" else to_yaml(result)
        target = (out_dir or Path()) / f"{source_id}.{fmt}"
        results.append((target, text))
    if out_dir is not None:
        write_atomically(dict(results))
    yield from results
