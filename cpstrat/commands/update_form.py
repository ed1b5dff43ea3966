"""`cpstrat update-form`: a form for service leads, the plan in locked columns and their update in open ones."""

from __future__ import annotations

from pathlib import Path

from cpstrat.commands.outcome import Outcome, failed, usage, write_file
from cpstrat.format.diagnostics import CpstratError


def run(strategy: Path, output: Path, lead: str | None = None, each_lead: bool = False) -> Outcome:
    from cpstrat.excel.forms import make_form
    from cpstrat.excel.options import checked_strategy

    if each_lead and lead is not None:
        return usage("--lead and --each-lead: give one (--each-lead writes a form for every lead)")
    try:
        s = checked_strategy(strategy)
    except CpstratError as exc:
        return failed(exc.diagnostics)
    if each_lead:
        return _each_lead(s, output)
    data, count = make_form(s, lead)
    if count == 0:
        leads = sorted({lead for a in s.actions for lead in a.lead})
        return usage(f"--lead '{lead}': no action has this lead; leads in the strategy: {', '.join(leads) or '(none)'}")
    return write_file(output, data) or Outcome(stdout=[f"wrote {output}: {count} action{'s' * (count != 1)} to update"])


def _each_lead(s, folder: Path) -> Outcome:
    """One form per lead in `folder`, each named by its lead (forms.lead_file_names); every form is made
    before the first is written, so a problem leaves no half set."""
    from cpstrat.excel.forms import lead_file_names, make_form

    if folder.exists() and not folder.is_dir():
        return usage(f"{folder}: --each-lead writes a folder of forms, and this is a file; give a folder with -o")
    names = lead_file_names(s)
    forms = [(lead, folder / name, *make_form(s, lead)) for lead, name in names]
    out = Outcome()
    for lead, target, data, count in forms:
        problem = write_file(target, data)
        if problem:
            return problem
        who = lead or "the actions with no lead"
        out.stdout.append(f"wrote {target}: {count} action{'s' * (count != 1)} for {who}")
    return out
