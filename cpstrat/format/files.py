"""Writing output files atomically: a temporary file beside the target, then rename.

An interrupted run therefore leaves either the old file or the new one, never
half of one.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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


def document_time(strategy, progress) -> dt.datetime:
    """The date written into every output's properties, never the wall clock: SOURCE_DATE_EPOCH when set
    (reproducible builds), else the progress file's as_at, else the strategy's start."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    day = (progress.as_at if progress else None) or strategy.period.start or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day)
