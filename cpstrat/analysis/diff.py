"""Keyed comparison of two versions of a strategy (or of two progress files).

Two stages, both pure (no IO):
  snapshot  - a model object as plain, picklable data: each keyed thing
              (action, priority, voice, ask, measure, progress update) as an
              Item of JSON-ready field values
  compare   - two snapshots -> a Diff: what was added, removed, changed field
              by field, likely renames, principle coverage and status moves

Things are matched by id, never by position: moving an action in the file is
no change, and a retitle is a field change of the same id. An id that
disappears while a new id appears with the same (or nearly the same) text is
reported as a likely rename *as well as* in removed/added, so a script that
reads only added/removed (the contract's keys) still sees every id that came
or went.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpstrat.format.model import Strategy

import dataclasses
import datetime as dt
import difflib
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from cpstrat.format import nouns
from cpstrat.format.types import Due

# The keyed collections of a strategy, in report order. Each is named for
# renames and for readers by its title (actions, priorities), name (voices)
# or text (asks, measures): see snapshot_strategy.
SECTIONS = nouns.compared()  # format/nouns.yaml
# Near-same text under a new id counts as a likely rename from this similarity up.
RENAME_SIMILARITY = 0.85
# Above this many removed x added pairs only identical text is paired, so a
# large reshuffle stays linear rather than quadratic.
MAX_FUZZY_PAIRS = 250_000
_SKIP = {"raw", "id", "path", "progress", "figures"}
# Keyed things with no section of their own: compared whole where they stand (boards, in governance)
_WHOLE = {"Board"}


class Item(NamedTuple):
    """One keyed thing as plain data: its id, its naming text and its fields.

    A named tuple rather than a dataclass: a version read in another process
    comes back pickled, and tuples unpickle several times faster.
    """

    id: str
    label: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class Snapshot:
    """A strategy or progress file as plain data, ready to compare."""

    kind: str  # "strategy" or "progress"
    meta: dict[str, Any]  # top-level fields (title, period, vision...)
    sections: dict[str, Any]  # section name -> list of Item, in document order
    principles: dict[str, Any] = field(default_factory=dict)  # principle id -> title
    progress: dict[str, Any] = field(default_factory=dict)  # progress file name -> Snapshot


def plain(value: Any) -> Any:
    """A model value as JSON-ready data; unset values (empty text, empty lists) become None."""
    kind = type(value)
    if kind is str:  # the common cases first: this runs for every value of every action
        return value or None
    if value is None or kind is int or kind is float or kind is bool:
        return value
    if kind is tuple or kind is list:
        return [plain(v) for v in value] or None
    if kind is dt.date:
        return value.isoformat()
    if kind is Due:
        return value.written
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()} or None
    if hasattr(kind, "__dataclass_fields__"):
        if "id" in kind.__dataclass_fields__ and kind.__name__ not in _WHOLE:
            return value.id  # a nested keyed thing (an action's measure) is compared in its own section
        return {name: plain(getattr(value, name)) for name in _names(kind)} or None
    return value


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(kind: type) -> tuple[str, ...]:
    """The compared field names of a model class (all but raw, id, path, progress)."""
    if kind not in _NAMES:
        _NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind) if f.name not in _SKIP)
    return _NAMES[kind]


def item(obj: Any, label_field: str, **parent: Any) -> Item:
    """One model object (an action, a measure...) as an Item.

    A nested object with no id of its own (an indicator's target) gives one field per key
    (target.value, target.by), so a change to it is reported field by field."""
    values = {}
    for name in _names(type(obj)):
        value = getattr(obj, name)
        kind = type(value)
        if hasattr(kind, "__dataclass_fields__") and "id" not in kind.__dataclass_fields__ and kind is not Due:
            for sub in _names(kind):
                values[f"{name}.{sub}"] = plain(getattr(value, sub))
        else:
            values[name] = plain(value)
    values.update(parent)
    return Item(obj.id, getattr(obj, label_field) or "", values)


def snapshot_strategy(strategy: Strategy) -> Snapshot:
    """The strategy (a model.Strategy) as a Snapshot; progress files keyed by file name."""
    meta = {f.name: plain(getattr(strategy, f.name)) for f in dataclasses.fields(strategy)
            if f.name not in _SKIP and f.name not in SECTIONS}
    sections = {
        "actions": [item(a, "title") for a in strategy.actions],
        "priorities": [item(p, "title") for p in strategy.priorities],
        "voices": [item(v, "name") for v in strategy.voices],
        "asks": [item(a, "text", voice=v.id) for v in strategy.voices for a in v.asks],
        "measures": [item(m, "text", action=a.id) for a in strategy.actions for m in a.measures],
        "milestones": [item(m, "title", action=a.id) for a in strategy.actions for m in a.milestones],
        "pledges": [item(p, "text") for p in strategy.pledges],
        "indicators": [item(i, "name", **_figures(strategy, i)) for i in strategy.indicators],
    }
    principles = {p.id: p.title for p in strategy.principles()}
    progress = {_file_name(p.path): snapshot_progress(p) for p in strategy.progress}
    return Snapshot("strategy", meta, sections, principles, progress)


def _figures(strategy: Any, indicator: Any) -> dict[str, Any]:
    """The council's published figure for each period of an indicator read from a published file, in words
    ("9%", "suppressed"), as fields of the indicator: a figure the Department revised shows as a change."""
    from cpstrat.analysis.scorecard import cell_text

    figures = strategy.figures.get(indicator.id)
    if figures is None:
        return {}
    return {f"figure {p.label}": cell_text(figures.council[p], indicator.unit) for p in figures.periods}


def snapshot_progress(progress: Any) -> Snapshot:
    """A progress file (a model.Progress) as a Snapshot: its updates keyed by action id."""
    meta = {f.name: plain(getattr(progress, f.name)) for f in dataclasses.fields(progress)
            if f.name not in _SKIP and f.name != "updates"}
    updates = [Item(u.action, u.summary or "", {f.name: _update_field(u, f.name)
                                                for f in dataclasses.fields(u) if f.name not in ("raw", "action")})
               for u in progress.updates]
    return Snapshot("progress", meta, {"actions": updates})


def _update_field(update: Any, name: str) -> Any:
    if name == "milestones":  # keyed by milestone id, so a milestone's new status shows as a change
        return {m.id: {k: plain(getattr(m, k)) for k in ("status", "summary")} for m in update.milestones} or None
    return plain(getattr(update, name))


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


# -- the result ----------------------------------------------------------------

@dataclass
class Change:
    id: str
    label: str
    fields: dict[str, Any]  # field name -> (old, new)


@dataclass
class Rename:
    old: str
    new: str
    label: str
    similarity: float
    fields: dict[str, Any]  # other fields that differ, name -> (old, new)


@dataclass
class Keyed:
    """Differences in one keyed collection."""

    added: list[Item] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    renamed: list[Rename] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def to_json(self) -> dict[str, Any]:
        return {
            "added": [i.id for i in self.added],
            "removed": [i.id for i in self.removed],
            "changed": [{"id": c.id, "fields": _pairs(c.fields)} for c in self.changed],
            "renamed": [{"old": r.old, "new": r.new, "similarity": round(r.similarity, 3),
                         "fields": _pairs(r.fields)} for r in self.renamed],
        }


@dataclass
class Move:
    id: str
    label: str
    old: str | None
    new: str | None


@dataclass
class MeasureValue:
    action: str
    measure: str
    old: float | int | None
    new: float | int | None


@dataclass
class Diff:
    kind: str
    meta: dict[str, Any]  # top-level field -> (old, new)
    sections: dict[str, Any]  # section name -> Keyed
    coverage: dict[str, Any] = field(default_factory=dict)  # principle id -> (title, old count, new count)
    moves: list[Move] = field(default_factory=list)
    values: list[MeasureValue] = field(default_factory=list)  # progress: measure values that changed
    progress_added: list[str] = field(default_factory=list)
    progress_removed: list[str] = field(default_factory=list)
    progress_changed: dict[str, Any] = field(default_factory=dict)  # file name -> Diff

    @property
    def differs(self) -> bool:
        return bool(self.meta or any(self.sections.values()) or self.progress_added
                    or self.progress_removed or self.progress_changed)

    def moved_to(self) -> list[tuple[str, list[Move]]]:
        """Status moves grouped by the status moved to, largest group first."""
        groups: dict[str, list[Move]] = {}
        for m in self.moves:
            groups.setdefault(m.new or "no status", []).append(m)
        return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    def to_json(self) -> dict[str, Any]:
        out = {"kind": self.kind, "differs": self.differs}
        out.update({name: keyed.to_json() for name, keyed in self.sections.items()})
        out["fields"] = _pairs(self.meta)
        out["status"] = {
            "moved": [{"id": m.id, "old": m.old, "new": m.new} for m in self.moves],
            "summary": {status: len(moves) for status, moves in self.moved_to()},
        }
        if self.kind == "strategy":
            out["principles"] = {pid: {"old": old, "new": new} for pid, (_, old, new) in self.coverage.items()}
            out["progress"] = {
                "added": self.progress_added,
                "removed": self.progress_removed,
                "changed": [{"file": name, **d.to_json()} for name, d in self.progress_changed.items()],
            }
        else:
            out["measure_values"] = [{"action": v.action, "measure": v.measure, "old": v.old, "new": v.new}
                                     for v in self.values]
        return out


def _pairs(changes: dict[str, Any]) -> dict[str, Any]:
    return {name: {"old": old, "new": new} for name, (old, new) in changes.items()}


# -- comparing -----------------------------------------------------------------

def compare(old: Snapshot, new: Snapshot) -> Diff:
    """What changed from `old` to `new` (both strategies, or both progress files)."""
    if old.kind != new.kind:
        raise ValueError(f"cannot compare a {old.kind} with a {new.kind}")
    names = SECTIONS if old.kind == "strategy" else ("actions",)  # a progress file's updates, by action
    sections = {name: compare_items(old.sections.get(name, []), new.sections.get(name, []),
                                    renames=old.kind == "strategy") for name in names}
    result = Diff(old.kind, _field_changes(old.meta, new.meta), sections)
    result.moves = _moves(old.sections.get("actions", []), new.sections.get("actions", []),
                          from_nothing=old.kind == "progress")
    if old.kind == "strategy":
        result.coverage = _coverage(old, new)
        for name in new.progress:
            if name not in old.progress:
                result.progress_added.append(name)
            else:
                sub = compare(old.progress[name], new.progress[name])
                if sub.differs:
                    result.progress_changed[name] = sub
        result.progress_removed = [name for name in old.progress if name not in new.progress]
    else:
        result.values = _values(old.sections["actions"], new.sections["actions"])
    return result


def compare_items(old: list[Item], new: list[Item], renames: bool = True) -> Keyed:
    """Added, removed and changed items by id, plus likely renames among the added and removed."""
    before = _by_id(old)
    after = _by_id(new)
    out = Keyed()
    for item in after.values():
        prior = before.get(item.id)
        if prior is None:
            out.added.append(item)
        else:
            changes = _field_changes(prior.fields, item.fields)
            if changes:
                out.changed.append(Change(item.id, item.label, changes))
    out.removed = [item for item in before.values() if item.id not in after]
    if renames:
        out.renamed = _renames(out.removed, out.added)
    return out


def _by_id(items: list[Item]) -> dict[str, Item]:
    out: dict[str, Item] = {}
    for item in items:
        out.setdefault(item.id, item)  # a duplicate id (a check error) keeps its first use
    return out


def _field_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    return {name: (old.get(name), new.get(name)) for name in {**old, **new}
            if old.get(name) != new.get(name)}


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def _renames(removed: list[Item], added: list[Item]) -> list[Rename]:
    """Pair removed and added items whose naming text is the same or nearly so, best pairs first."""
    if not removed or not added:
        return []
    candidates = []
    if len(removed) * len(added) > MAX_FUZZY_PAIRS:
        index: dict[str, Any] = {}
        for item in added:
            index.setdefault(_norm(item.label), []).append(item)
        for r in removed:
            for a in index.get(_norm(r.label), []):
                candidates.append((1.0, r, a))
    else:
        for r in removed:
            rl = _norm(r.label)
            if not rl:
                continue
            matcher = difflib.SequenceMatcher(None, rl, autojunk=False)
            for a in added:
                al = _norm(a.label)
                matcher.set_seq2(al)
                if al == rl:
                    candidates.append((1.0, r, a))
                elif matcher.real_quick_ratio() >= RENAME_SIMILARITY and matcher.quick_ratio() >= RENAME_SIMILARITY:
                    score = matcher.ratio()
                    if score >= RENAME_SIMILARITY:
                        candidates.append((score, r, a))
    candidates.sort(key=lambda c: (-c[0], c[1].id, c[2].id))
    used_old, used_new, out = set(), set(), []
    for score, r, a in candidates:
        if r.id in used_old or a.id in used_new:
            continue
        used_old.add(r.id)
        used_new.add(a.id)
        out.append(Rename(r.id, a.id, a.label, score, _field_changes(r.fields, a.fields)))
    order = {item.id: i for i, item in enumerate(removed)}
    return sorted(out, key=lambda x: order[x.old])


def _moves(old: list[Item], new: list[Item], from_nothing: bool = False) -> list[Move]:
    """Actions whose status differs between versions.

    An action new to the strategy has no status to move from, so it is only
    added; an update new to a progress file (from_nothing) does move its action
    from "no update" to its status.
    """
    before = _by_id(old)
    out = []
    for item in _by_id(new).values():
        prior = before.get(item.id)
        was = prior.fields.get("status") if prior is not None else None
        now = item.fields.get("status")
        if (prior is not None or from_nothing and now) and was != now:
            out.append(Move(item.id, item.label, was, now))
    return out


def _coverage(old: Snapshot, new: Snapshot) -> dict[str, Any]:
    """Principles whose number of actions changed: id -> (title, old count, new count)."""
    def counts(snap: Snapshot) -> Counter[str]:
        return Counter(p for a in _by_id(snap.sections["actions"]).values()
                       for p in dict.fromkeys(a.fields.get("principles") or ()))
    before, after = counts(old), counts(new)
    titles = {**old.principles, **new.principles}
    ids = list(dict.fromkeys([*new.principles, *old.principles, *after, *before]))
    return {pid: (titles.get(pid, pid), before[pid], after[pid]) for pid in ids if before[pid] != after[pid]}


def _values(old: list[Item], new: list[Item]) -> list[MeasureValue]:
    """Measure values reported in either progress file that differ between them."""
    before, after = _by_id(old), _by_id(new)
    out = []
    for item in after.values():
        prior = before.get(item.id)
        was = (prior.fields.get("measures") if prior else None) or {}
        now = item.fields.get("measures") or {}
        for mid in dict.fromkeys([*now, *was]):
            if was.get(mid) != now.get(mid):
                out.append(MeasureValue(item.id, mid, was.get(mid), now.get(mid)))
    for prior in before.values():
        if prior.id not in after:
            for mid, value in (prior.fields.get("measures") or {}).items():
                out.append(MeasureValue(prior.id, mid, value, None))
    return out
