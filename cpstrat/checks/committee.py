"""The council's own committee paper: each progress file's `sections:` against the strategy's headings.

A `sections:` key that is no heading is an error (its text would print nowhere); a heading that
gets no text is a warning naming it (the paper would go out with an empty heading).
"""

from __future__ import annotations

from cpstrat.checks.findings import Findings
from cpstrat.format import committee, model
from cpstrat.format.diagnostics import listing
from cpstrat.format.load import Map

# What a heading naming a part is filled from, said in the warning's hint.
_KEYS = {"background_papers": "background_papers", "contact": "contact",
         **{part: f"implications: {{{part}: ...}}" for part in committee.IMPLICATION_PARTS}}
_KEYS.update(risks="risks", safeguarding="safeguarding")


def check(s: model.Strategy, found: Findings) -> None:
    headings = list(s.committee.headings)
    _twice(s, headings, found)
    for progress in s.progress:
        if progress.raw is None:
            continue
        sections = progress.raw.get("sections")
        if isinstance(sections, Map):
            _unknown(s, progress, sections, headings, found)
        if headings:
            _empty(s, progress, headings, found)


def _twice(s: model.Strategy, headings: list[str], found: Findings) -> None:
    """A heading listed twice (as matched: case, a closing colon or a number aside) is an error: the paper would
    print it twice, with the same text under both."""
    committee_raw = s.raw.get("committee") if s.raw is not None else None
    listed = committee_raw.get("headings") if isinstance(committee_raw, Map) else None
    seen: dict[str, str] = {}
    for index, heading in enumerate(headings):
        first = seen.setdefault(committee.normal(heading), heading)
        if first is not heading:
            found.at("CP242", s.path, listed, index, heading=heading, first=first)


def _unknown(s: model.Strategy, progress: model.Progress, sections: Map, headings: list[str],
             found: Findings) -> None:
    for key in sections:
        if committee.sections_key({h: h for h in headings}, str(key)) is not None:
            continue
        if headings:
            hint = (f"the council's headings (committee: headings: in {s.path}): {listing(headings)}; "
                    "write the key as its heading is written, or add the heading there")
        else:
            hint = (f"the strategy ({s.path}) declares no headings; list the council's report headings under "
                    "`committee: headings:` there")
        found.at("CP240", progress.path, sections, key, at_key=True, key=key,
                 suggestion=found.suggest(str(key), headings), hint=hint)


def _empty(s: model.Strategy, progress: model.Progress, headings: list[str], found: Findings) -> None:
    raw = progress.raw
    for heading in headings:
        if committee.sections_key(progress.sections, heading) is not None or _filled(s, progress, heading):
            continue
        part = committee.part_of(heading)
        said = f" (or as `{_KEYS[part]}` in the progress file)" if part in _KEYS else ""
        sections = raw.get("sections")
        written = committee.sections_key(sections, heading) if isinstance(sections, Map) else None
        if written is not None:  # given, with nothing under it: at its key
            found.at("CP241", progress.path, sections, written, at_key=True, heading=heading, part=said)
            continue
        place = "sections" if "sections" in raw else "as_at" if "as_at" in raw else next(iter(raw), None)
        if place is None:
            found.add("CP241", progress.path, 1, 1, heading=heading, part=said)
        else:
            found.at("CP241", progress.path, raw, place, at_key=True, heading=heading, part=said)


def _filled(s: model.Strategy, progress: model.Progress, heading: str) -> bool:
    """Whether the part a heading names has something to print (recommendations and progress always have)."""
    part = committee.part_of(heading)
    if part is None:
        return False
    if part in committee.IMPLICATION_PARTS:
        return bool(getattr(progress.implications, part, "") or getattr(progress, part, ""))
    if part == "implications":
        return any(getattr(progress.implications, p, "") or getattr(progress, p, "")
                   for p in committee.IMPLICATION_PARTS)
    if part == "background_papers":
        return bool(progress.background_papers)
    if part == "contact":
        c = progress.contact
        return bool(c.name or c.role or c.email or c.phone)
    if part == "indicators":
        return bool(s.indicators)
    if part == "measures":
        return bool(s.measures())
    return True
