"""Files on disk: where a strategy's files are and how paths are shown (writing them: cpstrat.util.files)."""

from __future__ import annotations

import datetime as dt
import glob
import os
from pathlib import Path
from typing import Any

from cpstrat.format.diagnostics import CpstratError, Diagnostic, make

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


def expand(paths: Any) -> list[Path]:
    """Each argument as strategies: globs expanded, and a folder of strategy folders opened up."""

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


def document_time(strategy: Any, progress: Any) -> dt.datetime:
    """The date written into every output's properties, never the wall clock: SOURCE_DATE_EPOCH when set
    (reproducible builds), else the progress file's as_at, else the strategy's start."""
    fixed = source_date()
    if fixed is not None:
        return fixed
    day = (progress.as_at if progress else None) or strategy.period.start or dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day)
