"""Files on disk: where a strategy's files are, how paths are shown, and writing atomically.

Outputs are written to a temporary file beside the target, then renamed, so an
interrupted run leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from cpstrat.format.diagnostics import CpstratError, Diagnostic, make

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
def folder_lock(folder: Path, wait: float | None = None):
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


# -- where a strategy's files are ---------------------------------------------

STRATEGY_FILE = "strategy.yaml"
OFFER_FILE = "local-offer.yaml"  # the local offer for care leavers, beside strategy.yaml
PROGRESS_DIR = "progress"


def not_found(display: str) -> Diagnostic:
    return make("CP001", display)


def no_strategy_file(display: str) -> Diagnostic:
    return make("CP005", display)


def unreadable(display: str, reason: str) -> Diagnostic:
    return make("CP007", display, reason=reason)


def output_problem(display: str, problem: str, hint: str) -> Diagnostic:
    """An output that cannot be written, or a request for one that cannot be met."""
    return make("CP099", display, problem=problem, hint=hint)


def locate(path: Path) -> tuple[Path, list[Path]]:
    """The strategy file and its progress files for a path given by the user."""
    if path.is_dir() and path.name != STRATEGY_FILE:  # a folder named strategy.yaml is reported as one
        main = path / STRATEGY_FILE
        if not _present(main):
            raise CpstratError([no_strategy_file(str(path))])
        progress = path / PROGRESS_DIR
        return main, sorted([*progress.glob("*.yaml"), *progress.glob("*.yml")])
    if not _present(path):
        raise CpstratError([not_found(str(path))])
    return path, []


def _present(path: Path) -> bool:
    # A symlink loop or a folder where a file should be is there, only unreadable:
    # loading it reports why, rather than claiming it does not exist.
    return path.exists() or path.is_symlink()


def display_path(path: Path) -> str:
    """A path as the user should see it in messages: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):  # elsewhere, a symlink loop, or no working folder
        return str(path)


def expand(paths) -> list[Path]:
    """Each argument as strategies: globs expanded, and a folder of strategy folders opened up."""
    import glob

    out: list[Path] = []
    for raw in paths:
        text = str(raw)
        matches = sorted(glob.glob(text)) if any(c in text for c in "*?[") else [text]
        for m in matches or [text]:
            p = Path(m)
            try:
                if p.is_dir() and not (p / STRATEGY_FILE).exists() and not (p / OFFER_FILE).exists():
                    inner = sorted(d for d in p.iterdir() if (d / STRATEGY_FILE).is_file())
                    out.extend(inner or [p])
                else:
                    out.append(owner(p))
            except OSError:  # unreadable folder, name too long...: checking the path reports why
                out.append(p)
    return list(dict.fromkeys(out))  # a strategy named twice (e.g. by two of its files) is checked once


def owner(path: Path) -> Path:
    """The strategy folder a file belongs to: its strategy.yaml or one of its progress files.

    Tools that pass changed file names (pre-commit, editors) then check the
    whole strategy, progress files included, whichever file changed.
    """
    if path.name in (STRATEGY_FILE, OFFER_FILE) and path.is_file() and (path.parent / STRATEGY_FILE).is_file():
        return path.parent
    if path.suffix in (".yaml", ".yml") and path.parent.name == PROGRESS_DIR \
            and (path.parent.parent / STRATEGY_FILE).is_file():
        return path.parent.parent
    return path


def source_date() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH as a date and time, when set: the one date of a reproducible build."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None) if epoch.isdigit() else None


def document_time(strategy, progress) -> dt.datetime:
    """The date written into every output's properties, never the wall clock: SOURCE_DATE_EPOCH when set
    (reproducible builds), else the progress file's as_at, else the strategy's start."""
    fixed = source_date()
    if fixed is not None:
        return fixed
    day = (progress.as_at if progress else None) or strategy.period.start or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day)
