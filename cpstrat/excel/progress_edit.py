"""One line of a progress file changed: an action's status set, the rest of the file as written.

Used by `import-xlsx --into` when an action's current status lives in the latest
progress file (analysis.status): its `status:` value is replaced in place, or a
`status:` line added under the update's `action:`, or a new update added at the
top of `updates:`. Comments, layout and every other value stay as they are. A
layout where a line edit could go wrong (flow style, a value over several lines)
is refused (Unsafe), and the officer is told which file to edit.
"""

from __future__ import annotations

import re

from cpstrat.format import model
from cpstrat.format.load import Map, Seq, key_pos, value_pos

# A plain scalar status value, and whatever follows it on the line (a comment).
_VALUE = re.compile(r"(?P<value>[^\s#'\"][^#]*?|'[^']*'|\"[^\"]*\")(?P<rest>\s+#.*)?\Z")


class Unsafe(Exception):
    """The file's layout is not one a line edit can change safely."""


def set_status(report: model.Progress, text: str, action_id: str, status: str) -> str:
    lines = text.split("\n")
    raw = report.raw
    if not isinstance(raw, Map):
        raise Unsafe("it could not be read")
    updates = raw.get("updates")
    if updates is None or (isinstance(updates, Seq) and not updates):
        return _new_list(lines, raw, action_id, status)
    if not isinstance(updates, Seq) or _flow(lines, updates.line, updates.column, "["):
        raise Unsafe("its updates are written in flow style ([...])")
    update = next((u for u in updates if isinstance(u, Map) and u.get("action") == action_id), None)
    if update is None:  # a new update first, straight under `updates:` (above any comment on the next)
        _, column = updates.pos[0]
        key_line = key_pos(raw, "updates")[0]
        dash = " " * max(column - 3, 0)
        lines[key_line:key_line] = [f"{dash}- action: {action_id}", f"{dash}  status: {status}"]
        return "\n".join(lines)
    if _flow(lines, update.line, update.column, "{"):
        raise Unsafe(f"the update for {action_id} is written in flow style ({{...}})")
    if "status" in update:
        line, column = value_pos(update, "status")
        head, tail = lines[line - 1][:column - 1], lines[line - 1][column - 1:]
        found = _VALUE.match(tail)
        if found is None:
            raise Unsafe(f"the status of {action_id} is not a one-line value")
        lines[line - 1] = head + status + (found.group("rest") or "")
        return "\n".join(lines)
    line, column = key_pos(update, "action")
    vline, _ = value_pos(update, "action")
    if vline != line:
        raise Unsafe(f"the action id of the update for {action_id} is not on the line of its key")
    lines.insert(line, " " * (column - 1) + f"status: {status}")
    return "\n".join(lines)


def _flow(lines: list[str], line: int, column: int, opener: str) -> bool:
    return 0 < line <= len(lines) and lines[line - 1][column - 1:column] == opener


def _new_list(lines: list[str], raw: Map, action_id: str, status: str) -> str:
    """`updates:` with one update, in place of `updates: []` or at the end of the file."""
    block = ["updates:", f"  - action: {action_id}", f"    status: {status}"]
    if "updates" in raw:
        line, column = key_pos(raw, "updates")
        if column != 1 or not re.fullmatch(r"updates:\s*(\[\s*\])?\s*(#.*)?", lines[line - 1]):
            raise Unsafe("its `updates:` line is not one a line edit can change")
        lines[line - 1:line] = block
        return "\n".join(lines)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join([*lines, *block, ""])
