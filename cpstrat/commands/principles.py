"""`cpstrat principles`: a framework's statutory principles with their wording and citation."""

from __future__ import annotations

import json

from cpstrat.commands.outcome import USAGE, Outcome, failed, unknown_framework
from cpstrat.format import frameworks
from cpstrat.format.diagnostics import CpstratError


def run(framework: str = frameworks.DEFAULT, list_all: bool = False, as_json: bool = False) -> Outcome:
    known = frameworks.available()
    out = Outcome()
    if list_all:
        for each in known.values():
            out.say(frameworks.summary(each))
        return out
    if frameworks.is_file(framework):  # a council's own framework file, e.g. frameworks/our-own.yaml
        try:
            fw = frameworks.require(framework)
        except CpstratError as exc:
            return failed(exc.diagnostics, code=USAGE)
    elif framework not in known:
        return unknown_framework(framework, known)
    else:
        fw = known[framework]
    if as_json:
        return out.say(json.dumps({
            "id": fw.id, "act": fw.act, "citation": fw.citation, "source": fw.source, "status": fw.status,
            "commencement": fw.commencement or None, **frameworks.law(fw),
            "principles": [{"id": p.id, "ref": p.ref, "citation": p.citation, "title": p.title,
                            "wording": p.wording} for p in fw.principles],
        }, indent=2, ensure_ascii=False))
    out.say(f"{fw.citation} ({fw.when()})")
    out.say(f"{fw.source}\n")
    for p in fw.principles:
        out.say(f"{p.id:<22} {p.citation:<10} {p.title}\n{'':<33} {p.wording}")
    return out
