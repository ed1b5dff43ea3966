"""Personal data guard: warnings when published text may identify someone.

Strategies and progress reports are published, and achievements or summaries
sometimes name a child ("Gareth Smith won the Young Citizen Award") or give
details that identify them. These rules look for people's names, dates of
birth, addresses and postcodes, phone numbers and email addresses (codes
CP060-CP064, warnings). Councillors and officers who may be named go in the
strategy's `allow_names:`. The name lists are data (data/names.yaml): a pair
of capitalised words is a possible name when the first is a given name or the
second a surname, unless either is an organisation or place word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpstrat.checks.texts import Text
    from cpstrat.format.model import Strategy

import re
from functools import cache
from importlib import resources

from cpstrat.checks import glossary, texts
from cpstrat.format.diagnostics import Diagnostic, make

_CAP = r"[A-Z][a-z]+(?:['’-][A-Z][a-z]+)?"
_PAIR = re.compile(rf"(?<![\w'’-])({_CAP}) ({_CAP})(?: ({_CAP}))?(?![\w'’-])")
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*"
_DATE = rf"(?:\d{{1,2}}(?:st|nd|rd|th)? {_MONTH},? \d{{4}}|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}})"
_BIRTH = re.compile(rf"\b(?:date of birth|d\.?o\.?b\.?|born(?: on)?)\b[:\s]*(?:(?:is|was|on)\s+)?{_DATE}", re.I)
_POSTCODE = re.compile(r"\b(?:[A-Z]{1,2}[0-9][A-Z0-9]?) ?[0-9][ABD-HJLNP-UW-Z]{2}\b")
_STREET = re.compile(r"\b\d{1,4}[A-Za-z]? (?:[A-Z][a-z]+ ){1,3}(?:Road|Street|Avenue|Lane|Close|Drive|Crescent|Grove|"
                     r"Gardens|Place|Terrace|Walk|Rise|Mews|Way|Court)\b")
_PHONE = re.compile(r"(?<![\d.])(?:\+44 ?\(?0?\)? ?|\(?0)\d{2,4}\)?[ -]?\d{3,4}[ -]?\d{3,4}(?!\d|\.\d)")
_NAME_AGE = re.compile(rf"(?<![\w'’-])({_CAP}),? (?:\((\d{{1,2}})\)|aged (\d{{1,2}})\b|(\d{{1,2}})\b(?! ?%|-))")
_NAME_LABEL = re.compile(rf"\b[Nn]ame:\s*({_CAP}(?: {_CAP})+)")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# What each pattern cannot match without, tested first: most published text has
# no digit, no @ and no capitalised word after another word, and skips the patterns.
_has_digit = re.compile(r"\d").search
_has_pair = re.compile(r"[a-z] [A-Z]").search


@cache
def _lists() -> dict[str, frozenset[str]]:
    import yaml

    text = resources.files("cpstrat").joinpath("data/names.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {k: frozenset(v) for k, v in data.items()}


def check(strategy: Strategy, items: list[Text] | None=None) -> list[Diagnostic]:
    """Every personal-data warning for a strategy and its progress files.

    items: its published texts (texts.published), when the caller has already walked them.
    """
    if strategy is None:
        return []
    allowed = _Allowed(strategy)
    out, seen = [], set()
    found_in: dict[str, list[tuple[str, str]]] = {}  # leads, partners and measures repeat from action to action
    for item in texts.published(strategy) if items is None else items:
        if item.key in _NOT_PEOPLE:
            continue  # names of bodies and roles, not of people in the text
        found_here = found_in.get(item.value)
        if found_here is None:
            found_here = found_in[item.value] = findings(item.value, allowed)
        child = identifies(item, found_here)
        if child is not None:
            out.append(child)
            continue
        for code, found in found_here:
            if (item.file, code, found) in seen:
                continue
            seen.add((item.file, code, found))
            out.append(make(code, item.file, item.line, item.column, found=found, where=item.where))
    return out


# What, beside a name in the same text, identifies a child: CP185, an error (a build writes nothing).
_IDENTIFYING = {"CP061": "a date of birth", "CP062": "an address or postcode", "CP063": "a phone number"}
# Where an officer's name and work contact belong: never taken for a child's.
_OFFICERS = frozenset({"lead", "contact", "contacts", "report_of", "author"})


def identifies(item: Text | Any, found_here: list[tuple[str, str]]) -> Diagnostic | None:
    """CP185 when one published text names a person together with their address, phone or date of birth."""
    if item.key in _OFFICERS or not found_here:
        return None
    name = next((found for code, found in found_here if code == "CP060"), None)
    detail = next(((code, found) for code, found in found_here if code in _IDENTIFYING), None)
    if name is None or detail is None:
        return None
    return make("CP185", item.file, item.line, item.column, where=item.where, name=name,
                detail=_IDENTIFYING[detail[0]], found=detail[1])


def identifying(strategy: Strategy, items: list[Text]) -> list[Diagnostic]:
    """CP185 for each of `items` (the texts of a file the warnings do not read, e.g. the local offer)."""
    allowed = _Allowed(strategy)
    out = []
    for item in items:
        if item.key not in _NOT_PEOPLE:
            child = identifies(item, findings(item.value, allowed))
            if child is not None:
                out.append(child)
    return out


_NOT_PEOPLE = frozenset({"council", "title", "source", "approved", "name", "members", "meeting", "author", "chair",
                         "report_of", "role", "delivered_by"})


def findings(text: str, allowed: _Allowed | None=None) -> list[tuple[str, str]]:
    """(code, the text found) for each possible piece of personal data in text."""
    allowed = allowed or _Allowed(None)
    out = []
    text_no_email = text
    if "@" in text:
        for m in _EMAIL.finditer(text):
            if not allowed.covers(m.group(0)):
                out.append(("CP064", m.group(0)))
        text_no_email = _EMAIL.sub(" ", text)
    if _has_digit(text):  # a phone number, date of birth, house number or postcode holds one
        for m in _PHONE.finditer(text_no_email):
            digits = re.sub(r"\D", "", m.group(0).replace("+44", "0"))
            if 10 <= len(digits) <= 11 and not allowed.covers(m.group(0)):
                out.append(("CP063", m.group(0).strip()))
        for m in _BIRTH.finditer(text):
            out.append(("CP061", m.group(0)))
        for m in (*_POSTCODE.finditer(text), *_STREET.finditer(text)):
            if not allowed.covers(m.group(0)):
                out.append(("CP062", m.group(0)))
    for name in names(text):
        if not allowed.covers(name):
            out.append(("CP060", name))
    return out


def names(text: str) -> list[str]:
    """Capitalised word pairs that read as people's names, with any title before them."""
    lists = _lists()
    given, surnames, other, titles = lists["given"], lists["surnames"], lists["not_a_name"], lists["titles"]
    named_after = lists["institutions"]
    out = []
    for m in _PAIR.finditer(text) if _has_pair(text) else ():
        first, second, third = m.group(1), m.group(2), m.group(3)
        if first in titles:
            if second not in other:
                out.append(f"{first} {second}")
            continue
        if first in other or second in other or (third and third in named_after):
            continue  # Jaguar Land Rover, Drake Hall, Thomas Telford School
        if first in given or second in surnames:
            out.append(f"{first} {second}")
    for m in _NAME_LABEL.finditer(text) if "ame:" in text else ():
        out.append(m.group(1))  # "Full Name: Jo Bloggs" on a form copied into the text
    for m in _NAME_AGE.finditer(text) if _has_digit(text) else ():
        age = next(int(g) for g in m.groups()[1:] if g)
        after_name = re.search(rf"{_CAP} $", text[:m.start()])  # "Ellie Taylor (16)" is reported as a pair
        if m.group(1) in given and 0 < age <= 25 and not after_name:
            out.append(m.group(0))  # "Kelly, 15" or "Jack (14)": a child with their age
    return out


class _Allowed:
    """The strategy's allow_names, plus the names of its own bodies, which are never people."""

    def __init__(self, strategy: Any | None) -> None:
        self.bodies = ""
        self.entries = []
        self.words: set[str] = set()
        if strategy is None:
            return
        self.entries = [n.lower() for n in strategy.allow_names]
        for entry in strategy.allow_names:
            self.words.update(w for w in re.findall(r"[\w'’-]+", entry) if w not in _lists()["titles"])
        known = [strategy.council, *(v.name for v in strategy.voices), *(b.name for b in strategy.governance.boards),
                 *glossary.merged(strategy.glossary).values()]
        self.bodies = " | ".join(k.lower() for k in known if k)

    def covers(self, found: str) -> bool:
        low = found.lower()
        if any(low in entry or entry in low for entry in self.entries):
            return True
        words = [w for w in re.findall(r"[\w'’-]+", found) if w not in _lists()["titles"] and not w.isdigit()]
        if words and all(w in self.words for w in words):
            return True
        return bool(self.bodies) and low in self.bodies
