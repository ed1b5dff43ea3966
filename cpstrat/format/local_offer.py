"""The local offer's statutory areas and arrangements, read from local_offer.yaml.

Each provision carries its citation, wording and when it applies; `in_force`
answers "did this apply on that day?" the same way for check and review.
A provision recorded as in force with no date applies on every day; one
recorded as prospective applies on no day until its commencement is known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from cpstrat.format import frameworks


@dataclass(frozen=True)
class Provision:
    id: str
    citation: str
    wording: str
    title: str  # the heading care leavers read (areas) or a short title (arrangements)
    status: str  # "in-force" or "prospective"
    commencement: dt.date | None
    inserted_by: str = ""
    ref: str = ""
    enacted: dt.date | None = None  # Royal Assent of the Act that inserted it, when recorded

    def in_force(self, day: dt.date | None) -> bool:
        return frameworks.in_force(self.status, self.commencement, day)

    def when(self) -> str:
        """When it applies, in words for messages and documents."""
        if self.status == "in-force":
            return f"in force from {self.commencement.isoformat()}" if self.commencement else "in force"
        if self.commencement:
            return f"comes into force on {self.commencement.isoformat()}"
        return "enacted, not yet in force (commencement date not confirmed)"


@dataclass(frozen=True)
class Statute:
    id: str
    title: str
    act: str
    citation: str
    source: str
    jurisdiction: str
    reading_ease_min: float
    duties: tuple[Provision, ...]
    areas: tuple[Provision, ...]
    arrangements: tuple[Provision, ...]

    def area(self, area_id: str) -> Provision | None:
        return next((a for a in self.areas if a.id == area_id), None)

    def arrangement(self, item_id: str) -> Provision | None:
        return next((a for a in self.arrangements if a.id == item_id), None)


def _provision(data: dict[str, Any], title_key: str) -> Provision:
    start = _date(data.get("commencement"))
    return Provision(
        id=data["id"], citation=data["citation"], wording=data["wording"],
        title=data.get(title_key) or data.get("title") or data["wording"],
        status=data.get("status", "in-force"), commencement=start,
        inserted_by=data.get("inserted_by") or "", ref=data.get("ref", ""),
        enacted=_date(data.get("enacted")),
    )


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def parse(data: dict[str, Any]) -> Statute:
    return Statute(
        id=data["id"], title=data["title"], act=data["act"], citation=data["citation"],
        source=data["source"], jurisdiction=data["jurisdiction"],
        reading_ease_min=data.get("reading_ease_min", 50),
        duties=tuple(_provision(d, "title") for d in data.get("duties", ())),
        areas=tuple(_provision(a, "heading") for a in data["areas"]),
        arrangements=tuple(_provision(a, "title") for a in data.get("arrangements", ())),
    )


@cache
def statute() -> Statute:
    """The local offer provisions shipped with cpstrat."""
    import yaml

    text = resources.files("cpstrat.format").joinpath("local_offer.yaml").read_text("utf-8")
    return parse(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))
