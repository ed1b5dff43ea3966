"""An action's one current status, and where it lives.

The rule every document, export, form and `history` keeps: an action's current
status is the one the newest progress file that gives it a status gives; before
any progress file does, it is the strategy's `status`. A progress file is where a
board is told a status, so once one has, the strategy's `status` is only the
starting point.
"""

from __future__ import annotations

import os
from typing import Any

from cpstrat.format import model, types


def current(strategy: model.Strategy, action: model.Action) -> tuple[str, model.Progress | None]:
    """(the action's current status, the progress file it lives in, or None when it lives in the strategy)."""
    for report in reversed(strategy.progress):
        update = report.update_for(action.id)
        if update is not None and update.status:
            return update.status, report
    return action.status, None


def in_words(status: str, words: dict[str, Any] | None = None) -> str:
    """A status as people write it: "at-risk" -> "At risk" (the words every document prints); a council's own
    status word (from status_words) is read as the status it stands for first."""
    status = (words or {}).get(status, status)
    return status.replace("-", " ").capitalize() if status in types.STATUSES else status


def as_issued(report: model.Progress, strategy: model.Strategy, chain: list[Any], issued: dict[str, Any]) -> tuple[Any, ...]:
    """(the plan, the run of reports up to `report`) as `report` was issued: from its record (issued:
    {progress file name: the strategy as that paper was issued}) when it is an issued paper with one, else as
    the files stand (`strategy`, and `chain`, the reports up to it)."""
    name = os.path.basename(report.path)
    record = issued.get(name) if report.issued else None
    if record is None:
        return strategy, chain
    reports = list(record.progress)
    at = next((i for i, p in enumerate(reports) if os.path.basename(p.path) == name), None)
    return (record, reports[: at + 1]) if at is not None else (strategy, chain)


def at_each_report(strategy: model.Strategy, action_id: str, issued: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """(report, the action's status at it as the report was issued) for each report that has the action."""
    out = []
    reports = list(strategy.progress)
    for i, report in enumerate(reports):
        plan, chain = as_issued(report, strategy, reports[: i + 1], issued or {})
        action = next((a for a in plan.actions if a.id == action_id), None)
        if action is None:
            continue
        status = action.status
        for earlier in chain:
            update = earlier.update_for(action_id)
            if update is not None and update.status:
                status = update.status
        out.append((report, status))
    return out
