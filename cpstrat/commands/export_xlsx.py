"""`cpstrat export-xlsx`: the action plan as a spreadsheet, one row per action."""

from __future__ import annotations

from pathlib import Path

from cpstrat.commands.outcome import Outcome, failed, write_file
from cpstrat.format.diagnostics import CpstratError


def run(strategy: Path, output: Path | None = None) -> Outcome:
    from cpstrat.excel.export import export_plan
    from cpstrat.excel.options import checked_strategy

    try:
        s = checked_strategy(strategy)
    except CpstratError as exc:
        return failed(exc.diagnostics)
    target = output or beside(strategy, "action-plan.xlsx")
    return write_file(target, export_plan(s)) or Outcome(stdout=[f"wrote {target}: {len(s.actions)} actions"])


def beside(strategy: Path, name: str) -> Path:
    """A file next to the strategy: in its folder, or beside the single file."""
    return (strategy if strategy.is_dir() else strategy.parent) / name
