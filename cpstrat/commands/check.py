"""`cpstrat check`: validate strategies and their progress files; report in text or a CI format."""

from __future__ import annotations

from cpstrat.commands.outcome import Outcome, terminal


def run(paths, format: str = "text", strict: bool = False, colour: bool = False, quiet: bool = False) -> Outcome:
    """Check every strategy named; quiet leaves the warnings out of the report (unless strict, where they fail)."""
    from cpstrat.checks.batch import check_all
    from cpstrat.format.files import expand
    from cpstrat.outputs.registry import renderer

    results = check_all(expand(paths))
    for result in results:
        if result.strategy is not None and any(p.issued for p in result.strategy.progress):
            from cpstrat.git.records import changed_since_issued

            result.add(changed_since_issued(result.strategy))
    if quiet and not strict:
        for result in results:
            result.diagnostics = result.errors
    out = renderer("check", format)(results, strict, colour)
    if colour:
        out = terminal(out)
    code = max((r.exit_code or (0 if r.ok(strict) else 1) for r in results), default=0)
    return Outcome(code, stdout=[out])
