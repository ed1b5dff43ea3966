"""`cpstrat update-form`: a form for service leads, the plan in locked columns and their update in open ones."""

from __future__ import annotations

from pathlib import Path

from cpstrat.commands.outcome import Outcome, failed, usage, write_file
from cpstrat.format.diagnostics import CpstratError


def run(strategy: Path, output: Path, lead: str | None = None) -> Outcome:
    from cpstrat.excel.forms import make_form
    from cpstrat.excel.options import checked_strategy

    try:
        s = checked_strategy(strategy)
    except CpstratError as exc:
        return failed(exc.diagnostics)
    data, count = make_form(s, lead)
    if count == 0:
        leads = sorted({lead for a in s.actions for lead in a.lead})
        return usage(f"--lead '{lead}': no action has this lead; leads in the strategy: {', '.join(leads) or '(none)'}")
    return write_file(output, data) or Outcome(stdout=[f"wrote {output}: {count} action{'s' * (count != 1)} to update"])
