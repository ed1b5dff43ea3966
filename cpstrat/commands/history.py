"""`cpstrat history`: the commits in which an action changed, and what changed."""

from __future__ import annotations

import json
from pathlib import Path

from cpstrat.commands.outcome import Outcome, failed
from cpstrat.format.diagnostics import CpstratError

FORMATS = ("text", "json")


def run(action: str, path: Path = Path("."), format: str = "text") -> Outcome:
    from cpstrat.git.history import history
    from cpstrat.outputs.text.history import render

    try:
        entries = history(action, path)
    except CpstratError as exc:
        return failed(exc.diagnostics)
    if format == "json":
        return Outcome(stdout=[json.dumps({"action": action, "commits": [e.to_json() for e in entries]},
                                          indent=2, ensure_ascii=False)])
    return Outcome(stdout=[render(action, entries)])
