"""The vocabulary of value types a declared key may have, and the one test of each.

Types:
  text, int, number, date, id, status      scalars
  ref:KIND                                 an id declared elsewhere (principle, priority, ask, action, measure, offer)
  list:T                                   a list of T (T a scalar type, ref:KIND or an object name)
  map:number / map:text                    a mapping of ids (or words) to numbers / text
  an object name (e.g. Period)             a nested mapping declared in model.py

model.py declares every key with one of these; the shape check, the model
builder and the JSON Schema all read the same type strings.
"""

from __future__ import annotations

import datetime as _dt
import re

STATUSES = ("not-started", "on-track", "at-risk", "off-track", "complete", "dropped")
FORMAT_VERSION = 1
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


def conforms(value, type_: str) -> bool:
    """True when a loaded value has the declared type (the one type test, used by the shape check and model)."""
    # Called for every value of every file, twice: the test for each type is worked out once.
    test = _CONFORMS.get(type_)
    if test is None:
        test = _CONFORMS[type_] = _conformer(type_)
    return test(value)


def is_object(type_: str) -> bool:
    """Object types (nested mappings declared in model.py) are named in CamelCase."""
    return type_[:1].isupper()


def _conformer(type_: str):
    if type_.startswith("list:"):
        return lambda v: isinstance(v, list)
    if type_.startswith("map:") or is_object(type_):
        return lambda v: isinstance(v, dict)
    return scalar_test(type_)


_CONFORMS: dict = {}


def _is_text(v) -> bool:
    return isinstance(v, str) and v.strip() != ""


_ID = re.compile(ID_PATTERN)

_SCALAR_TESTS = {
    "text": _is_text,
    "int": lambda v: type(v) is int,
    "number": lambda v: type(v) in (int, float),
    "date": lambda v: type(v) is _dt.date or as_date(v) is not None,
    "id": lambda v: isinstance(v, str) and _ID.match(v) is not None,
    "status": lambda v: v in STATUSES,
}


def as_date(value) -> _dt.date | None:
    """A date, or a quoted ISO date ("2024-03-31") as some editors and tools write them."""
    if type(value) is _dt.date:
        return value
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def scalar_test(type_: str):
    return _SCALAR_TESTS["id" if type_.startswith("ref:") else type_]
