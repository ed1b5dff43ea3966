"""The `cpstrat review` command: what a change in statute asks of a strategy, with dates and citations."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path


def render(result, as_at: dt.date, findings) -> str:
    """The review as text an officer reads: one block per change, what to look at, dates and citations."""
    from cpstrat.checks import statute

    s = result.strategy
    start = statute.written(s)
    head = (f"{result.path}: written {start.isoformat() if start else 'on an unknown date'} "
            f"(the start of its period), reviewed as at {as_at.isoformat()}")
    if not findings:
        return head + "\nNo change in statute recorded since the strategy was written asks anything of it."
    lines = [head, f"{len(findings)} change{'s' if len(findings) != 1 else ''} in statute since it was written:", ""]
    for f in findings:
        lines.append(f"- {f.what[:1].upper() + f.what[1:]}")
        lines.append(f"    citation: {f.citation}")
        lines.append(f"    when: {f.when}")
        lines.append(f"    look at: {f.todo}")
        if f.actions:
            lines.append(f"    actions mapped to it: {', '.join(f.actions)}")
    return "\n".join(lines)


def run_review(path: Path, as_at: dt.date | None = None, fmt: str = "text") -> int:
    """Print what needs another look in one strategy; 0, or the check's exit code when it cannot be read."""
    from cpstrat.checks import statute
    from cpstrat.checks.validate import check

    as_at = as_at or dt.date.today()
    result = check(path, text_rules=False)
    if result.strategy is None or result.strategy.raw is None or result.errors:
        for d in result.errors or result.diagnostics:
            print(f"{d.file}:{d.line}:{d.column}: {d.severity} {d.code} {d.message}\n    hint: {d.hint}",
                  file=sys.stderr)
        if result.strategy is not None and result.strategy.raw is None and not result.errors:
            print(f"{path}: review reads a strategy (strategy.yaml); this folder holds only a local offer",
                  file=sys.stderr)
            return 2
        return result.exit_code or 1
    findings = statute.review(result.strategy, as_at)
    if fmt == "json":
        start = statute.written(result.strategy)
        print(json.dumps({"path": result.path, "written": start.isoformat() if start else None,
                          "as_at": as_at.isoformat(), "changes": [f.as_dict() for f in findings]},
                         indent=2, ensure_ascii=False))
    else:
        print(render(result, as_at, findings))
    return 0
