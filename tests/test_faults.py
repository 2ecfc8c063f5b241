"""The audit's faults, on the real commands: `kg build` (in memory and into a store), `kg ingest` and `kg review` killed
at every rename() leave the old state or the new one, never a mix, and the next command works; two writers at once
are refused, not interleaved. Commands run as users run them, in a new process, through strace's fault injection."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KG = str(Path(sys.executable).parent / "kg")
STRACE = shutil.which("strace")
pytestmark = pytest.mark.skipif(STRACE is None, reason="strace is not installed (bash .ci/run installs it)")
CALLS = "rename,renameat,renameat2"
# An invented article about the seed council's trust, for the real extractor (no stand-in).
ARTICLE = (
    "Trust appoints new chief executive\n\n"
    "Jane Okafor has been appointed chief executive of Bradford Children and Families Trust, "
    "the trust announced on Monday.\n\n"
    "Ofsted inspectors said the trust still relied too heavily on agency social workers.\n"
)


def kg(*args: str, cwd: Path, kill_at: int | None = None) -> subprocess.CompletedProcess[str]:
    cmd = [KG, *args]
    if kill_at is not None:
        cmd = [STRACE or "strace", "-f", "-o", "/dev/null", "-e", f"trace={CALLS}",
               "-e", f"inject={CALLS}:signal=KILL:when={kill_at}", *cmd]
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, timeout=300)


def slowed_holding(folder: Path, doing: str, *args: str, cwd: Path) -> subprocess.Popen[str]:
    """A kg command whose every rename waits a second (strace), returned once it holds `folder`'s lock."""
    proc = subprocess.Popen(
        [STRACE or "strace", "-f", "-o", "/dev/null", "-e", f"trace={CALLS}",
         "-e", f"inject={CALLS}:delay_enter=1000000", KG, *args],
        cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    lock = folder / ".kg.lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (lock.is_file() and lock.read_text().startswith(doing)):
        time.sleep(0.05)
    return proc


def digest(folder: Path, pattern: str = "*") -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob(pattern))
        if p.is_file() and not p.name.startswith(".kg")
    }


def leftovers(folder: Path) -> list[str]:
    """What a writer leaves besides its lock file: temporary files, staged folders, a journal."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".kg*") if p.name != ".kg.lock")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data", ignore=shutil.ignore_patterns("registers"))
    return tmp_path


def _two_generations(project: Path, *store: str) -> tuple[dict[str, str], dict[str, str]]:
    """Output of the seed data (old), and of the seed data less one source (new, in a scratch folder)."""
    assert kg("build", *store, cwd=project).returncode == 0
    old = digest(project / "output", "graph.*")
    scratch = project / "scratch"
    shutil.copytree(project / "data", scratch / "data")
    for rel in (f"sources/{GONE}.txt", f"sources/{GONE}.yaml", f"claims/{GONE}.yaml"):
        (project / "data" / rel).unlink()
        (scratch / "data" / rel).unlink()
    assert kg("build", cwd=scratch).returncode == 0
    new = digest(scratch / "output", "graph.*")
    assert old != new
    return old, new


GONE = "2024-news-ofsted-monitoring-visit-trust"  # the source the new generation no longer has


@pytest.mark.parametrize("store", [False, True], ids=["memory", "oxigraph"])
def test_build_killed_at_every_rename(project: Path, store: bool) -> None:
    args = ("--store", "oxigraph:output/store") if store else ()
    old, new = _two_generations(project, *args)
    saved = project / "saved-output"
    shutil.copytree(project / "output", saved)
    outcomes = []
    for k in range(1, 20):
        run = kg("build", *args, cwd=project, kill_at=k)
        # The next command, a reader here, finishes a change that was decided before the kill.
        ask = f"SELECT ?s WHERE {{ GRAPH <https://w3id.org/accountability-kg/id/source/{GONE}> {{ ?s ?p ?o }} }} LIMIT 1"
        rows = kg("query", ask, "-f", "csv", *args, cwd=project)
        assert rows.returncode == 0, f"killed at rename {k}: {rows.stderr}"
        state = digest(project / "output", "graph.*")
        files = "old" if GONE in (project / "output" / "graph.trig").read_text() else "new"
        if store:
            in_store = "old" if len(rows.stdout.splitlines()) > 1 else "new"
            assert in_store == files, f"killed at rename {k}: the store is {in_store}, the files {files}"
        else:
            assert state == (old if files == "old" else new), f"killed at rename {k}: a mix of old and new files"
        outcomes.append(files)
        if run.returncode == 0:
            break
        shutil.rmtree(project / "output")  # the old generation back in place, for the next kill to replace
        shutil.copytree(saved, project / "output")
    assert "old" in outcomes and outcomes[-1] == "new", outcomes  # kills fell on both sides of the commit point
    assert leftovers(project / "output") == []


def test_two_builds_at_once_the_second_is_refused(project: Path) -> None:
    first = slowed_holding(project / "output", "building", "build", "--store", "oxigraph:output/store", cwd=project)
    second = kg("build", "--store", "oxigraph:output/store", cwd=project)
    assert second.returncode == 6, second.stderr
    assert "another kg command is building the graph (pid" in second.stderr
    memory = kg("build", cwd=project)  # an in-memory build into the same output: refused the same way
    assert memory.returncode == 6 and "busy" in memory.stderr
    _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert (project / "output" / "store" / "CURRENT").is_file()
    assert kg("who-held", "director of children's services", "--store", "oxigraph:output/store",
              cwd=project).returncode == 0


def _ingest(project: Path, kill_at: int | None = None) -> subprocess.CompletedProcess[str]:
    article = project / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    return kg("ingest", str(article), "--id", "2024-07-trust-new-chief", "--title", "Trust appoints new chief",
              "--date", "2024-07-01", "--publisher", "bradford-council", cwd=project, kill_at=kill_at)


def test_ingest_killed_at_every_rename_then_retried(project: Path) -> None:
    before = digest(project / "data")
    for k in range(1, 12):
        run = _ingest(project, kill_at=k)
        assert kg("build", cwd=project).returncode == 0, f"killed at rename {k}: the build fails"
        state = digest(project / "data")
        ingested = "sources/2024-07-trust-new-chief.txt" in state
        assert state == before or (ingested and "pending/2024-07-trust-new-chief.yaml" in state), k
        if ingested:
            break
        assert run.returncode != 0
    retry = _ingest(project)  # after any interruption: ingests, or says it has the text already
    assert retry.returncode == 0, retry.stderr
    assert "already have this text as source 2024-07-trust-new-chief" in retry.stdout
    assert leftovers(project / "data") == []


def test_review_killed_at_every_rename_then_retried(project: Path) -> None:
    assert _ingest(project).returncode == 0
    pending = digest(project / "data")
    for k in range(1, 12):
        run = kg("review", "--accept", "all", cwd=project, kill_at=k)
        build = kg("build", cwd=project)
        assert build.returncode == 0, f"killed at rename {k}: {build.stderr}"
        state = digest(project / "data")
        if state != pending:
            assert "pending/2024-07-trust-new-chief.yaml" not in state  # accepted whole
            assert "claims/2024-07-trust-new-chief.yaml" in state
            break
        assert run.returncode != 0
        if k == 11:
            pytest.fail("the review never committed")
    assert kg("review", "--accept", "all", cwd=project).returncode in (0, 5)  # nothing left pending is an answer
    assert leftovers(project / "data") == []


def test_a_review_during_an_ingest_is_refused(project: Path) -> None:
    article = project / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    slow = slowed_holding(project / "data", "ingesting", "ingest", str(article), "--id", "x-article", "--title", "T",
                          "--date", "2024-07-01", "--publisher", "bradford-council", cwd=project)
    review = kg("review", "--accept", "all", cwd=project)
    build = kg("build", cwd=project)  # reads data/ under a shared lock: also told to wait
    slow.communicate(timeout=120)
    assert slow.returncode == 0
    assert review.returncode == 6 and "another kg command is ingesting article.txt" in review.stderr
    assert build.returncode == 6 and "another kg command is ingesting" in build.stderr


def test_outputs_get_the_umask_mode_and_rewritten_data_keeps_its_mode(project: Path) -> None:
    """The audit found every output and rewritten data/ file created 0600 (mkstemp's mode)."""
    assert _ingest(project).returncode == 0
    assert kg("review", "--accept", "all", cwd=project).returncode == 0
    ingested = project / "data" / "entities" / "ingested.yaml"
    ingested.chmod(0o640)
    before = ingested.read_text()
    second = project / "second.txt"
    second.write_text("Trust names deputy\n\nSam Reyes has been appointed deputy chief executive of Bradford "
                      "Children and Families Trust, the trust said.\n", encoding="utf-8")
    assert kg("ingest", str(second), "--title", "Deputy", "--date", "2024-08-01", cwd=project).returncode == 0
    assert kg("review", "--accept", "all", cwd=project).returncode == 0
    assert ingested.read_text() != before  # rewritten, with the second article's person
    assert ingested.stat().st_mode & 0o777 == 0o640
    assert kg("build", "--store", "oxigraph:output/store", cwd=project).returncode == 0
    probe = project / "probe"
    probe.write_text("what open() gives")
    plain = probe.stat().st_mode & 0o777
    for path in (project / "output" / "graph.trig", project / "output" / "graph.jsonld",
                 project / "data" / "claims" / "2024-07-trust-new-chief.yaml",
                 project / "data" / "sources" / "2024-07-trust-new-chief.txt"):
        assert path.stat().st_mode & 0o777 == plain, path


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs, too small for the seed graph's three files; skipped where mounting is not allowed."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True,
                      check=False).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_or_read_only_output_is_one_line_and_nothing_half_written(project: Path, small_disk: Path) -> None:
    full = kg("build", "--out", str(small_disk), cwd=project)
    assert full.returncode == 1
    assert full.stderr.splitlines()[1:] == [full.stderr.splitlines()[1]]  # one problem, one line, no traceback
    assert "cannot write: No space left on device (the disk is full; nothing was changed)" in full.stderr
    assert sorted(p.name for p in small_disk.iterdir()) == [".kg.lock"]
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    read_only = kg("build", "--out", str(small_disk), cwd=project)
    assert read_only.returncode == 1 and "Traceback" not in read_only.stderr
    assert "Read-only file system (the file system is read-only; nothing was changed)" in read_only.stderr
