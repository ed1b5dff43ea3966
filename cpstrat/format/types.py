"""The vocabulary of value types a declared key may have, and the one test of each.

Types:
  text, int, number, date, id, status      scalars (a status may also be one of the strategy's status_words)
  bool                                     true or false
  figure                                   a number, or words in its place ("In line with similar councils")
  texts                                    text, or a list of text (e.g. several leads)
  due                                      a date, a month (2025-09), a financial year (2025/26) or `ongoing`
  polarity, cohort, grouping               one of a few fixed words (ENUMS)
  ref:KIND                                 an id declared elsewhere (principle, action, offer, ...)
  list:T                                   a list of T (T a scalar type, ref:KIND or an object name)
  map:T                                    a mapping of ids (or words) to T
  an object name (e.g. Period)             a nested mapping declared in model.py
  A|B                                      either (e.g. text|Meeting: a line of text, or the mapping)

model.py declares every key with one of these; the shape check, the model
builder and the JSON Schema all read the same type strings.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

STATUSES = ("not-started", "on-track", "at-risk", "off-track", "complete", "dropped")
ENUMS = {
    "polarity": ("higher-is-better", "lower-is-better"),
    "cohort": ("children-in-care", "care-leavers", "all"),
    "grouping": ("priority", "principle"),
}
FORMAT_VERSION = 1
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def conforms(value: Any, type_: str) -> bool:
    """True when a loaded value has the declared type (the one type test, used by the shape check and model)."""
    # Called for every value of every file, twice: the test for each type is worked out once.
    test = _CONFORMS.get(type_)
    if test is None:
        test = _CONFORMS[type_] = _conformer(type_)
    return bool(test(value))


def tester(type_: str) -> Any:
    """The test that conforms() applies for type_, for a caller applying it many times."""
    conforms(None, type_)
    return _CONFORMS[type_]


# -- reading a type string: the only code that knows how list:, map: and ref: are spelled --------

LIST, MAP, REF = "list:", "map:", "ref:"


def list_of(type_: str) -> str | None:
    """The item type of a list type ('list:Action' -> 'Action', 'list:ref:action' -> 'ref:action'), else None."""
    return type_[len(LIST):] if type_.startswith(LIST) else None


def map_of(type_: str) -> str | None:
    """The value type of a map type ('map:number' -> 'number'), else None."""
    return type_[len(MAP):] if type_.startswith(MAP) else None


def ref_of(type_: str) -> str | None:
    """The kind of thing a reference type names ('ref:principle' -> 'principle'), else None."""
    return type_[len(REF):] if type_.startswith(REF) else None


def list_type(item: str) -> str:
    """The type of a list of `item`: list_type("text") is 'list:text'."""
    return LIST + item


def ref_type(kind: str) -> str:
    """The type of an id naming a `kind`: ref_type("principle") is 'ref:principle'."""
    return REF + kind


def item_type(type_: str) -> str:
    """A list type's item type; any other type as it is."""
    inner = list_of(type_)
    return type_ if inner is None else inner


def holds_ids(type_: str) -> bool:
    """True when values of this type are ids: an id, a reference, or a list of references."""
    inner = item_type(type_)
    return inner == "id" or ref_of(inner) is not None


def is_nested(type_: str) -> bool:
    """True for a list or map type, whose values hold further values."""
    return list_of(type_) is not None or map_of(type_) is not None


def is_object(type_: str) -> bool:
    """Object types (nested mappings declared in model.py) are named in CamelCase."""
    return type_[:1].isupper()


def _conformer(type_: str) -> Any:
    if "|" in type_:
        tests = [_conformer(t) for t in type_.split("|")]
        return lambda v: any(t(v) for t in tests)
    if list_of(type_) is not None:
        return lambda v: isinstance(v, list)
    if map_of(type_) is not None or is_object(type_):
        return lambda v: isinstance(v, dict)
    return scalar_test(type_)


_CONFORMS: dict[str, Any] = {}


def _is_text(v: Any) -> bool:
    return isinstance(v, str) and v.strip() != ""


_ID = re.compile(ID_PATTERN)

def _one_of(words: Any) -> Any:
    return lambda v: v in words


_SCALAR_TESTS = {
    "text": _is_text,
    "int": lambda v: type(v) is int,
    "bool": lambda v: type(v) is bool,
    "number": lambda v: type(v) in (int, float),
    "figure": lambda v: type(v) in (int, float) or _is_text(v),
    "date": lambda v: type(v) is _dt.date or as_date(v) is not None,
    "id": lambda v: isinstance(v, str) and _ID.match(v) is not None,
    "status": lambda v: v in STATUSES,
    "texts": lambda v: _is_text(v) or (isinstance(v, list) and all(_is_text(i) for i in v)),
    "due": lambda v: parse_due(v) is not None,
    **{name: _one_of(words) for name, words in ENUMS.items()},
}


def as_date(value: Any) -> _dt.date | None:
    """A date, or a quoted ISO date ("2024-03-31") as some editors and tools write them."""
    if type(value) is _dt.date:
        return value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class Due:
    """When something is due, at the precision the plan gives it.

    kind is "day", "month", "year" (a financial year, 1 April to 31 March) or "ongoing".
    `last` is the last day it covers: it is overdue only after that day."""

    kind: str
    written: str  # as the file gives it: 2025-09-30, 2025-09, 2025/26, ongoing
    first: _dt.date | None = None
    last: _dt.date | None = None

    @property
    def text(self) -> str:
        """As a board paper prints it: 30 September 2025, September 2025, by the end of 2025/26, ongoing."""
        if self.kind == "day" and self.last:
            return day_in_words(self.last)
        if self.kind == "month" and self.last:
            return month_in_words(self.last)
        if self.kind == "year":
            return f"by the end of {self.written}"
        return "ongoing"

    @property
    def value(self) -> Any:
        """The value as a file or spreadsheet holds it: a date when it is a day, else the words written."""
        return self.last if self.kind == "day" else self.written

    def overdue(self, as_at: _dt.date) -> bool:
        return self.last is not None and self.last < as_at

    def __str__(self) -> str:
        return self.text


# English month names, as a board paper in English writes them whatever the machine's locale
# (and without strftime, which a large plan's tens of thousands of dates made a visible cost).
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def day_in_words(day: _dt.date) -> str:
    """30 September 2025."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_in_words(day: _dt.date) -> str:
    """September 2025."""
    return f"{MONTHS[day.month - 1]} {day.year}"


_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})\Z")
_YEAR = re.compile(r"([0-9]{4})/([0-9]{2})\Z")


def parse_due(value: Any) -> Due | None:
    """A due date in any form the format allows, or None when it is none of them."""
    if type(value) is str or type(value) is _dt.date:
        return _parse_due(value)  # a plan gives the same few dates to thousands of actions
    return _parse_due.__wrapped__(value)


@lru_cache(maxsize=4096)
def _parse_due(value: Any) -> Due | None:
    day = as_date(value)
    if day is not None:
        return Due("day", day.isoformat(), day, day)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.lower() == "ongoing":
        return Due("ongoing", "ongoing")
    m = _MONTH.match(text)
    if m:
        year, month = int(m.group(1)), int(m.group(2))
        if not (1 <= month <= 12 and 1 <= year < 9999):
            return None
        first = _dt.date(year, month, 1)
        following = _dt.date(year + month // 12, month % 12 + 1, 1)
        return Due("month", text, first, following - _dt.timedelta(days=1))
    m = _YEAR.match(text)
    if m:
        start = int(m.group(1))
        if (start + 1) % 100 != int(m.group(2)) or not 1 <= start < 9999:  # 2025/26; 2025/27 is no year
            return None
        return Due("year", text, _dt.date(start, 4, 1), _dt.date(start + 1, 3, 31))
    return None


def scalar_test(type_: str) -> Any:
    return _SCALAR_TESTS["id" if ref_of(type_) is not None else type_]


def status_test(words: Any) -> Callable[[object], bool]:
    """The test of a status where the strategy maps its own words (status_words) to the statuses."""
    return lambda v: v in STATUSES or (isinstance(v, str) and v in words)
