"""Validation: every rule that turns a loaded strategy into diagnostics.

Two passes, both collecting (never stopping at the first problem):
  shape  - each file against the declarations in schema.py (types, keys, dates)
  rules  - the strategy as a whole (ids, references, coverage, periods)
Each rule lives in exactly one place below; its text lives in rules.yaml.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from cpstrat.format import frameworks, model, schema
from cpstrat.format.diagnostics import CpstratError, Diagnostic, listing, make, reset_suggestions, suggest
from cpstrat.format.load import Map, Seq, key_pos, load_file, value_pos

STRATEGY_FILE = "strategy.yaml"
PROGRESS_DIR = "progress"


@dataclass
class Result:
    """What checking one strategy gave: the model (if it could be built) and diagnostics."""

    path: str
    strategy: model.Strategy | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def exit_code(self) -> int:
        return max((d.exit_code for d in self.errors), default=0)

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)


def locate(path: Path) -> tuple[Path, list[Path]]:
    """The strategy file and its progress files for a path given by the user."""
    if path.is_dir() and path.name != STRATEGY_FILE:  # a folder named strategy.yaml is reported as one
        main = path / STRATEGY_FILE
        if not _present(main):
            raise CpstratError([make("CP005", str(path))])
        progress = path / PROGRESS_DIR
        return main, sorted([*progress.glob("*.yaml"), *progress.glob("*.yml")])
    if not _present(path):
        raise CpstratError([make("CP001", str(path))])
    return path, []


def _present(path: Path) -> bool:
    # A symlink loop or a folder where a file should be is there, only unreadable:
    # loading it reports why, rather than claiming it does not exist.
    return path.exists() or path.is_symlink()


def check(path: Path | str, extra_rules=(), text_rules: bool = True) -> Result:
    """Load, shape-check and rule-check one strategy (file or folder).

    text_rules=False skips the plain-language and personal-data warnings, for
    commands that only read the strategy (compare).
    """
    path = Path(path)
    reset_suggestions()
    try:
        main, progress_files = locate(path)
        source = load_file(main, display_path(main))
    except CpstratError as exc:
        return Result(str(path), None, exc.diagnostics)
    except OSError as exc:  # the path itself is unusable, e.g. a name too long for the file system
        return Result(str(path), None, [make("CP007", str(path), reason=exc.strerror or str(exc))])
    out = list(source.diagnostics)
    if not isinstance(source.data, dict):
        out.append(make("CP016", source.path, 1, 1, kind=_kind(source.data)))
        return Result(str(path), None, out)
    Shape(source.path, out).object(source.data, "Strategy", "the strategy")
    strategy = model.build("Strategy", source.data, path=source.path)
    progress = []
    for pfile in progress_files:
        try:
            psource = load_file(pfile, display_path(pfile))
        except CpstratError as exc:
            out.extend(exc.diagnostics)
            continue
        out.extend(psource.diagnostics)
        if not isinstance(psource.data, dict):
            out.append(make("CP016", psource.path, 1, 1, kind=_kind(psource.data)))
            continue
        Shape(psource.path, out).object(psource.data, "Progress", "the progress file")
        progress.append(model.build("Progress", psource.data, path=psource.path))
    progress.sort(key=lambda p: (p.as_at or dt.date.min, p.path))
    strategy = dataclasses.replace(strategy, progress=tuple(progress))
    Rules(strategy, out).run()
    if text_rules:  # warnings on published text, CP050-CP069; both rules read the same walk
        from cpstrat.checks import plain, privacy, texts

        items = texts.published(strategy)
        out.extend(plain.check(strategy, items))
        out.extend(privacy.check(strategy, items))
    for rule in extra_rules:
        out.extend(rule(strategy))
    out.sort(key=lambda d: (d.file != source.path, d.file, d.line, d.column, d.code))
    return Result(str(path), strategy, out)


def display_path(path: Path) -> str:
    """A path as the user should see it in messages: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, RuntimeError, OSError):  # elsewhere, a symlink loop, or no working folder
        return str(path)


def _kind(value) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "plain text"
    if value is None:
        return "nothing"
    return f"a {type(value).__name__}"


def describe(value) -> str:
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


_EXPECTED = {
    "text": "text", "int": "a whole number", "number": "a number", "date": "a date",
    "id": "an id", "status": "a status",
}


class Shape:
    """Checks loaded data against the declarations in schema.OBJECTS."""

    def __init__(self, file: str, out: list[Diagnostic]):
        self.file = file
        self.out = out

    def report(self, code: str, container, at, at_key: bool = False, **params) -> None:
        line, col = key_pos(container, at) if at_key else value_pos(container, at)
        self.out.append(make(code, self.file, line, col, **params))

    def object(self, data: Map, name: str, label: str) -> None:
        declared = schema.OBJECTS[name]
        for key in data:
            if key not in declared:
                hint = f"keys allowed here: {', '.join(declared)}"
                self.report("CP022", data, key, at_key=True, key=key, where=label,
                            suggestion=suggest(key, declared), hint=hint)
        for key, spec in declared.items():
            if key not in data:
                if name == "Action" and key == "principles":
                    self._no_principle(data, key, label)
                elif spec.required:
                    line, col = data.line, data.column
                    self.out.append(make("CP021", self.file, line, col, where=label, key=key,
                                         about=spec.doc.rstrip(".").lower()))
                continue
            value = data[key]
            if value is None:
                if name == "Action" and key == "principles":
                    self._no_principle(data, key, label)
                elif spec.required:
                    self.report("CP029", data, key, at_key=True, where=f"'{key}' of {label}")
                continue
            self.value(data, key, value, spec.type, f"'{key}' of {label}")

    def _no_principle(self, data: Map, key: str, label: str) -> None:
        ids = ", ".join(p.id for p in frameworks.get(None).principles)
        line, col = key_pos(data, key) if key in data else (data.line, data.column)
        action_id = data.get("id") if isinstance(data.get("id"), str) else label
        self.out.append(make("CP031", self.file, line, col, id=action_id, allowed=ids))

    def value(self, container, key, value, type_: str, where: str) -> None:
        if type_.startswith("list:"):
            inner = type_[5:]
            if not isinstance(value, list):
                self.report("CP020", container, key, where=where, expected="a list", actual=describe(value),
                            hint=f"write a list, e.g. [{value if isinstance(value, str) else '...'}]")
                return
            for i, item in enumerate(value):
                self.value(value, i, item, inner, f"item {i + 1} of {where}")
            return
        if type_.startswith("map:"):
            if not isinstance(value, dict):
                self.report("CP020", container, key, where=where, expected="a mapping", actual=describe(value),
                            hint="write it as `key: value` pairs, one per line, indented under it")
                return
            for k, v in value.items():
                self.value(value, k, v, type_[4:], f"'{k}' of {where}")
            return
        if type_ in schema.OBJECTS:
            if not isinstance(value, dict):
                self.report("CP020", container, key, where=where, expected="a mapping", actual=describe(value),
                            hint=f"keys expected: {', '.join(schema.OBJECTS[type_])}")
                return
            self.object(value, type_, self.label(type_, value, where))
            return
        if schema.conforms(value, type_):
            if type_ == "int" and key == "cpstrat" and value != schema.FORMAT_VERSION:
                self.report("CP026", container, key, value=value)
            return
        self.scalar(container, key, value, type_, where)

    def scalar(self, container, key, value, type_: str, where: str) -> None:
        if type_ == "date":
            shown = f"{value} (a year alone)" if isinstance(value, int) else describe(value)
            self.report("CP023", container, key, where=where, value=shown)
        elif type_ == "status":
            self.report("CP024", container, key, value=value,
                        suggestion=suggest(str(value).lower().replace(" ", "-"), schema.STATUSES),
                        allowed=", ".join(schema.STATUSES))
        elif type_ == "id" or type_.startswith("ref:"):
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
            hint = "write the number alone, e.g. 98, and any unit under `unit:`" if type_ == "number" \
                else "write a whole number, e.g. 1"
            self.report("CP020", container, key, where=where, expected=_EXPECTED[type_], actual=describe(value),
                        hint=hint)

    @staticmethod
    def label(type_: str, value: dict, where: str) -> str:
        ident = value.get("id") if type_ != "Update" else value.get("action")
        words = {"LocalPrinciple": "local principle", "Update": "update for action"}.get(type_, type_.lower())
        if isinstance(ident, str) and ident:
            return f"{words} '{ident}'"
        return where


class Rules:
    """Whole-strategy rules: ids, references, coverage, dates. Reads the model."""

    def __init__(self, strategy: model.Strategy, out: list[Diagnostic]):
        self.s = strategy
        self.out = out
        self.file = strategy.path

    def at(self, code: str, container, key, at_key: bool = False, file: str | None = None, **params) -> None:
        line, col = key_pos(container, key) if at_key else value_pos(container, key)
        self.out.append(make(code, file or self.file, line, col, **params))

    def run(self) -> None:
        s = self.s
        self.framework()
        if s.period.start and s.period.end and s.period.end < s.period.start:
            self.at("CP027", s.period.raw, "end", start=s.period.start, end=s.period.end)
        self.unique_ids()
        self.references()
        self.coverage()
        for progress in s.progress:
            self.progress(progress)

    def framework(self) -> None:
        s = self.s
        fw = frameworks.get(s.framework)
        if fw is None:
            known = list(frameworks.available())
            self.at("CP028", s.raw, "framework", value=s.framework, suggestion=suggest(s.framework, known),
                    allowed=", ".join(known))
            return
        for lp in s.local_principles:
            if fw.get(lp.id):
                self.at("CP037", lp.raw, "id", id=lp.id, framework=fw.id)

    def unique_ids(self) -> None:
        s = self.s
        seen: dict[str, Map] = {}  # id -> where it first stood; its line is looked up only for a duplicate
        items = [*s.local_principles, *s.voices, *(a for _, a in s.asks()), *s.priorities, *s.actions,
                 *(m for _, m in s.measures())]
        for item in items:
            if not item.id or item.raw is None:
                continue
            if item.id in seen:
                self.at("CP030", item.raw, "id", id=item.id, first=value_pos(seen[item.id], "id")[0])
            else:
                seen[item.id] = item.raw

    def references(self) -> None:
        s = self.s
        principle_ids = [p.id for p in s.principles()]
        fw_name = s.framework if frameworks.get(s.framework) else frameworks.DEFAULT
        kinds = {
            "principle": ("CP032", principle_ids),
            "priority": ("CP033", [p.id for p in s.priorities]),
            "ask": ("CP034", [a.id for _, a in s.asks()]),
            "action": ("CP035", [a.id for a in s.actions]),
            "measure": ("CP036", [m.id for _, m in s.measures()]),
        }
        known = {kind: set(ids) for kind, (_, ids) in kinds.items()}
        for owner, key, kind in self._reference_lists():
            values = owner.raw.get(key) if owner.raw is not None else None
            if not isinstance(values, Seq):
                continue
            for i, value in enumerate(values):
                if isinstance(value, str) and value not in known[kind]:
                    code, ids = kinds[kind]
                    self.at(code, values, i, value=value, suggestion=suggest(value, ids),
                            allowed=listing(ids), framework=fw_name,
                            hint=f"measures declared in the strategy: {listing(ids)}")
        for action in s.actions:
            if action.raw is not None and "principles" in action.raw and isinstance(action.raw["principles"], Seq) \
                    and not action.raw["principles"]:
                self.at("CP031", action.raw, "principles", at_key=True, id=action.id, allowed=", ".join(principle_ids))

    def _reference_lists(self):
        s = self.s
        for p in s.priorities:
            yield p, "principles", "principle"
            yield p, "measures", "measure"
        for a in s.actions:
            yield a, "principles", "principle"
            yield a, "priorities", "priority"
            yield a, "responds_to", "ask"
            yield a, "depends_on", "action"

    def coverage(self) -> None:
        s = self.s
        period = s.period
        if period.start and period.end and period.start <= period.end:
            for a in s.actions:
                if a.due and not period.contains(a.due):
                    self.at("CP040", a.raw, "due", id=a.id, due=a.due, start=period.start, end=period.end)
        used_principles = {p for a in s.actions for p in a.principles}
        for p in s.principles():
            if p.id not in used_principles and s.actions:
                line, col = key_pos(s.raw, "actions")
                self.out.append(make("CP041", self.file, line, col, id=p.id, title=p.title))
        answered = {ask for a in s.actions for ask in a.responds_to}
        for _, ask in s.asks():
            if ask.id and ask.id not in answered:
                self.at("CP042", ask.raw, "id", id=ask.id, text=ask.text)
        delivered = {p for a in s.actions for p in a.priorities}
        for p in s.priorities:
            if p.id and p.id not in delivered:
                self.at("CP043", p.raw, "id", id=p.id, title=p.title)

    def progress(self, progress: model.Progress) -> None:
        s = self.s
        file = progress.path
        raw = progress.raw
        if progress.as_at and s.period.start and s.period.end and not s.period.contains(progress.as_at):
            self.at("CP044", raw, "as_at", file=file, as_at=progress.as_at, start=s.period.start, end=s.period.end)
        actions = {a.id: a for a in s.actions}
        seen: dict[str, Map] = {}
        for update in progress.updates:
            if update.raw is None or not update.action:
                continue
            action = actions.get(update.action)
            if action is None:
                self.at("CP035", update.raw, "action", file=file, value=update.action,
                        suggestion=suggest(update.action, actions), allowed=listing(actions))
                continue
            if update.action in seen:
                self.at("CP038", update.raw, "action", file=file, id=update.action,
                        first=value_pos(seen[update.action], "action")[0])
            else:
                seen[update.action] = update.raw
            values = update.raw.get("measures")
            own = [m.id for m in action.measures]
            if isinstance(values, Map):
                for mid in values:
                    if mid not in own:
                        self.at("CP036", values, mid, at_key=True, file=file, value=mid,
                                suggestion=suggest(mid, own),
                                hint=f"measures of action {action.id}: {listing(own)}" if own else
                                f"action {action.id} declares no measures; add them under its `measures:`")
        line, col = key_pos(raw, "implications") if "implications" in raw else (1, 1)
        for key, words in schema.IMPLICATIONS.items():
            if not getattr(progress.implications, key):
                self.out.append(make("CP045", file, line, col, section=words, key=key))


def expand(paths) -> list[Path]:
    """Each argument as strategies: globs expanded, and a folder of strategy folders opened up."""
    import glob

    out: list[Path] = []
    for raw in paths:
        text = str(raw)
        matches = sorted(glob.glob(text)) if any(c in text for c in "*?[") else [text]
        for m in matches or [text]:
            p = Path(m)
            try:
                if p.is_dir() and not (p / STRATEGY_FILE).exists():
                    inner = sorted(d for d in p.iterdir() if (d / STRATEGY_FILE).is_file())
                    out.extend(inner or [p])
                else:
                    out.append(owner(p))
            except OSError:  # unreadable folder, name too long...: checking the path reports why
                out.append(p)
    return list(dict.fromkeys(out))  # a strategy named twice (e.g. by two of its files) is checked once


def owner(path: Path) -> Path:
    """The strategy folder a file belongs to: its strategy.yaml or one of its progress files.

    Tools that pass changed file names (pre-commit, editors) then check the
    whole strategy, progress files included, whichever file changed.
    """
    if path.name == STRATEGY_FILE and path.is_file():
        return path.parent
    if path.suffix in (".yaml", ".yml") and path.parent.name == PROGRESS_DIR \
            and (path.parent.parent / STRATEGY_FILE).is_file():
        return path.parent.parent
    return path
