"""`cpstrat review`: what a change in statute asks of a strategy, with dates and citations."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from cpstrat.commands.outcome import Outcome, failed, usage


def render(path: str, strategy, as_at: dt.date, findings) -> list[str]:
    """The review as text an officer reads: one block per change, what to look at, dates and citations."""
    from cpstrat.checks import statute

    start = statute.written(strategy)
    head = (f"{path}: written {start.isoformat() if start else 'on an unknown date'} "
            f"(the start of its period), reviewed as at {as_at.isoformat()}")
    if not findings:
        return [head, "No change in statute recorded since the strategy was written asks anything of it."]
    lines = [head, f"{len(findings)} change{'s' if len(findings) != 1 else ''} in statute since it was written:", ""]
    for f in findings:
        lines.append(f"- {f.what[:1].upper() + f.what[1:]}")
        lines.append(f"    citation: {f.citation}")
        lines.append(f"    when: {f.when}")
        lines.append(f"    look at: {f.todo}")
        if f.actions:
            lines.append(f"    actions mapped to it: {', '.join(f.actions)}")
    return lines


def run(path: Path, as_at: str | dt.date | None = None, as_json: bool = False) -> Outcome:
    from cpstrat.checks import statute
    from cpstrat.checks.run import check

    if isinstance(as_at, str):
        try:
            as_at = dt.date.fromisoformat(as_at)
        except ValueError:
            return usage(f"--as-at {as_at!r}: give a date as YYYY-MM-DD, e.g. 2026-12-01")
    day = as_at or dt.date.today()
    result = check(path, text_rules=False)
    if result.errors:
        return failed(result.errors)
    if result.strategy is None or result.strategy.raw is None:
        return usage(f"{path}: review reads a strategy (strategy.yaml); this folder holds only a local offer")
    findings = statute.review(result.strategy, day)
    out = Outcome()
    if as_json:
        start = statute.written(result.strategy)
        return out.say(json.dumps({"path": result.path, "written": start.isoformat() if start else None,
                                   "as_at": day.isoformat(), "changes": [f.as_dict() for f in findings]},
                                  indent=2, ensure_ascii=False))
    for line in render(result.path, result.strategy, day, findings):
        out.say(line)
    return out
