"""`cpstrat history`: the commits in which an action changed, and what changed."""

from __future__ import annotations

from pathlib import Path

from cpstrat.commands.outcome import Outcome, failed
from cpstrat.format.diagnostics import CpstratError


def run(action: str, path: Path = Path("."), format: str = "text") -> Outcome:
    from cpstrat.git.history import history
    from cpstrat.outputs.registry import renderer

    try:
        entries = history(action, path)
    except CpstratError as exc:
        return failed(exc.diagnostics)
    now = _now(action, Path(path))
    return Outcome(stdout=[renderer("history", format)(action, entries, now)])


def _now(action_id: str, path: Path) -> dict:
    """The action's one current status as the files stand, and its status at each report as issued
    (analysis.status: what every document shows); empty when the strategy cannot be read now."""
    from cpstrat.analysis.status import at_each_report, current
    from cpstrat.checks.run import check
    from cpstrat.git.records import Snapshots

    result = check(path, text_rules=False)
    s = result.strategy
    if s is None or s.raw is None:
        return {}
    action = next((a for a in s.actions if a.id == action_id), None)
    snapshots = Snapshots(path if path.is_dir() else path.parent)
    try:
        issued = snapshots.as_issued([p for p in s.progress if p.issued])
    except CpstratError:
        issued = {}  # `check` and `build` say why; the reports are read as their files stand
    finally:
        snapshots.close()
    reports = [{"as_at": p.as_at.isoformat() if p.as_at else None, "status": status or None}
               for p, status in at_each_report(s, action_id, issued)]
    if action is None:
        return {"current_status": None, "reports": reports}
    status, source = current(s, action)
    return {"current_status": {"status": status or None, "from": source.path if source is not None else s.path},
            "reports": reports}
