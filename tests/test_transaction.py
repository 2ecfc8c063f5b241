"""kg.data.transaction: a change to several files commits whole or not at all, even when the writer is killed at any
rename; one writer at a time; new files get the mode open() would give them, rewritten ones keep theirs."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.data.transaction import JOURNAL_NAME, TEMP_PREFIX, Busy, Transaction, locked, recover, write_atomically
from kg.errors import KgError

ROOT = Path(__file__).resolve().parent.parent
STRACE = shutil.which("strace")
needs_strace = pytest.mark.skipif(STRACE is None, reason="strace is not installed (bash .ci/run installs it)")


def kill_at_rename(k: int, code: str, cwd: Path) -> int:
    """Run `code` in a new Python, killed (SIGKILL) at its k-th rename; the audit's technique."""
    calls = "rename,renameat,renameat2"
    cmd = [STRACE or "strace", "-f", "-o", "/dev/null", "-e", f"trace={calls}",
           "-e", f"inject={calls}:signal=KILL:when={k}", sys.executable, "-c", textwrap.dedent(code)]
    return subprocess.run(cmd, cwd=cwd, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False).returncode


def contents(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.startswith(".")}


def test_files_are_written_and_removed_together(tmp_path: Path) -> None:
    (tmp_path / "gone.txt").write_text("old")
    write_atomically({tmp_path / "a.txt": "A", tmp_path / "sub" / "b.bin": b"\x00B", tmp_path / "gone.txt": None})
    assert (tmp_path / "a.txt").read_text() == "A"
    assert (tmp_path / "sub" / "b.bin").read_bytes() == b"\x00B"
    assert not (tmp_path / "gone.txt").exists()
    assert not list(tmp_path.rglob(f"{TEMP_PREFIX}*")) and not (tmp_path / JOURNAL_NAME).exists()


def test_new_files_get_the_umask_mode_and_rewritten_files_keep_theirs(tmp_path: Path) -> None:
    (tmp_path / "kept.txt").write_text("x")
    (tmp_path / "kept.txt").chmod(0o640)
    (tmp_path / "private.txt").write_text("x")
    (tmp_path / "private.txt").chmod(0o600)
    write_atomically({tmp_path / "new.txt": "n", tmp_path / "kept.txt": "k", tmp_path / "private.txt": "p"})
    write_atomically({tmp_path / "single.txt": "s"})
    (tmp_path / "plain.txt").write_text("what open() gives")
    mode = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.glob("*.txt")}
    assert mode["new.txt"] == mode["single.txt"] == mode["plain.txt"]  # not mkstemp's 0600
    assert mode["kept.txt"] == 0o640 and mode["private.txt"] == 0o600


def test_a_failed_write_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("old")
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(KgError, match="is a directory"):
        write_atomically({tmp_path / "a.txt": "new", tmp_path / "dir.txt": "x"})
    assert (tmp_path / "a.txt").read_text() == "old"
    assert not list(tmp_path.rglob(f"{TEMP_PREFIX}*"))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs (the audit's full disk), mounted for the test; skipped where mounting is not allowed."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(disk)], capture_output=True, check=False).returncode:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_is_one_line_naming_the_file_and_changes_nothing(small_disk: Path) -> None:
    (small_disk / "a.txt").write_text("old")
    with pytest.raises(KgError, match=r"b.txt: cannot write: No space left on device \(the disk is full"):
        write_atomically({small_disk / "a.txt": "new", small_disk / "b.txt": "x" * 2_000_000})
    assert (small_disk / "a.txt").read_text() == "old"
    assert sorted(p.name for p in small_disk.iterdir()) == [".kg.lock", "a.txt"]


def test_a_read_only_folder_is_one_line_naming_the_file(small_disk: Path) -> None:
    (small_disk / "a.txt").write_text("old")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with pytest.raises(KgError, match=r"cannot .*read-only"):
        write_atomically({small_disk / "a.txt": "new", small_disk / "b.txt": "y"})
    with pytest.raises(KgError, match=r"a.txt: cannot write: Read-only file system"):
        write_atomically({small_disk / "a.txt": "new"})
    assert (small_disk / "a.txt").read_text() == "old"


def test_a_second_writer_is_told_and_refused(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from kg.data.transaction import locked
            with locked(Path({str(tmp_path)!r}), "building the graph"):
                print("held", flush=True)
                time.sleep(30)
        """)],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(Busy, match=rf"another kg command is building the graph \(pid {holder.pid}\)"):
            write_atomically({tmp_path / "a": "1", tmp_path / "b": "2"})
        with pytest.raises(Busy), locked(tmp_path, shared=True):
            pass
    finally:
        holder.kill()
        holder.wait()
    write_atomically({tmp_path / "a": "1", tmp_path / "b": "2"})  # the kernel let go of the dead holder's lock
    assert (tmp_path / "a").read_text() == "1"


def test_the_lock_is_reentrant_within_a_process(tmp_path: Path) -> None:
    with locked(tmp_path, "building"):
        write_atomically({tmp_path / "a": "1", tmp_path / "b": "2"})
        with locked(tmp_path, shared=True):
            pass
    assert (tmp_path / "b").read_text() == "2"


def test_a_staged_folder_replaces_the_old_one_whole(tmp_path: Path) -> None:
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "old").write_text("old")
    with locked(tmp_path):
        txn = Transaction(tmp_path)
        staged = txn.temp_beside(tmp_path / "store", folder=True)
        staged.mkdir()
        (staged / "new").write_text("new")
        txn.replace_folder(tmp_path / "store", staged)
        txn.write(tmp_path / "graph.trig", "g")
        txn.commit()
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == ["new"]
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))


@needs_strace
def test_a_kill_at_every_rename_leaves_old_or_new_never_a_mix(tmp_path: Path) -> None:
    code = """
        from pathlib import Path
        from kg.data.transaction import Transaction, locked
        d = Path("d")
        with locked(d):
            txn = Transaction(d)
            for name in ("a", "b", "c"):
                txn.write(d / name, "new")
            txn.write(d / "gone", None)
            staged = txn.temp_beside(d / "store", folder=True)
            staged.mkdir()
            (staged / "x").write_text("new")
            txn.replace_folder(d / "store", staged)
            txn.commit()
    """
    seen = set()
    for k in range(1, 12):
        work = tmp_path / str(k)
        d = work / "d"
        (d / "store").mkdir(parents=True)
        for name in ("a", "b", "c", "gone"):
            (d / name).write_text("old")
        (d / "store" / "x").write_text("old")
        rc = kill_at_rename(k, code, work)
        with locked(d):  # the next writer: finishes the journal, removes what a killed writer left
            pass
        state = {**contents(d), "store": (d / "store" / "x").read_text()}
        assert state in (
            {"a": "old", "b": "old", "c": "old", "gone": "old", "store": "old"},
            {"a": "new", "b": "new", "c": "new", "store": "new"},
        ), f"killed at rename {k}: {state}"
        assert sorted(p.name for p in d.iterdir() if p.name.startswith(".")) == [".kg.lock"], k
        seen.add(state["a"])
        if rc == 0:
            break
    assert seen == {"old", "new"}  # the kills fell both before and after the commit point


def test_recover_without_a_journal_removes_only_temporary_files(tmp_path: Path) -> None:
    (tmp_path / f"{TEMP_PREFIX}a-xyz").write_text("half")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / f"{TEMP_PREFIX}b-xyz").write_text("half")
    (tmp_path / "sources" / "kept.txt").write_text("kept")
    assert recover(tmp_path) is False
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == ["kept.txt"]


def test_an_unreadable_journal_is_left_for_a_human(tmp_path: Path) -> None:
    (tmp_path / JOURNAL_NAME).write_text("{not json")
    with pytest.raises(KgError, match="not a journal this tool can read"):
        recover(tmp_path)
    assert (tmp_path / JOURNAL_NAME).exists()
