"""`cpstrat textconv`: a strategy or progress file in a stable, line-per-value form, for `git diff`."""

from __future__ import annotations

from pathlib import Path

from cpstrat.commands.outcome import Outcome


def run(file: Path) -> Outcome:
    from cpstrat.git.textconv import convert

    data, problem = convert(file)
    if problem:
        return Outcome(2, stderr=[problem])
    return Outcome(stdout=[data])
