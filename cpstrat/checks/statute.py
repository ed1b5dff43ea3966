"""What a change in statute asks of a strategy: `cpstrat review`, and check's CP126.

A strategy is taken to be written when its period starts (a strategy records
no other date). Every change recorded in the data after that day is listed:
a framework amended, a principle reworded (with the actions mapped to it), a
local offer area or arrangement inserted, a duty added beside the principles
(collaboration with relevant authorities). Each item carries its citation,
the day it was enacted, and whether it is in force on the review date; what
cannot be confirmed in the data (a commencement date) is said so, not guessed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from cpstrat.format import frameworks, local_offer, model
from cpstrat.format.diagnostics import Diagnostic, make
from cpstrat.format.load import key_pos


@dataclass
class Finding:
    kind: str  # principle, framework, local-offer-area, local-offer-arrangement, local-offer-duty, duty
    what: str  # a sentence an officer reads
    citation: str
    enacted: dt.date | None
    commencement: dt.date | None
    in_force: bool
    todo: str  # what in the strategy needs another look
    actions: list[str] = field(default_factory=list)  # action ids mapped to a changed principle

    @property
    def when(self) -> str:
        parts = [f"enacted {self.enacted.isoformat()}"] if self.enacted else []
        if self.in_force:
            parts.append(f"in force from {self.commencement.isoformat()}" if self.commencement else "in force")
        elif self.commencement:
            parts.append(f"comes into force on {self.commencement.isoformat()}")
        else:
            parts.append("not yet in force (commencement date not confirmed)")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "what": self.what, "citation": self.citation,
                "enacted": self.enacted.isoformat() if self.enacted else None,
                "commencement": self.commencement.isoformat() if self.commencement else None,
                "in_force": self.in_force, "when": self.when, "todo": self.todo, "actions": self.actions}


def written(strategy: model.Strategy) -> dt.date | None:
    return strategy.period.start


def _after(day: dt.date | None, *dates: dt.date | None) -> bool:
    """A change dated after the strategy was written (the first date known counts; none known: not listed)."""
    known = next((d for d in dates if d is not None), None)
    return known is not None and (day is None or known > day)


def review(strategy: model.Strategy, as_at: dt.date) -> list[Finding]:
    """Every change in statute since the strategy was written that asks something of it."""
    start = written(strategy)
    out: list[Finding] = []
    fw = strategy.statute()
    if fw is not None:
        _framework(strategy, fw, start, as_at, out)
        if fw.jurisdiction == "England":
            _duties(strategy, start, as_at, out)
            _local_offer(strategy, start, as_at, out)
    # an Act not yet passed on the review date asks nothing yet
    return [f for f in out if (f.enacted or f.commencement or as_at) <= as_at]


def _framework(strategy: Any, fw: Any, start: Any, as_at: Any, out: Any) -> None:
    for a in fw.amended_by:
        if _after(start, a.enacted, a.commencement):
            out.append(Finding("framework", f"{fw.citation} amended: {a.effect}", a.by, a.enacted, a.commencement,
                               a.in_force(as_at), "read the amended section and check the strategy still "
                               "describes the duty as it now is"))
    for p in fw.principles:
        for a in p.amendments:
            if not _after(start, a.enacted, a.commencement):
                continue
            mapped = [act.id for act in strategy.actions if p.id in act.principles]
            out.append(Finding(
                "principle", f"principle '{p.id}' ({p.title}) reworded: it now reads \u201c{p.wording}\u201d"
                + (f", where it read \u201c{a.previous}\u201d" if a.previous else ""),
                f"{p.citation}, amended by {a.by}", a.enacted, a.commencement, a.in_force(as_at),
                f"check the {len(mapped)} action{'s' if len(mapped) != 1 else ''} mapped to it still serve "
                "the principle as reworded" if mapped else "no action is mapped to it: add one", mapped))


def _duties(strategy: Any, start: Any, as_at: Any, out: Any) -> None:
    for fw in frameworks.available().values():
        for d in fw.duties:
            if "local authorities in England" not in d.applies_to or not _after(start, _date(fw.enacted)):
                continue
            named = [c.authority for c in strategy.collaboration]
            todo = (f"the strategy records collaboration with {', '.join(named)}: check it covers the "
                    "relevant authorities the council works with" if named else
                    "record the relevant authorities the council collaborates with under `collaboration:`")
            out.append(Finding("duty", f"new duty: {d.title.lower()}: {d.wording}", d.citation,
                               _date(fw.enacted), d.commencement, d.in_force(as_at), todo))


def _local_offer(strategy: Any, start: Any, as_at: Any, out: Any) -> None:
    statute = local_offer.statute()
    lo = strategy.local_offer
    covered = {o.area for o in lo.offers} if lo else set()
    described = set(lo.arrangements) if lo else set()
    none = "the strategy folder has no local-offer.yaml: write one that covers it (see docs/local-offer.md)"
    for duty in statute.duties:
        if _after(start, duty.enacted, duty.commencement):
            out.append(Finding("local-offer-duty", f"the local offer must also publish {duty.wording}",
                               _cite(statute, duty), duty.enacted, duty.commencement, duty.in_force(as_at),
                               "describe the arrangements in local-offer.yaml under `arrangements:`"
                               if lo else none))
    for area in statute.areas:
        if not _after(start, area.enacted, area.commencement):
            continue
        todo = none if lo is None else ("an offer covers it" if area.id in covered
                                        else f"no offer covers it: add one with `area: {area.id}`")
        out.append(Finding("local-offer-area", f"new local offer area: services relating to {area.wording}",
                           _cite(statute, area), area.enacted, area.commencement, area.in_force(as_at), todo))
    for item in statute.arrangements:
        if not _after(start, item.enacted, item.commencement):
            continue
        todo = none if lo is None else ("described" if item.id in described
                                        else f"not described: add `arrangements: {{{item.id}: ...}}`")
        out.append(Finding("local-offer-arrangement", f"the local offer must describe the arrangements for "
                           f"{item.title.lower()}", _cite(statute, item), item.enacted, item.commencement,
                           item.in_force(as_at), todo))


def _cite(statute: Any, provision: Any) -> str:
    text = f"{statute.act} {provision.citation}"
    return f"{text}, inserted by {provision.inserted_by}" if provision.inserted_by else text


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def changed_in_force(strategy: model.Strategy, as_at: dt.date) -> list[Diagnostic]:
    """CP126: one warning per change in force on as_at that came after the strategy was written.

    Only for a strategy still running on as_at: one whose period has ended is a record, not a plan
    anyone revises (review still lists its changes when asked).
    """
    start = written(strategy)
    if strategy.raw is None or start is None:
        return []
    if strategy.period.end is not None and strategy.period.end < as_at:
        return []
    changes = [f for f in review(strategy, as_at) if f.in_force and f.todo not in ("an offer covers it", "described")]
    if not changes:
        return []  # the position is looked up only for a warning: finding it reads the file's positions
    line, col = key_pos(strategy.raw, "period")
    return [make("CP126", strategy.path, line, col, what=f.what[:1].upper() + f.what[1:], citation=f.citation,
                 when=f.when, written=start.isoformat(), path=_folder(strategy.path)) for f in changes]


def _folder(path: str) -> str:
    from pathlib import Path

    p = Path(path)
    return str(p.parent) if p.name == "strategy.yaml" else path
