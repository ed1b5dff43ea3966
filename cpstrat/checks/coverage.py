"""Coverage: every action serves a principle; every principle, priority, ask and pledge has an action.

Also whether a progress report considered each kind of implication. Reads the model.
"""

from __future__ import annotations

from typing import Any

from cpstrat.checks.findings import Findings
from cpstrat.format import model, schema
from cpstrat.format.load import Seq, key_pos


def check(s: model.Strategy, found: Findings) -> None:
    actions_without_principle(s, found)
    things_without_action(s, found)
    for progress in s.progress:
        implications(progress, found)
        cover(progress, found)


def actions_without_principle(s: model.Strategy, found: Findings) -> None:
    """CP031: an action that lists no principle (the key missing, empty or null).

    The hint lists the principles of the strategy's own framework, and its local ones."""
    allowed = ", ".join(p.id for p in s.principles())
    for action in s.actions:
        raw = action.raw
        if raw is None:
            continue
        value = raw.get("principles")
        if value is None or (isinstance(value, Seq) and not value):
            line, col = key_pos(raw, "principles") if "principles" in raw else (getattr(raw, "line", 0),
                                                                                 getattr(raw, "column", 0))
            found.add("CP031", s.path, line, col, id=_label(s, raw), allowed=allowed)


def _label(s: model.Strategy, raw: dict[Any, Any]) -> str:
    ident = raw.get("id")
    if isinstance(ident, str) and ident:
        return ident
    number = next((i for i, item in enumerate(s.raw.get("actions") or ()) if item is raw), 0) + 1
    return f"item {number} of 'actions' of the strategy"


def things_without_action(s: model.Strategy, found: Findings) -> None:
    used_principles = {p for a in s.actions for p in a.principles}
    for p in s.principles():
        if p.id not in used_principles and s.actions:
            line, col = key_pos(s.raw, "actions")
            found.add("CP041", s.path, line, col, id=p.id, title=p.title)
    answered = {ask for a in s.actions for ask in a.responds_to}
    for _, ask in s.asks():
        if ask.id and ask.id not in answered:
            found.at("CP042", s.path, ask.raw, "id", id=ask.id, text=ask.text)
    delivered = {p for a in s.actions for p in a.priorities}
    for priority in s.priorities:
        if priority.id and priority.id not in delivered:
            found.at("CP043", s.path, priority.raw, "id", id=priority.id, title=priority.title)
    promised = {p for a in s.actions for p in a.pledges}
    for pledge in s.pledges:
        if pledge.id and pledge.id not in promised:
            found.at("CP107", s.path, pledge.raw, "id", id=pledge.id, text=pledge.text)


# What a committee report's cover block shows, as (what, key to add); the meeting's date only when
# the meeting is given in its structured form (a line of text may carry the date in words).
COVER = (("the meeting it goes to", "`meeting:`"), ("the date of the meeting", "`meeting: {date: ...}`"),
         ("whose report it is", "`report_of:`"), ("a contact officer", "`contact:`"))


def cover(progress: model.Progress, found: Findings) -> None:
    """CP109: one warning naming every cover field a board paper needs that the progress file leaves out."""
    meeting = progress.meeting
    given = {
        "the meeting it goes to": bool(meeting),
        "the date of the meeting": isinstance(meeting, str) or bool(getattr(meeting, "date", None)),
        "whose report it is": bool(progress.report_of),
        "a contact officer": bool(progress.contact) and any(
            getattr(progress.contact, k, "") for k in ("name", "role", "email")),
    }
    missing = [(what, key) for what, key in COVER if not given[what]]
    if not missing:
        return
    words = [what for what, _ in missing]
    said = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    line, col = key_pos(progress.raw, "as_at") if progress.raw is not None and "as_at" in progress.raw else (1, 1)
    found.add("CP109", progress.path, line, col, missing=said, keys=", ".join(key for _, key in missing))


def implications(progress: model.Progress, found: Findings) -> None:
    missing = [(key, words) for key, words in schema.IMPLICATIONS.items() if not getattr(progress.implications, key)]
    if not missing:
        return  # the position is looked up only for a warning: finding it reads the file's positions
    raw = progress.raw
    line, col = key_pos(raw, "implications") if "implications" in raw else (1, 1)
    for key, words in missing:
        found.add("CP045", progress.path, line, col, section=words, key=key)
