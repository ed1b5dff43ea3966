"""Writing files atomically: a temporary file beside the target, then a rename.

An interrupted run leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import glob
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# Temporary files are named .<target>.cpstrat-<pid>-<random>.tmp: recognisably ours, and
# naming the process that wrote them, so a later run can tell a killed run's leftovers
# (its process is gone) from another run's work in progress.
TEMP_MARK = ".cpstrat-"
TEMP_SUFFIX = ".tmp"


def write_atomic(path: Path, data: bytes) -> None:
    """Write `path` through a temporary file beside it and a rename; leftovers of killed runs are removed first."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARK}{os.getpid()}-", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


# How long a build waits for another writing into the same folder before it refuses.
LOCK_WAIT_S = 120.0


class FolderBusy(Exception):
    """Another process held the folder's lock for longer than LOCK_WAIT_S."""


@contextmanager
def folder_lock(folder: Path, wait: float | None = None) -> Iterator[Any]:
    """Hold an exclusive lock on `folder` (created if need be) while a set of files is written into it.

    Two builds into one folder at once would interleave their files under one manifest; with the
    lock the second waits for the first to finish (then writes its whole set), or gives up after
    `wait` seconds (FolderBusy). The lock is flock(2) on the folder itself: no file is left behind,
    and the system releases it when its process ends, however it ends. Where flock is missing
    (Windows) nothing is locked."""
    import time

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + (LOCK_WAIT_S if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise FolderBusy(str(folder)) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the folder releases the lock


def remove_stale(folder: Path, name: str = "*") -> list[Path]:
    """Remove temporary files of ours in `folder` (for target `name`) whose writing process has ended.

    SIGKILL gives a process no chance to remove its temporary file; the next
    run that writes to the folder does. Returns what was removed.
    """
    removed = []
    pattern = "*" if name == "*" else glob.escape(name)
    for tmp in Path(folder).glob(f".{pattern}{TEMP_MARK}*{TEMP_SUFFIX}"):
        pid = tmp.name.rsplit(TEMP_MARK, 1)[1].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            try:
                tmp.unlink()
                removed.append(tmp)
            except OSError:
                pass  # not ours to remove after all (permissions): left alone
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists, under another user
    return True
