"""The file format as JSON Schema and as the key tables of docs/strategy-format.md.

Both are generated from the declarations in model.py (the one definition of
the format), as is the shape check: editors, docs and `cpstrat check` cannot
disagree about a key.
"""

from __future__ import annotations

from typing import Any

from cpstrat.format import model, types
from cpstrat.format.model import Key
from cpstrat.format.types import ENUMS, FORMAT_VERSION, ID_PATTERN, STATUSES

OBJECTS: dict[str, dict[str, Key]] = {name: model.declared(name) for name in model.CLASSES}
# The implications every report states (CP045); consultation is asked for only where the council's own
# headings name it (CP241), since most boards' papers have no such section.
IMPLICATIONS = {k: k.replace("_", " ") for k in OBJECTS["Implications"] if k != "consultation"}

ROOTS = {"strategy": "Strategy", "progress": "Progress", "local-offer": "LocalOffer"}


def json_schema(root: str = "strategy") -> dict[str, Any]:
    """JSON Schema (draft 2020-12) for a strategy or progress file."""
    defs = {name: _object(name) for name in OBJECTS}
    name = ROOTS[root]
    schema: dict[str, Any] = {
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
            for inner in types.item_type(key.type).split("|"):
                if inner in OBJECTS and inner not in seen:
                    seen.add(inner)
                    todo.append(inner)
    return seen


def _object(name: str) -> dict[str, Any]:
    keys = OBJECTS[name]
    return {
        "type": "object",
        "additionalProperties": False,
        "required": [k for k, v in keys.items() if v.required],
        "properties": {k: _property(k, v) for k, v in keys.items()},
    }


def _property(name: str, key: Key) -> dict[str, Any]:
    if name == "framework":  # an id, but of a framework file rather than of something in the strategy
        from cpstrat.format import frameworks

        out: dict[str, Any] = {"description": key.doc, "enum": sorted(frameworks.available())}
    else:
        out = {"description": key.doc, **_type(name, key.type)}
    if key.internal:
        out["x-internal"] = True
    elif key.audience != ("board",):
        out["x-audience"] = list(key.audience)
    return out


def _type(key: str, type_: str) -> dict[str, Any]:
    if "|" in type_:
        return {"anyOf": [_type(key, t) for t in type_.split("|")]}
    if type_ == "texts":
        return {"anyOf": [_type(key, "text"), _type(key, types.list_type("text"))]}
    if type_ == "due":
        return {"anyOf": [
            {"type": "string", "format": "date"},
            {"type": "string", "pattern": r"^[0-9]{4}-(0[1-9]|1[0-2])$", "description": "a month, e.g. 2025-09"},
            {"type": "string", "pattern": r"^[0-9]{4}/[0-9]{2}$",
             "description": "a financial year (1 April to 31 March), e.g. 2025/26"},
            {"const": "ongoing"},
        ]}
    if type_ in ENUMS:
        return {"enum": list(ENUMS[type_])}
    if type_ == "status" and key != "status_words":
        return {"anyOf": [{"enum": list(STATUSES)},
                          {"type": "string", "minLength": 1, "x-ref": "status_word",
                           "description": "one of the strategy's own status_words"}]}
    item = types.list_of(type_)
    if item is not None:
        out: dict[str, Any] = {"type": "array", "items": _type(key, item)}
        if key == "principles" and types.ref_of(item) == "principle":
            out["minItems"] = 1
        return out
    of = types.map_of(type_)
    if of is not None:
        return {"type": "object", "additionalProperties": _type(key, of)}
    if type_ in OBJECTS:
        return {"$ref": f"#/$defs/{type_}"}
    kind = types.ref_of(type_)
    if kind is not None:  # x-ref: what kind of thing the id names
        return {"type": "string", "pattern": ID_PATTERN, "x-ref": kind}
    if type_ == "id":
        return {"type": "string", "pattern": ID_PATTERN}
    if key == "cpstrat":
        return {"const": FORMAT_VERSION}
    scalars: dict[str, dict[str, Any]] = {
        "text": {"type": "string", "minLength": 1},
        "int": {"type": "integer"},
        "bool": {"type": "boolean"},
        "number": {"type": "number"},
        "figure": {"anyOf": [{"type": "number"}, {"type": "string", "minLength": 1}]},
        "date": {"type": "string", "format": "date"},
        "status": {"enum": list(STATUSES)},
    }
    return scalars[type_]


_WORDS = {"text": "text", "int": "whole number", "bool": "true or false", "number": "number",
          "figure": "number or text", "date": "date", "id": "id",
          "status": "status", "texts": "text, or list of text",
          "due": "due date: YYYY-MM-DD, YYYY-MM, 2025/26 or ongoing",
          **{name: " or ".join(f"`{w}`" for w in words) for name, words in ENUMS.items()}}


def type_words(type_: str) -> str:
    """A declared type as the docs write it, e.g. `list of action ids`."""
    if "|" in type_:
        return ", or ".join(type_words(t) for t in type_.split("|"))
    item, of, kind = types.list_of(type_), types.map_of(type_), types.ref_of(type_)
    if item is not None:
        return f"list of {type_words(item)}" + ("s" if types.ref_of(item) is not None else "")
    if of is not None:
        return f"map of {type_words(of)}"
    if kind is not None:
        return f"{kind} id"
    if type_ in OBJECTS:
        return f"[{_title(type_)}](#{_title(type_).replace(' ', '-')})"
    return _WORDS.get(type_, type_)


def _title(name: str) -> str:
    return "".join(" " + c.lower() if c.isupper() else c for c in name).strip()


def markdown() -> str:
    """The key tables of docs/strategy-format.md, one per object of the format."""
    out = []
    for name, keys in OBJECTS.items():
        doc = " ".join((model.CLASSES[name].__doc__ or "").split())
        out += [f"### {_title(name)}", "", doc, "", "| key | type | required | meaning |", "|---|---|---|---|"]
        for key, spec in keys.items():
            statuses = f" One of: {', '.join(STATUSES)}, or a word of the strategy's `status_words`." \
                if spec.type == "status" and key != "status_words" else ""
            out.append(f"| `{key}` | {type_words(spec.type)} | {'yes' if spec.required else 'no'} "
                       f"| {spec.doc}{statuses} |")
        out.append("")
    out += ["### internal keys", "",
            "Printed in no document: settings for cpstrat itself (the JSON Schema marks them "
            "`\"x-internal\": true`).", "", "| key | of | why it is internal |", "|---|---|---|"]
    out += [f"| `{key}` | {_title(name)} | internal: {spec.doc} |" for name, keys in OBJECTS.items()
            for key, spec in keys.items() if spec.internal]
    out.append("")
    return "\n".join(out)
