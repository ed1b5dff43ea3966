"""`cpstrat git-setup`: make `git diff` and `git log -p` show strategies through `cpstrat textconv`."""

from __future__ import annotations

from pathlib import Path

from cpstrat.commands.outcome import Outcome, failed
from cpstrat.format.diagnostics import CpstratError


def run(root: Path, command: str | None = None, shared: bool = True) -> Outcome:
    from cpstrat.git.setup import setup

    try:
        return Outcome(stdout=list(setup(root, command, shared)))
    except CpstratError as exc:
        return failed(exc.diagnostics)
