"""The shape of each file: types, required keys and unknown keys, against the declarations in model.py.

Reads the loaded data (with positions), one file at a time; knows nothing of
the strategy as a whole (references.py and coverage.py do).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from typing import Any

from cpstrat.checks.findings import Findings
from cpstrat.format import schema, types


def describe(value: Any) -> str:
    """A loaded value as a reader would name it, for 'must be X, not Y' messages."""
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{short}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing"


def _either(alternatives: Any) -> str:
    return " or ".join("a mapping" if types.is_object(t) else _EXPECTED.get(t, t) for t in alternatives)


_EXPECTED = {
    "text": "text", "int": "a whole number", "number": "a number", "date": "a date", "figure": "a number or text",
    "id": "an id", "status": "a status", "bool": "true or false",
}

@cache
def _quick(type_: str) -> Any:
    """For a scalar type, or a list of one, a test that passes only when value() would report nothing."""
    inner = types.list_of(type_)
    if inner is not None:
        if types.is_nested(inner) or types.is_object(inner):
            return None
        test = types.tester(inner)
        return lambda value: isinstance(value, list) and all(map(test, value))
    if types.map_of(type_) is not None or any(types.is_object(t) for t in type_.split("|")):
        return None  # a mapping (text|Meeting given as one too) is walked for its own keys
    return types.tester(type_)


ROOT_LABELS = {"Strategy": "the strategy", "Progress": "the progress file", "LocalOffer": "the local offer"}


def check(data: dict[str, Any], root: str, file: str, found: Findings, words: Any=None) -> None:
    """Check one loaded file (root "Strategy" or "Progress") against the declarations.

    `words` are the strategy's status_words, accepted wherever a status is (a strategy's own are read
    from its data)."""
    if words is None:
        words = own_words(data)
    Shape(file, found, words).object(data, root, ROOT_LABELS[root])


def own_words(data: Any) -> set[str]:
    """The status words a loaded strategy declares (those that map to a status)."""
    words = data.get("status_words") if isinstance(data, dict) else None
    return {str(k) for k, v in words.items() if v in types.STATUSES} if isinstance(words, dict) else set()


class Shape:
    """Checks loaded data against the declarations in schema.OBJECTS."""

    def __init__(self, file: str, found: Findings, words: Any=()) -> None:
        self.file = file
        self.found = found
        self.words = set(words)

    def report(self, code: str, container: Any, at: Any, at_key: bool = False, **params: Any) -> None:
        self.found.at(code, self.file, container, at, at_key=at_key, **params)

    def object(self, data: dict[str, Any], name: str, label: str) -> None:
        plan, required = _plan(name)
        deeper = []
        for key, value in data.items():
            step = plan.get(key)
            if step is None or value is None:
                break  # an unknown key, or a key with no value: the full walk below reports it
            quick = step[2]
            if quick is None or not quick(value):
                deeper.append((step[0], key, value, step[1]))
        else:
            if data.keys() >= required:
                # Nothing to report at this level: only the values the quick tests could not pass are walked,
                # in declaration order, as the full walk would.
                if len(deeper) > 1:
                    deeper.sort(key=lambda d: d[0])
                for _, key, value, type_ in deeper:
                    self.deeper(data, key, value, type_, label)
                return
        self.full(data, name, label)

    def deeper(self, data: dict[str, Any], key: str, value: Any, type_: str, label: str) -> None:
        inner = types.list_of(type_)
        if inner is not None and inner in schema.OBJECTS and isinstance(value, list):
            words = _ITEM_WORDS[inner]
            for i, item in enumerate(value):
                if isinstance(item, dict):  # the label value() and label() give it, made only when needed
                    ident = item.get("id") if inner != "Update" else item.get("action")
                    where = f"{words} '{ident}'" if isinstance(ident, str) and ident \
                        else f"item {i + 1} of '{key}' of {label}"
                    self.object(item, inner, where)
                else:
                    self.value(value, i, item, inner, f"item {i + 1} of '{key}' of {label}")
            return
        self.value(data, key, value, type_, f"'{key}' of {label}")

    def full(self, data: dict[str, Any], name: str, label: str) -> None:
        declared = schema.OBJECTS[name]
        for key in data:
            if key not in declared:
                hint = f"keys allowed here: {', '.join(declared)}"
                self.report("CP022", data, key, at_key=True, key=key, where=label,
                            suggestion=self.found.suggest(key, declared), hint=hint)
        for key, spec in declared.items():
            value = data.get(key)
            if value is None:
                if name == "Action" and key == "principles":
                    continue  # an action with no principle is its own rule, CP031 (coverage.py)
                if key not in data and spec.required:
                    line, column = getattr(data, "line", 0), getattr(data, "column", 0)  # a loaded Map knows
                    self.found.add("CP021", self.file, line, column, where=label, key=key,
                                   about=spec.doc.rstrip(".").lower())
                elif key in data and spec.required:
                    self.report("CP029", data, key, at_key=True, where=f"'{key}' of {label}")
                continue
            quick = _quick(spec.type)
            if quick is not None and key != "cpstrat" and quick(value):
                continue  # nothing to report, known without the walk below (or its labels)
            self.value(data, key, value, spec.type, f"'{key}' of {label}")

    def value(self, container: Any, key: Any, value: Any, type_: str, where: str) -> None:
        """Report what is wrong with `value`, declared as `type_`, and walk into a list, mapping or object."""
        if "|" in type_:
            self.either(container, key, value, type_.split("|"), where)
            return
        if type_ == "texts":
            self.value(container, key, value, types.list_type("text") if isinstance(value, list) else "text", where)
            return
        inner = types.list_of(type_)
        if inner is not None:
            self.items(container, key, value, inner, where)
            return
        of = types.map_of(type_)
        if of is not None:
            self.mapping(container, key, value, of, where)
            return
        if type_ in schema.OBJECTS:
            if not isinstance(value, dict):
                self.report("CP020", container, key, where=where, expected="a mapping", actual=describe(value),
                            hint=f"keys expected: {', '.join(schema.OBJECTS[type_])}")
                return
            self.object(value, type_, self.label(type_, value, where))
            return
        if type_ == "status" and isinstance(value, str) and value in self.words:
            return
        if types.conforms(value, type_):
            if type_ == "int" and key == "cpstrat" and value != types.FORMAT_VERSION:
                self.report("CP026", container, key, value=value)
            return
        self.scalar(container, key, value, type_, where)

    def either(self, container: Any, key: Any, value: Any, alternatives: list[str], where: str) -> None:
        """A value of an either-or type (text|Meeting): checked as the alternative it is."""
        chosen = next((t for t in alternatives if types.conforms(value, t)), None)
        if chosen is None and isinstance(value, str):  # e.g. empty text where text or a mapping belongs
            chosen = alternatives[0]
        if chosen is None:
            self.report("CP020", container, key, where=where, expected=_either(alternatives),
                        actual=describe(value), hint=f"write {_either(alternatives)}")
            return
        self.value(container, key, value, chosen, where)

    def items(self, container: Any, key: Any, value: Any, inner: str, where: str) -> None:
        if not isinstance(value, list):
            self.report("CP020", container, key, where=where, expected="a list", actual=describe(value),
                        hint=f"write a list, e.g. [{value if isinstance(value, str) else '...'}]")
            return
        for i, item in enumerate(value):
            self.value(value, i, item, inner, f"item {i + 1} of {where}")

    def mapping(self, container: Any, key: Any, value: Any, of: str, where: str) -> None:
        if not isinstance(value, dict):
            self.report("CP020", container, key, where=where, expected="a mapping", actual=describe(value),
                        hint="write it as `key: value` pairs, one per line, indented under it")
            return
        for k, v in value.items():
            if key == "sections" and (v is None or (isinstance(v, str) and not v.strip())):
                continue  # a council heading left empty: a warning of its own (checks/committee.py)
            self.value(value, k, v, of, f"'{k}' of {where}")

    def scalar(self, container: Any, key: Any, value: Any, type_: str, where: str) -> None:
        if type_ == "date":
            shown = f"{value} (a year alone)" if isinstance(value, int) else describe(value)
            self.report("CP023", container, key, where=where, value=shown)
        elif type_ == "due":
            shown = f"{value} (a year alone)" if isinstance(value, int) else describe(value)
            self.report("CP100", container, key, where=where, value=shown)
        elif type_ == "status":
            self.status(container, key, value)
        elif type_ in types.ENUMS:
            allowed = ", ".join(types.ENUMS[type_])
            self.report("CP020", container, key, where=where, expected=f"one of: {allowed}", actual=describe(value),
                        hint=f"write one of: {allowed}")
        elif types.holds_ids(type_):
            if isinstance(value, str):
                self.report("CP025", container, key, value=value)
            else:
                self.report("CP020", container, key, where=where, expected="an id (text)", actual=describe(value),
                            hint=f'put the id in quotes: "{value}"')
        elif type_ == "text" and isinstance(value, str):
            self.report("CP029", container, key, where=where)
        elif type_ == "text":
            self.report("CP020", container, key, where=where, expected="text", actual=describe(value),
                        hint=f'put the value in quotes: "{value}"')
        else:
            hint = {"number": "write the number alone, e.g. 98, and any unit under `unit:`",
                    "bool": "write true or false"}.get(type_, "write a whole number, e.g. 1")
            self.report("CP020", container, key, where=where, expected=_EXPECTED[type_], actual=describe(value),
                        hint=hint)

    def status(self, container: Any, key: Any, value: Any) -> None:
        suggestion = self.found.suggest(str(value).lower().replace(" ", "-"), [*types.STATUSES, *self.words])
        allowed = ", ".join(types.STATUSES)
        if suggestion or not isinstance(value, str) or not value.strip():
            hint = f"status is one of: {allowed}"
        else:  # a word of the council's own, e.g. Green: say how to map it
            hint = (f"status is one of: {allowed}; if '{value}' is the council's own word for one of them, "
                    f"map it in the strategy, e.g. `status_words: {{{value}: on-track}}`")
        self.report("CP024", container, key, value=value, suggestion=suggestion, hint=hint)

    @staticmethod
    def label(type_: str, value: dict[str, Any], where: str) -> str:
        ident = value.get("id") if type_ != "Update" else value.get("action")
        if isinstance(ident, str) and ident:
            return f"{_ITEM_WORDS[type_]} '{ident}'"
        return where


_ITEM_WORDS = {name: {"LocalPrinciple": "local principle", "Update": "update for action"}.get(name, name.lower())
               for name in schema.OBJECTS}


@cache
def _plan(name: str) -> tuple[dict[str, tuple[int, str, Callable[..., Any] | None]], frozenset[str]]:
    """For object `name`: each declared key's (place, type, quick test), and the keys a file must give."""
    declared = schema.OBJECTS[name]
    plan = {key: (i, spec.type, None if key == "cpstrat" else _quick(spec.type))
            for i, (key, spec) in enumerate(declared.items())}
    return plan, frozenset(key for key, spec in declared.items() if spec.required)
