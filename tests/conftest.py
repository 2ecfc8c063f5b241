"""Shared fixtures: the real data built once, a small synthetic corpus in Oxigraph, and throwaway copies of data/
to break on purpose."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.data.model import Corpus
from kg.data.paths import Paths
from kg.graph.build import build_graph
from kg.graph.triples import Built

ROOT = Path(__file__).resolve().parent.parent
NATIONAL = ROOT / "data"  # the seed articles and the national registers: what `make demo` builds


def _seed_data() -> Path:
    """data/ without its registers: the five seed articles alone, which most tests are about (and which build in
    seconds in memory). Folders linked, not copied; removed when the tests end."""
    folder = Path(tempfile.mkdtemp(prefix="kg-seeds-")) / "data"
    folder.mkdir()
    for part in ("sources", "entities", "claims"):
        (folder / part).symlink_to(NATIONAL / part)
    atexit.register(shutil.rmtree, folder.parent, True)
    return folder


DATA = _seed_data()


@pytest.fixture(scope="session")
def built() -> Built:
    """The graph built from the real data/ (in memory)."""
    return build_graph(Paths(data=DATA))


@pytest.fixture(scope="session")
def corpus(built: Built) -> Corpus:
    return built.corpus


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target, ignore=shutil.ignore_patterns("pending"))
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def kg(runner: CliRunner) -> Callable[..., object]:
    """Run the CLI in-process; returns the click Result (exit_code, stdout, stderr)."""
    from kg.cli import app

    def run(*args: str) -> object:
        return runner.invoke(app, [str(a) for a in args])

    return run


@pytest.fixture(scope="session")
def synth_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three invented councils over four years, built into an on-disk Oxigraph store (root/out, root/store)."""
    from kg.graph.build import build
    from kg.store.backend import StoreSpec
    from kg.synth.corpus import synthesize

    root = tmp_path_factory.mktemp("synth")
    synthesize(root / "data", councils=3, years=4, seed=5)
    build(Paths(data=root / "data", output=root / "out"), store=StoreSpec("oxigraph", str(root / "store")))
    return root


@pytest.fixture(scope="session")
def national_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The national graph (registers and articles) built and validated into an Oxigraph store (root/store)."""
    from kg.graph.build import build
    from kg.store.backend import StoreSpec

    out = tmp_path_factory.mktemp("national")
    build(Paths(data=NATIONAL, output=out), store=StoreSpec("oxigraph", str(out / "store")), validate=True)
    return out
