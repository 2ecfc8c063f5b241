"""Changes to a folder's files that happen whole or not at all, survive a crash, and never meet a second writer.

How a change commits (the way SQLite's journal does, rolled forward instead of back):
1. Every new file is written to a temporary sibling (`.kg-tmp-*`), flushed and fsync'ed; a replacement folder
   (the Oxigraph store) is staged under such a name too. Nothing in place has changed yet: a crash here leaves
   only temporary files, which the next writer removes.
2. A journal listing every step is written, fsync'ed and renamed into place (`.kg-journal.json` in the folder
   the change is about), and that folder is fsync'ed. From this instant the change has happened.
3. Each temporary file is renamed over its target (one atomic step each), files to delete are removed, a staged
   folder replaces the old one; the folders are fsync'ed; the journal is removed.
Whoever takes the folder's lock next (any writer, or a reader that finds a journal) finishes step 3 from the
journal first, so a kill at any point leaves either the old files or the new ones, never a mix.

One writer at a time: a writer holds an exclusive `flock` on `.kg.lock` in the folder for as long as it works,
and a second one is refused at once with a message naming the first. The lock is the kernel's: it goes when the
process does, however it ends.

A new file gets the mode a plain `open()` would give it (0666 less the umask); a replaced file keeps its mode.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import functools
import json
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Busy, KgError

LOCK_NAME = ".kg.lock"
JOURNAL_NAME = ".kg-journal.json"
TEMP_PREFIX = ".kg-tmp-"
LEFTOVER_DEPTH = 2  # data/sources/, output/<view>/: how deep a writer puts files (not into a store's own folder)

Content = str | bytes | Path | None  # text (UTF-8), bytes, a file already written beside the target, or delete

_held: dict[Path, int] = {}  # lock files this process holds, with how many holders
_held_guard = threading.Lock()


def io_error(path: Path, exc: OSError, doing: str = "write") -> KgError:
    """An OSError as one line naming the file: a full disk, a read-only folder, a missing permission."""
    reason = os.strerror(exc.errno) if exc.errno else str(exc)
    hint = {
        errno.ENOSPC: " (the disk is full; nothing was changed)",
        errno.EROFS: " (the file system is read-only; nothing was changed)",
        errno.EACCES: " (no permission; nothing was changed)",
        errno.EPERM: " (no permission; nothing was changed)",
        errno.EDQUOT: " (over the disk quota; nothing was changed)",
    }.get(exc.errno or 0, "")
    return KgError(f"{path}: cannot {doing}: {reason}{hint}")


def new_file_mode() -> int:
    """0666 less the umask: the mode `open()` gives a new file (mkstemp's 0600 would hide output from its group)."""
    return 0o666 & ~_read_umask()


@functools.cache
def _read_umask() -> int:
    """The process's umask, read without changing it where Linux tells it (setting it races other threads)."""
    with contextlib.suppress(OSError, ValueError, StopIteration):
        status = Path("/proc/self/status").read_text(encoding="ascii").splitlines()
        return int(next(line.split()[1] for line in status if line.startswith("Umask:")), 8)
    with _held_guard:
        current = os.umask(0o022)
        os.umask(current)
    return current


def fsync_dir(folder: Path) -> None:
    """Make renames and removals in `folder` durable."""
    with contextlib.suppress(OSError):  # a file system that cannot sync a folder (some network mounts)
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def locked(
    folder: Path, what: str = "writing", *, shared: bool = False, lock_name: str = LOCK_NAME, leftovers: str = ""
) -> Iterator[None]:
    """Hold `folder`'s lock for the block: exclusive for a writer, which first finishes a journal a killed writer
    left and removes its temporary files (those starting `TEMP_PREFIX + leftovers`); shared for a reader, which
    only keeps writers out. Re-entrant within one process (the build holds it while a library function commits).
    `lock_name` lets several things in one folder be locked apart (an Oxigraph store beside the user's files)."""
    key = (folder.resolve() / lock_name)
    with _held_guard:
        nested = key in _held
        if nested:
            _held[key] += 1
    if nested:
        try:
            yield
        finally:
            with _held_guard:
                _held[key] -= 1
        return
    if shared and (folder / JOURNAL_NAME).exists():
        with locked(folder, "finishing an interrupted change", lock_name=lock_name, leftovers=leftovers):
            pass
    try:
        made = not shared and not folder.exists()  # a folder this command makes is removed again if it stays empty
        if not shared:
            folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(key, os.O_RDWR | os.O_CREAT, new_file_mode())
    except OSError as exc:
        if shared and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOENT):
            yield  # a reader of a folder it cannot write: no writer of ours can be there either
            return
        raise io_error(key, exc, "lock") from None
    try:
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
            raise Busy(
                f"{folder}: another kg command is {other or 'using it'}; wait for it to finish and try again"
            ) from None
        if not shared:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{what} (pid {os.getpid()})\n".encode(), 0)
        with _held_guard:
            _held[key] = 1
        try:
            if not shared:
                recover(folder, leftovers)
            yield
        finally:
            with _held_guard:
                del _held[key]
            if not shared:
                with contextlib.suppress(OSError):
                    os.ftruncate(fd, 0)
                if made and [p.name for p in folder.iterdir()] == [lock_name]:
                    with contextlib.suppress(OSError):  # nothing was written: leave no trace, not even the lock
                        key.unlink()
                        folder.rmdir()
    finally:
        os.close(fd)


def settle(folder: Path) -> None:
    """For a reader: if a writer was killed after deciding a change (its journal is there), finish it before
    reading, unless a writer is at work right now (then the files it has not reached yet are still the old ones,
    each whole). Costs one stat when there is no journal."""
    if (folder / JOURNAL_NAME).exists():
        with contextlib.suppress(Busy), locked(folder, "finishing an interrupted change"):
            pass


@dataclass
class Transaction:
    """The files and folders one change writes, all committed together under `root`'s journal."""

    root: Path
    files: dict[Path, Path | None] = field(default_factory=dict)  # target -> temporary file (None: delete)
    folders: dict[Path, Path] = field(default_factory=dict)  # target folder -> staged folder

    def temp_beside(self, target: Path, folder: bool = False) -> Path:
        """A fresh temporary name beside `target`, for a file (created empty) or a folder (not created)."""
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if folder:
                made = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{target.name}-", dir=target.parent))
                made.rmdir()
                return made
            fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name}-", dir=target.parent)
            os.close(fd)
        except OSError as exc:
            raise io_error(target, exc) from None
        return Path(name)

    def write(self, target: Path, content: Content) -> None:
        """Stage `target`'s new content (or its removal, for None)."""
        if target.is_dir() and not target.is_symlink():
            raise KgError(f"{target} is a directory; cannot write a file there")
        if content is None:
            self.files[target] = None
            return
        temp = content if isinstance(content, Path) else self.temp_beside(target)
        self.files[target] = temp
        try:
            if not isinstance(content, Path):
                data = content.encode("utf-8") if isinstance(content, str) else content
                with temp.open("wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
            else:
                _fsync_file(temp)
            mode = target.stat().st_mode & 0o7777 if target.is_file() else new_file_mode()
            temp.chmod(mode)
        except OSError as exc:
            raise io_error(target, exc) from None

    def replace_folder(self, target: Path, staged: Path) -> None:
        """Stage a folder that replaces `target` whole (it must be a `temp_beside(target, folder=True)`)."""
        self.folders[target] = staged

    def commit(self) -> None:
        """Write the journal (the change is decided), apply it, remove the journal."""
        steps = {  # absolute paths: whoever finishes the journal may run from another folder
            "files": [[_abs(t), _abs(tmp) if tmp else None] for t, tmp in self.files.items()],
            "folders": [[_abs(t), _abs(s), _abs(_old_name(t))] for t, s in self.folders.items()],
        }
        journal = self.root / JOURNAL_NAME
        temp = self.temp_beside(journal)
        try:
            temp.write_text(json.dumps(steps, indent=1), encoding="utf-8")
            _fsync_file(temp)
            temp.replace(journal)
            fsync_dir(self.root)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise io_error(journal, exc) from None
        self.files.clear()
        self.folders.clear()
        _apply_journal(self.root)

    def abort(self) -> None:
        """Remove everything staged; nothing in place was touched."""
        for temp in self.files.values():
            if temp is not None:
                with contextlib.suppress(OSError):
                    temp.unlink()
        for staged in self.folders.values():
            shutil.rmtree(staged, ignore_errors=True)
        self.files.clear()
        self.folders.clear()


def _abs(path: Path) -> str:
    return str(path.absolute())


def _old_name(target: Path) -> Path:
    return target.with_name(f"{TEMP_PREFIX}old-{target.name}")


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def recover(root: Path, leftovers: str = "") -> bool:
    """Finish the change a killed writer decided on (its journal), then remove temporary files it left (those
    starting `TEMP_PREFIX + leftovers`). Returns whether there was a journal."""
    found = _apply_journal(root)
    _remove_leftovers(root, TEMP_PREFIX + leftovers)
    return found


def _apply_journal(root: Path) -> bool:
    """Carry out the journal's steps, if there is one. Safe to run again at any point: every step checks what is
    already done."""
    journal = root / JOURNAL_NAME
    found = journal.is_file()
    if found:
        try:
            steps = json.loads(journal.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            # a journal is renamed into place whole, so an unreadable one is not ours: leave it for a human
            raise KgError(f"{journal}: not a journal this tool can read; move it away and check the folder") from None
        touched: set[Path] = set()
        try:
            for target_text, temp_text in steps["files"]:
                target = Path(target_text)
                touched.add(target.parent)
                if temp_text is None:
                    target.unlink(missing_ok=True)
                elif Path(temp_text).exists():
                    Path(temp_text).replace(target)
            for target_text, staged_text, old_text in steps["folders"]:
                target, staged, old = Path(target_text), Path(staged_text), Path(old_text)
                touched.add(target.parent)
                if staged.exists():
                    if target.exists():
                        if old.exists():
                            shutil.rmtree(old)
                        target.replace(old)
                    staged.replace(target)
                shutil.rmtree(old, ignore_errors=True)
            for folder in touched:
                fsync_dir(folder)
            journal.unlink()
            fsync_dir(root)
        except OSError as exc:
            raise io_error(journal, exc, "finish the interrupted change in") from None
    return found


def _remove_leftovers(root: Path, prefix: str) -> None:
    """Temporary files and staged folders of a writer that died before deciding: it holds no lock any more (we do),
    so nothing else can be writing them."""
    for folder, dirs, names in os.walk(root):
        depth = len(Path(folder).relative_to(root).parts)
        for name in [d for d in dirs if d.startswith(prefix)]:
            shutil.rmtree(Path(folder) / name, ignore_errors=True)
        dirs[:] = [] if depth >= LEFTOVER_DEPTH else [d for d in dirs if not d.startswith(TEMP_PREFIX)]
        for name in names:
            if name.startswith(prefix):
                with contextlib.suppress(OSError):
                    (Path(folder) / name).unlink()


def write_atomically(files: Mapping[Path, Content], root: Path | None = None) -> None:
    """Write every file (text as UTF-8, bytes as given, a Path already written beside its target, None to delete)
    all or nothing, durably, under the lock of `root` (default: the folder that holds all of them)."""
    if not files:
        return
    if root is None and len(files) == 1:  # one rename is atomic already: no journal, no lock file in the folder
        txn = Transaction(next(iter(files)).parent)
        target, content = next(iter(files.items()))
        try:
            txn.write(target, content)
            _apply_one(target, txn.files[target])
        except BaseException:
            txn.abort()
            raise
        return
    root = root or _common_folder(list(files))
    with locked(root):
        txn = Transaction(root)
        try:
            for target, content in files.items():
                txn.write(target, content)
            txn.commit()
        except BaseException:
            txn.abort()
            raise


def _apply_one(target: Path, temp: Path | None) -> None:
    try:
        if temp is None:
            target.unlink(missing_ok=True)
        else:
            temp.replace(target)
    except OSError as exc:
        raise io_error(target, exc) from None
    fsync_dir(target.parent)


def _common_folder(paths: list[Path]) -> Path:
    return Path(os.path.commonpath([str(p.resolve().parent) for p in paths]))


__all__ = ["Busy", "Transaction", "io_error", "locked", "recover", "settle", "write_atomically"]
