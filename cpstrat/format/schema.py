"""The one definition of the file format: every object, key, type and meaning.

The validator checks files against these declarations and `cpstrat schema`
turns the same declarations into JSON Schema for editors, so the format is
written down exactly once. Each key carries a one-line description.

Types:
  text, int, number, date, id, status      scalars
  ref:KIND                                 an id declared elsewhere (principle, priority, ask, action, measure)
  list:T                                   a list of T (T a scalar type, ref:KIND or an object name)
  map:number / map:text                    a mapping of ids (or words) to numbers / text
  an object name (e.g. Period)             a nested mapping declared below
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

STATUSES = ("not-started", "on-track", "at-risk", "off-track", "complete", "dropped")
FORMAT_VERSION = 1
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
IMPLICATIONS = {
    "financial": "financial",
    "legal": "legal",
    "equalities": "equalities",
    "environmental": "environmental",
    "human_resources": "human resources",
}
BOTH = ("board", "young-people")


@dataclass(frozen=True)
class Key:
    type: str
    doc: str
    required: bool = False
    # Not printed in any document: a setting for cpstrat itself. The doc says why (JSON Schema "x-internal").
    internal: bool = False
    # Who reads it: the board's documents (plan, report), the young people's version, or both
    # (JSON Schema "x-audience"; every published key is in the board's documents unless it is young-people only).
    audience: tuple[str, ...] = ("board",)


OBJECTS: dict[str, dict[str, Key]] = {
    "Strategy": {
        "cpstrat": Key("int", "Format version; must be 1.", required=True),
        "council": Key("text", "The council's name.", required=True, audience=BOTH),
        "title": Key("text", "The strategy's title.", required=True),
        "period": Key("Period", "The period the strategy covers.", required=True),
        "framework": Key("text", "Statutory framework id: england-2017 (default) or scotland-2014."),
        "status": Key("text", "Document status, e.g. Final, or Draft for consultation."),
        "approved": Key("text", "Who approved the strategy and when, as the source says."),
        "source": Key("text", "Where the text came from: document name or address."),
        "vision": Key("text", "The vision statement."),
        "introduction": Key("text", "Introductory text."),
        "commitments": Key("list:text", "What the council commits to ('as a council we will')."),
        "legislation": Key("list:text", "Legislation the strategy relates to."),
        "strengths": Key("list:text", "Strengths found in consultation."),
        "challenges": Key("list:text", "Challenges found in consultation."),
        "local_principles": Key("list:LocalPrinciple", "Principles the council adds to the framework's."),
        "voices": Key("list:Voice", "Groups of children and young people and what they asked for."),
        "priorities": Key("list:Priority", "Local strategic priorities or areas of focus."),
        "actions": Key("list:Action", "What the council will do."),
        "governance": Key("Governance", "How delivery of the strategy is overseen."),
        "glossary": Key("map:text", "Local acronyms and what they stand for, e.g. {YPA: Young Person's Advisor}."),
        "allow_names": Key("list:text", "Names of councillors and officers that may appear in published text. "
                           "Internal: a setting of the personal-data check, not text to publish.", internal=True),
        "reading_ease_min": Key("number", "Lowest Flesch reading ease an action's text may score before check warns "
                                "(default 30; 0 turns it off). Internal: a setting of the readability check.",
                                internal=True),
    },
    "Period": {
        "start": Key("date", "First day of the strategy period (YYYY-MM-DD).", required=True),
        "end": Key("date", "Last day of the strategy period (YYYY-MM-DD).", required=True),
    },
    "LocalPrinciple": {
        "id": Key("id", "Id of the local principle; must not clash with the framework's.", required=True),
        "title": Key("text", "Short title.", required=True),
        "wording": Key("text", "The principle in full."),
    },
    "Voice": {
        "id": Key("id", "Id of the group.", required=True),
        "name": Key("text", "Name of the group, e.g. Children in Care Council.", required=True, audience=BOTH),
        "description": Key("text", "Who the group are and how they meet."),
        "asks": Key("list:Ask", "What the group asked for."),
    },
    "Ask": {
        "id": Key("id", "Id of the ask; actions name it in responds_to.", required=True),
        "text": Key("text", "What was asked for.", required=True, audience=BOTH),
        "quote": Key("text", "A young person's own words, if any.", audience=BOTH),
    },
    "Priority": {
        "id": Key("id", "Id of the priority.", required=True),
        "title": Key("text", "Title of the priority.", required=True),
        "description": Key("text", "What the priority means."),
        "principles": Key("list:ref:principle", "Principles this priority serves."),
        "outcomes": Key("list:text", "Outcomes the priority aims for."),
        "measures": Key("list:ref:measure", "Measures (declared under actions) that show progress on it."),
    },
    "Action": {
        "id": Key("id", "Id of the action, e.g. A01.", required=True),
        "title": Key("text", "What will be done.", required=True),
        "plain_title": Key("text", "What will be done in everyday words, for the young people's version.",
                           audience=("young-people",)),
        "principles": Key("list:ref:principle", "Principles the action serves: at least one.", required=True),
        "description": Key("text", "More detail on the action."),
        "priorities": Key("list:ref:priority", "Local priorities the action delivers."),
        "responds_to": Key("list:ref:ask", "Young people's asks the action answers."),
        "depends_on": Key("list:ref:action", "Actions that must happen first."),
        "lead": Key("text", "Who leads the action (a role, not a child).", audience=BOTH),
        "partners": Key("list:text", "Partner services or organisations."),
        "due": Key("date", "When the action is due (YYYY-MM-DD)."),
        "measures": Key("list:Measure", "How success is measured."),
        "status": Key("status", "Current status."),
        "notes": Key("text", "Anything else about the action."),
    },
    "Measure": {
        "id": Key("id", "Id of the measure, e.g. A01-m1.", required=True),
        "text": Key("text", "What is measured.", required=True),
        "target": Key("number", "The target value."),
        "baseline": Key("number", "The value at the start."),
        "unit": Key("text", "Unit of the values, e.g. %."),
    },
    "Governance": {
        "text": Key("text", "How the strategy is governed."),
        "boards": Key("list:Board", "Boards and groups that oversee it."),
    },
    "Board": {
        "name": Key("text", "Name of the board or group.", required=True, audience=BOTH),
        "description": Key("text", "What it does."),
        "members": Key("text", "Who sits on it."),
        "meets": Key("text", "How often it meets."),
    },
    "Progress": {
        "cpstrat": Key("int", "Format version; must be 1.", required=True),
        "as_at": Key("date", "The reporting date (YYYY-MM-DD).", required=True),
        "meeting": Key("text", "The meeting the report goes to."),
        "title": Key("text", "Title of the report."),
        "author": Key("text", "Who wrote the report (a role)."),
        "purpose": Key("text", "Purpose of the report."),
        "recommendations": Key("list:text", "What the board is asked to do."),
        "background": Key("text", "Background to the report."),
        "summary": Key("text", "Overall progress, in brief."),
        "implications": Key("Implications", "Implications of the report, section by section."),
        "updates": Key("list:Update", "One update per action."),
    },
    "Implications": {key: Key("text", f"The {words} implications.") for key, words in IMPLICATIONS.items()},
    "Update": {
        "action": Key("ref:action", "The action updated.", required=True),
        "status": Key("status", "Status of the action at this date."),
        "summary": Key("text", "Progress in brief."),
        "achievements": Key("list:text", "What has been achieved."),
        "challenges": Key("list:text", "What is getting in the way."),
        "measures": Key("map:number", "Measure values at this date: {measure-id: value}."),
    },
}

ROOTS = {"strategy": "Strategy", "progress": "Progress"}


def json_schema(root: str = "strategy") -> dict:
    """JSON Schema (draft 2020-12) for a strategy or progress file."""
    defs = {name: _object(name) for name in OBJECTS}
    name = ROOTS[root]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://cpstrat.invalid/schema/{root}.schema.json",
        "title": f"cpstrat {root} file (format version {FORMAT_VERSION})",
    }
    schema.update(defs.pop(name))
    schema["$defs"] = {k: v for k, v in defs.items() if k in _reachable(name) and k != name}
    return schema


def _reachable(name: str) -> set[str]:
    seen: set[str] = set()
    todo = [name]
    while todo:
        for key in OBJECTS[todo.pop()].values():
            inner = key.type.removeprefix("list:")
            if inner in OBJECTS and inner not in seen:
                seen.add(inner)
                todo.append(inner)
    return seen


def _object(name: str) -> dict:
    keys = OBJECTS[name]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [k for k, v in keys.items() if v.required],
        "properties": {k: _property(k, v) for k, v in keys.items()},
    }


def _property(name: str, key: Key) -> dict:
    out = {"description": key.doc, **_type(name, key.type)}
    if name == "framework":
        from cpstrat.format import frameworks

        out = {"description": key.doc, "enum": sorted(frameworks.available())}
    if key.internal:
        out["x-internal"] = True
    if key.audience != ("board",) and not key.internal:
        out["x-audience"] = list(key.audience)
    return out


def _type(key: str, type_: str) -> dict:
    if type_.startswith("list:"):
        out = {"type": "array", "items": _type(key, type_[5:])}
        if key == "principles" and type_ == "list:ref:principle":
            out["minItems"] = 1
        return out
    if type_.startswith("map:"):
        return {"type": "object", "additionalProperties": _type(key, type_[4:])}
    if type_ in OBJECTS:
        return {"$ref": f"#/$defs/{type_}"}
    if type_.startswith("ref:"):
        return {"type": "string", "pattern": ID_PATTERN, "x-ref": type_[4:]}
    if type_ == "id":
        return {"type": "string", "pattern": ID_PATTERN}
    if key == "cpstrat":
        return {"const": FORMAT_VERSION}
    return {
        "text": {"type": "string", "minLength": 1},
        "int": {"type": "integer"},
        "number": {"type": "number"},
        "date": {"type": "string", "format": "date"},
        "status": {"enum": list(STATUSES)},
    }[type_]


def conforms(value, type_: str) -> bool:
    """True when a loaded value has the declared type (the one type test, used by validate and model)."""
    # Called for every value of every file, twice: the test for each type is worked out once.
    test = _CONFORMS.get(type_)
    if test is None:
        test = _CONFORMS[type_] = _conformer(type_)
    return test(value)


def _conformer(type_: str):
    if type_.startswith("list:"):
        return lambda v: isinstance(v, list)
    if type_.startswith("map:") or type_ in OBJECTS:
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
