"""Statutory frameworks: each is one YAML data file in this folder.

Adding a framework (Northern Ireland, Wales, a later amendment in England)
means adding one file here; no code names a principle. A framework records
the law as it changes: which Act and section it comes from, when it came (or
comes) into force, what amended it, and for a principle whose wording an
amendment changed, the wording before and the day it changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources

DEFAULT = "england-2017"


@dataclass(frozen=True)
class Amendment:
    """One change made by a later Act: to a whole framework, or to one principle's wording."""

    by: str  # the amending Act and provision
    effect: str = ""  # what it does, in words
    status: str = "in-force"  # "in-force" or "prospective"
    commencement: dt.date | None = None
    previous: str = ""  # a principle's wording before the change
    wording_source: str = ""  # where the text was read, when it is not the enacted Act
    enacted: dt.date | None = None  # Royal Assent of the amending Act

    def in_force(self, day: dt.date | None) -> bool:
        return in_force(self.status, self.commencement, day)


@dataclass(frozen=True)
class Principle:
    id: str
    title: str
    wording: str
    ref: str = ""  # e.g. "(a)"
    citation: str = ""  # e.g. "s.1(1)(a)"
    local: bool = False  # declared by the strategy, not by statute
    amendments: tuple[Amendment, ...] = ()


@dataclass(frozen=True)
class Duty:
    """A duty the framework's Act places beside the principles (e.g. to collaborate)."""

    id: str
    title: str
    wording: str
    citation: str
    applies_to: str = ""
    status: str = "in-force"
    commencement: dt.date | None = None
    wording_source: str = ""

    def in_force(self, day: dt.date | None) -> bool:
        return in_force(self.status, self.commencement, day)


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    act: str
    citation: str
    source: str
    jurisdiction: str
    status: str  # "in-force" or "prospective"
    commencement: str  # YYYY-MM-DD, or "" when not confirmed
    preamble: str
    principles: tuple[Principle, ...]
    applies_to: str = ""
    enacted: str = ""  # Royal Assent, YYYY-MM-DD, when recorded
    wording_source: str = ""  # where the wording was read, when it is not the enacted Act
    amended_by: tuple[Amendment, ...] = ()
    duties: tuple[Duty, ...] = ()

    def ids(self) -> list[str]:
        return [p.id for p in self.principles]

    def get(self, pid: str) -> Principle | None:
        return next((p for p in self.principles if p.id == pid), None)

    def when(self) -> str:
        """When the framework applies, in words: 'in force from 2018-04-01', or that it is not yet."""
        if self.status == "in-force":
            return f"in force from {self.commencement}" if self.commencement else "in force"
        start = f"comes into force on {self.commencement}" if self.commencement else \
            "not yet in force (commencement date not confirmed)"
        return f"enacted {self.enacted}, {start}" if self.enacted else start


def in_force(status: str, commencement: dt.date | None, day: dt.date | None) -> bool:
    """Whether a provision applied on `day`: in force with no date known applies on every day."""
    if status != "in-force":
        return False
    return commencement is None or day is None or day >= commencement


def _date(value) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return None


def _text(value) -> str:
    return "" if value is None else str(value)


def _amendment(data: dict) -> Amendment:
    return Amendment(by=data["by"], effect=data.get("effect", ""), status=data.get("status", "in-force"),
                     commencement=_date(data.get("commencement")), previous=data.get("previous", ""),
                     wording_source=data.get("wording_source", ""), enacted=_date(data.get("enacted")))


def parse(data: dict) -> Framework:
    """A framework from its YAML data."""
    principles = tuple(
        Principle(p["id"], p["title"], p["wording"], p.get("ref", ""), p.get("citation", ""),
                  amendments=tuple(_amendment(a) for a in p.get("amended_by") or ()))
        for p in data["principles"]
    )
    duties = tuple(
        Duty(d["id"], d["title"], d["wording"], d["citation"], d.get("applies_to", ""), d.get("status", "in-force"),
             _date(d.get("commencement")), d.get("wording_source", ""))
        for d in data.get("duties") or ()
    )
    fields = {k: _text(data.get(k)) for k in
              ("id", "title", "act", "citation", "source", "jurisdiction", "status", "commencement", "preamble",
               "applies_to", "enacted", "wording_source")}
    return Framework(**fields, principles=principles, duties=duties,
                     amended_by=tuple(_amendment(a) for a in data.get("amended_by") or ()))


@cache
def available() -> dict[str, Framework]:
    """Every framework shipped with cpstrat, by id."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            fw = parse(yaml.load(entry.read_text("utf-8"), Loader=loader))
            out[fw.id] = fw
    return out


def summary(fw: Framework) -> str:
    """One line for `principles --list`: id, citation, when it applies, for whom, and any amendment."""
    line = f"{fw.id}\t{fw.citation}; {fw.when()}; {len(fw.principles)} principles"
    if fw.applies_to:
        line += f"; for {fw.applies_to}"
    for a in fw.amended_by:
        line += f"; amended by {a.by} ({'in force' if a.in_force(None) else 'not yet in force'})"
    if fw.wording_source:
        line += f"; wording: {fw.wording_source}"
    return line


def law(fw: Framework) -> dict:
    """The framework's history as plain data (for --json)."""
    def amendment(a: Amendment) -> dict:
        return {"by": a.by, "effect": a.effect, "status": a.status,
                "commencement": a.commencement.isoformat() if a.commencement else None,
                "previous": a.previous or None, "wording_source": a.wording_source or None,
                "enacted": a.enacted.isoformat() if a.enacted else None}

    return {
        "applies_to": fw.applies_to or None, "enacted": fw.enacted or None,
        "wording_source": fw.wording_source or None,
        "amended_by": [amendment(a) for a in fw.amended_by],
        "duties": [{"id": d.id, "title": d.title, "citation": d.citation, "wording": d.wording,
                    "status": d.status, "commencement": d.commencement.isoformat() if d.commencement else None,
                    "wording_source": d.wording_source or None} for d in fw.duties],
    }


def get(framework_id: str | None) -> Framework | None:
    return available().get(framework_id or DEFAULT)


def unknown(value: str, file: str = "<command line>", line: int = 0, column: int = 0, suggest=None):
    """The diagnostic for a framework id that names no framework (CP028)."""
    from cpstrat.format.diagnostics import make
    from cpstrat.format.diagnostics import suggest as one_suggestion

    known = list(available())
    return make("CP028", file, line, column, value=value, suggestion=(suggest or one_suggestion)(value, known),
                allowed=", ".join(known))


def require(framework_id: str) -> Framework:
    """The framework named on a command line, or CpstratError (CP028) saying which exist."""
    from cpstrat.format.diagnostics import CpstratError

    fw = available().get(framework_id)
    if fw is None:
        raise CpstratError([unknown(framework_id)])
    return fw
