"""The strategy as sheets, worked out from the format's declaration (model.py), not from a hand list.

Every object list of the format (actions, their measures, priorities, voices,
their asks, boards, ... and any declared later) becomes a sheet with one row
per object and one column per key; keys of the strategy itself go on the
'Strategy' sheet, one row per value (a list of texts takes one row per item);
a mapping at the top (the glossary) gets a two-column sheet. Keys the JSON
Schema marks internal (settings of the checks, never published) are written
too, with their meaning saying so, so that the round trip loses nothing. A cell holds one value in a form both a
person and the importer read the same way (see `to_cell` and `from_cell`).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field

from cpstrat.format import model, types

STRATEGY_SHEET = "Strategy"
ACTIONS_SHEET = "Action plan"
# Names a person expects for a few sheets and columns; every other name comes from the key.
SHEET_NAMES: dict[tuple[str, ...], str] = {("actions",): ACTIONS_SHEET}
COLUMN_LABELS = {("Action", "title"): "Action"}


def internal(spec: model.Key) -> bool:
    return bool(getattr(spec, "internal", False))


def label(key: str) -> str:
    return key.replace("_", " ").capitalize()


@dataclass
class Column:
    header: str
    path: tuple[str, ...]  # keys inside the row's object (more than one for a nested object, e.g. period.start)
    type: str
    doc: str = ""


@dataclass
class Table:
    """One sheet of objects: where the list sits in the strategy, and the sheet's columns."""

    name: str
    path: tuple[str, ...]  # keys from the strategy down to the list (through nested objects, not lists)
    cls: str
    parent: Table | None = None
    columns: list[Column] = field(default_factory=list)
    children: list[Table] = field(default_factory=list)

    @property
    def parent_header(self) -> str:
        """The column naming each row's parent object (its id, else its row on the parent's sheet)."""
        assert self.parent is not None
        noun = self.parent.cls.lower()
        return f"{label(noun)} id" if "id" in model.declared(self.parent.cls) else f"{label(noun)} row"


@dataclass
class Layout:
    tables: list[Table]
    fields: list[Column]  # rows of the Strategy sheet
    maps: list[Column]  # top-level mappings, each on a sheet of its own


def layout() -> Layout:
    tables: list[Table] = []
    fields: list[Column] = []
    maps: list[Column] = []
    used: set[str] = {STRATEGY_SHEET}

    def sheet_name(path: tuple[str, ...], parent: Table | None) -> str:
        name = SHEET_NAMES.get(path) or label(path[-1])
        if name in used and parent is not None:
            name = f"{label(parent.cls)} {path[-1].replace('_', ' ')}"
        name = name[:31]
        while name in used:
            name = name[:28] + f" {len(used)}"
        used.add(name)
        return name

    def walk_table(table: Table, cls: str, prefix: tuple[str, ...]) -> None:
        for key, spec in model.declared(cls).items():
            path = (*prefix, key)
            inner = types.item_type(spec.type)
            if types.list_of(spec.type) is not None and types.is_object(inner):
                child = Table(sheet_name((key,), table), path, inner, parent=table)
                table.children.append(child)
                tables.append(child)
                walk_table(child, inner, ())
            elif types.is_object(spec.type):
                walk_table(table, spec.type, path)
            else:
                header = COLUMN_LABELS.get((cls, key)) or " ".join(label(p) if i == 0 else p.replace("_", " ")
                                                                    for i, p in enumerate(path))
                table.columns.append(Column(header, path, spec.type, spec.doc))

    def walk_root(cls: str, prefix: tuple[str, ...]) -> None:
        for key, spec in model.declared(cls).items():
            path = (*prefix, key)
            inner = types.item_type(spec.type)
            if types.list_of(spec.type) is not None and types.is_object(inner):
                table = Table(sheet_name(path, None), path, inner)
                tables.append(table)
                walk_table(table, inner, ())
            elif types.is_object(spec.type):
                walk_root(spec.type, path)
            elif types.map_of(spec.type) is not None and not prefix:
                sheet_name(path, None)
                maps.append(Column(label(key), path, spec.type, spec.doc))
            else:
                fields.append(Column(".".join(path), path, spec.type, spec.doc))

    walk_root("Strategy", ())
    return Layout(tables, fields, maps)


# -- values ---------------------------------------------------------------------------------------------------


def plain(obj, cls: str) -> dict:
    """A model object as plain data, as its file gives it (dicts, lists, scalars), with only the declared keys
    that hold something. Taken from the loaded file, so every type (a due month, one lead or several) is kept
    as written."""
    raw = obj if isinstance(obj, dict) else (obj.raw or {})
    out = {}
    for key, spec in model.declared(cls).items():
        if key not in raw:
            continue
        value = raw[key]
        inner = types.item_type(spec.type)
        if types.list_of(spec.type) is not None and types.is_object(inner) and isinstance(value, list):
            value = [plain(v, inner) for v in value if isinstance(v, dict)]
        elif types.is_object(spec.type) and isinstance(value, dict):
            value = plain(value, spec.type)
        elif isinstance(value, list):
            value = [dict(v) if isinstance(v, dict) else v for v in value]
        elif isinstance(value, dict):
            value = dict(value)
        if value is None or value == "" or value == [] or value == {}:
            continue
        out[key] = value
    return out


def dig(data, path: tuple[str, ...]):
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def put_in(data: dict, path: tuple[str, ...], value) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _json_default(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    raise TypeError(type(value).__name__)


def to_json(value) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def to_cell(value, type_: str, words: dict[str, str] | None = None):
    """A value as a cell shows it. Lists take one item per line (JSON when an item spans lines);
    principles and priorities show their titles when `words` maps each id to a title of its own."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if type_ == "texts" and isinstance(value, str) and not _one_line(value):
        return to_json([value])
    if isinstance(value, list):
        if words and all(v in words for v in value):
            value = [words[v] for v in value]
        if all(isinstance(v, str) and v and v == v.strip() and _one_line(v) for v in value) \
                and not value[0].startswith("["):
            return "\n".join(value)
        return to_json(value)
    if isinstance(value, dict):
        return to_json(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _one_line(text: str) -> bool:
    """No line break of any kind (str.splitlines also breaks at vertical tabs and form feeds)."""
    return text.splitlines() == [text]


class CellProblem(ValueError):
    """A cell that does not hold what its column needs; the message says what it needs."""


def from_cell(value, type_: str, words: dict[str, str] | None = None):
    """What a cell gives for a key of `type_` (None when empty), or CellProblem."""
    from cpstrat.excel.read import value_text

    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if type_ == "texts":  # one text, or several, one per line
        items = from_cell(value, types.list_type("text"))
        return items[0] if len(items) == 1 and value_text(value).startswith(items[0]) else items
    if types.list_of(type_) is not None:
        return _list_cell(value_text(value), type_, words)
    if "|" in type_ and isinstance(value, str) and value.strip().startswith("{"):
        mapping = _json(value)
        if isinstance(mapping, dict):  # the mapping form of an either-or key (text|Meeting)
            return mapping
    if type_ == "status":
        return _status_cell(value_text(value), words)
    if types.map_of(type_) is not None:
        mapping = _json(value_text(value))
        if not isinstance(mapping, dict):
            raise CellProblem('not a mapping; write it as {"KEY": "value", ...}')
        return mapping
    return _item(value, type_)


def _json(text: str):
    """The JSON a cell holds, or None when it is not JSON."""
    try:
        return json.loads(text)
    except ValueError:
        return None


def _list_cell(text: str, type_: str, words: dict[str, str] | None) -> list:
    """A list written as JSON or one item per line; titles in `words` read back as their ids."""
    items = _json(text) if text.startswith("[") else None
    if not isinstance(items, list):
        items = [line.strip() for line in text.split("\n") if line.strip()]
    if words:
        ids = {title: pid for pid, title in words.items()}
        items = [ids.get(i, i) if isinstance(i, str) else i for i in items]
    return [_item(v, types.item_type(type_)) for v in items]


def _status_cell(text: str, words: dict[str, str] | None) -> str:
    """The status a cell names in the words people type (vocabulary.py); `words`: the council's status_words."""
    from cpstrat.excel import vocabulary

    written, ambiguous = vocabulary.status(text, words)
    if ambiguous:
        raise CellProblem(f"'{text[:40]}' names two statuses; choose one")
    return written if written is not None else text  # no status: the column's own message follows


def _item(value, type_: str):
    from cpstrat.excel.read import value_text

    if type_ in ("int", "number"):
        number = _number(value)
        if number is None or (type_ == "int" and not float(number).is_integer()):
            raise CellProblem(f"'{value_text(value)[:40]}' is not a {'whole ' if type_ == 'int' else ''}number")
        return int(number) if type_ == "int" else number
    if type_ == "date":  # the date forms people type, as import-xlsx and collect read them (vocabulary.py)
        from cpstrat.excel import vocabulary

        day = vocabulary.day(value)
        if day is None:
            raise CellProblem(f"'{value_text(value)[:40]}' is not a date; write YYYY-MM-DD or 31/03/2028")
        return day
    if type_ == "due":
        from cpstrat.excel import vocabulary

        due = vocabulary.due(value)
        return due if due is not None else value_text(value)  # the column's own message follows
    if type_ == "bool":
        if isinstance(value, bool):
            return value
        word = value_text(value).strip().lower()
        if word in ("true", "yes", "1"):
            return True
        if word in ("false", "no", "0"):
            return False
        raise CellProblem(f"'{value_text(value)[:40]}' is not true or false")
    if isinstance(value, dt.datetime):  # a date typed into a key of another type (a month, a year...)
        return value.date() if value.time() == dt.time() else value_text(value)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and type_ not in ("text", "id", "status") \
            and not types.ref_of(type_) is not None:
        return value
    return value_text(value)


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    text = str(value).strip()
    try:
        number = float(text)
    except ValueError:
        return None
    if math.isnan(number):
        return None
    if number.is_integer() and math.isfinite(number) and "." not in text and "e" not in text.lower():
        return int(text)
    return number


def valid(value, type_: str) -> bool:
    """Whether a value read from a cell has its key's type (each item, for a list of scalars)."""
    inner = types.item_type(type_)
    if types.list_of(type_) is not None and not types.is_object(inner):
        return isinstance(value, list) and all(valid(v, inner) for v in value)
    if "|" in type_:
        return any(valid(value, t) for t in type_.split("|"))
    if type_ == "number" and isinstance(value, float):
        return True
    if type_ == "status":  # a council's own words count too (status_words): `check` judges them
        return isinstance(value, str)
    return types.conforms(value, type_)
