"""`cpstrat collect`: returned update forms merged into a progress file; nothing written if any form has an error."""

from __future__ import annotations

from pathlib import Path

from cpstrat.commands.outcome import Outcome, failed, write_file
from cpstrat.format.diagnostics import CpstratError, make


def run(strategy: Path, forms, as_at: str, meeting: str | None = None, output: Path | None = None,
        force: bool = False) -> Outcome:
    from cpstrat.excel.forms import collect_forms, progress_yaml, verify_progress
    from cpstrat.excel.options import checked_strategy, parse_date
    from cpstrat.format.files import display_path

    try:
        s = checked_strategy(strategy)
        day = parse_date("--as-at", as_at)
    except CpstratError as exc:
        return failed(exc.diagnostics)
    target = output or (strategy if strategy.is_dir() else strategy.parent) / "progress" / f"{day.isoformat()}.yaml"
    if target.exists() and not force:
        return failed([make("CP081", display_path(target))])
    updates, diagnostics = collect_forms(s, [(f, display_path(f)) for f in forms])
    if any(d.severity == "error" for d in diagnostics):
        return failed(diagnostics, code=max(d.exit_code for d in diagnostics))
    text = progress_yaml(s, updates, day, meeting, [f.name for f in forms])
    problems = [d for d in verify_progress(s, text, display_path(target)) if d.severity == "error"]
    if problems:
        return failed(problems, code=1)
    out = Outcome(stderr=list(diagnostics))
    problem = write_file(target, text.encode("utf-8"))
    if problem:
        return problem
    return out.say(f"wrote {target}: {len(updates)} update{'s' * (len(updates) != 1)} from {len(forms)} "
                   f"form{'s' * (len(forms) != 1)}")
