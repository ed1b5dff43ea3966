"""Writing files atomically: a temporary file beside the target, then a rename.

An interrupted run leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path

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
