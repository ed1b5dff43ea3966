"""`import-xlsx --into`: an edited export merged into the strategy it came from, action by action.

The export keeps, on its hidden sheet, each action as it was exported (the
base). For each key of each row: unchanged from the base, the strategy's value
stays; changed in the sheet only, the sheet's value is taken; changed in both
to different values, it is a conflict (CP172), as is an edited row whose
action the strategy has renamed since (CP175). New rows add actions; actions
with no row are kept and reported (CP173), never deleted. The strategy's text
is edited in place: only the blocks of changed actions are rewritten, new
actions are added at the end of `actions:`, and everything else (vision,
voices, governance, comments) stays as written.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from cpstrat.excel import tables, yaml_edit
from cpstrat.excel.emit import Writer
from cpstrat.excel.export import latest_status
from cpstrat.excel.import_export import Imported, emit_object
from cpstrat.excel.read import value_text
from cpstrat.format import model
from cpstrat.format.diagnostics import Diagnostic, make
from cpstrat.format.load import key_pos


@dataclass
class Merged:
    text: str  # the strategy's new text (the old one when nothing changed)
    changes: list[str] = field(default_factory=list)  # one line per action changed or added
    problems: list[Diagnostic] = field(default_factory=list)  # errors stop the merge; warnings are shown
    progress: dict[str, str] = field(default_factory=dict)  # a progress file's path -> its new text

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.problems if d.severity == "error"]


def _attribute(key: str) -> str:
    return next(f.name for f in dataclasses.fields(model.Action)
                if "key" in f.metadata and (f.metadata["key"].name or f.name) == key)


class _Same:
    """Whether two actions (plain data) hold the same value for a key, as the model reads them; each dict is
    built into a model action once."""

    def __init__(self):
        self.built: dict[int, tuple[dict, model.Action]] = {}

    def action(self, data: dict | None) -> model.Action:
        data = data or {}
        hit = self.built.get(id(data))
        if hit is None or hit[0] is not data:
            hit = self.built[id(data)] = (data, model.build("Action", data))
        return hit[1]

    def __call__(self, a: dict | None, b: dict | None, key: str) -> bool:
        attr = _attribute(key)
        return getattr(self.action(a), attr) == getattr(self.action(b), attr)


def merge(s: model.Strategy, text: str, imported: Imported, display: str, strategy_display: str) -> Merged:
    """The workbook's edits merged into the strategy's text, or the conflicts and problems that stop it."""
    m = _Merge(s, text, imported, display)
    rows = imported.data.get("actions", [])
    m.used = set(m.current) | {r.get("id") for r in rows if r.get("id")}
    for row in rows:
        m.row(row)
    out = m.out
    in_sheet = {r.get("id") for r in rows}
    for a in s.actions:
        if a.id not in in_sheet:
            out.problems.append(make("CP173", strategy_display, *key_pos(a.raw, "id"), id=a.id))
    out.problems.extend(_derived_edits(s, imported, display))
    out.problems.extend(_unmerged_edits(s, imported, display, strategy_display))
    if not out.errors:
        _edit_progress(s, m.statuses, out)
    if out.errors or not (m.changed or m.added):
        return out
    out.text = _rewrite(text, s, m.changed, m.added, m.taken_keys)
    return out


class _Merge:
    """The state of a merge: what each action row changed, added or refused."""

    def __init__(self, s: model.Strategy, text: str, imported: Imported, display: str) -> None:
        self.s, self.imported, self.display = s, imported, display
        self.same = _Same()
        self.every_key = list(model.declared("Action"))
        # the Status column holds the current status, wherever it lives: merged apart (_status_edit)
        self.keys = [k for k in self.every_key if k != "status"]
        self.statuses: dict[str, list[tuple[str, str]]] = {}  # progress file path -> (action id, new status)
        self.current = {a.id: a for a in s.actions}
        self.out = Merged(text)
        self.changed: dict[str, dict] = {}
        self.taken_keys: dict[str, tuple[dict, list[str]]] = {}  # action id -> (its keys before, keys changed)
        self.added: list[dict] = []
        self.used: set = set()

    def row(self, row: dict) -> None:
        ident = row.get("id")
        # every row read has its place: a row named by no id too (never "row 0")
        place = (self.imported.actions.get(ident) if ident else None) or self.imported.place_of(row)
        sheet, row_no = (place.sheet, place.row) if place else (tables.ACTIONS_SHEET, 2)

        def cell_of(key: str) -> tuple[str, int, int]:
            from openpyxl.utils.cell import coordinate_to_tuple

            ref = (place.cells.get(key) or place.cells.get("id")) if place else None
            ref = ref or f"A{row_no}"
            r, c = coordinate_to_tuple(ref)
            return ref, r, c

        if not ident or ident not in self.current:
            self.new_row(row, ident, sheet, row_no)
            return
        action = self.current[ident]
        mine = tables.plain(action, "Action")
        base = self.imported.base.get(ident)
        same = self.same
        edits = [k for k in self.keys if not same(row, base if base is not None else mine, k)]
        status_to = _status_edit(self.s, action, row, self.imported, cell_of("status"), sheet, self.display,
                                 self.out, self.statuses)
        if not edits and status_to is None:
            return
        if edits and base is not None and not same(base, mine, "title"):
            ref, r, c = cell_of("title")
            self.out.problems.append(make("CP175", self.display, r, c, sheet=sheet, cell=ref, id=ident,
                                          yaml_line=key_pos(action.raw, "title")[0], title=action.title))
            return
        new = dict(mine)
        taken = self.take(row, action, mine, base, edits, new, sheet, cell_of)
        if status_to is not None:
            new["status"] = status_to
            taken.append("status")
        if taken:
            self.changed[ident] = {k: new[k] for k in self.every_key if k in new}
            self.taken_keys[ident] = (mine, list(taken))
            self.out.changes.append(f"{ident}: changed {', '.join(taken)} (sheet '{sheet}' row {row_no})")

    def new_row(self, row: dict, ident, sheet: str, row_no: int) -> None:
        """A row of an action the strategy does not have: added (with a new id), unless it was removed since."""
        if ident and ident in self.imported.base:
            self.out.changes.append(f"{ident}: removed from the strategy since the export; its row "
                                    f"(sheet '{sheet}' row {row_no}) is not added back")
            return
        if not ident:
            n = len(self.current) + len(self.added) + 1
            while f"A{n:02d}" in self.used:
                n += 1
            ident = f"A{n:02d}"
            self.used.add(ident)
            row = {"id": ident, **row}
        self.added.append(row)
        self.out.changes.append(f"{ident}: added (sheet '{sheet}' row {row_no})")

    def take(self, row: dict, action: model.Action, mine: dict, base: dict | None, edits: list[str], new: dict,
             sheet: str, cell_of) -> list[str]:
        """The keys edited in the workbook taken into `new`; a key changed differently in both is a conflict."""
        same = self.same
        taken = []
        for key in edits:
            if base is not None and not same(base, mine, key) and not same(row, mine, key):
                ref, r, c = cell_of(key)
                value = getattr(model.build("Action", row), _attribute(key))
                other = getattr(action, _attribute(key))
                self.out.problems.append(make("CP172", self.display, r, c, sheet=sheet, cell=ref, id=action.id,
                                              field=key, value=_shown(value), other=_shown(other),
                                              yaml_line=key_pos(action.raw, key)[0]))
                continue
            if base is not None and not same(base, mine, key):
                continue  # changed in the strategy only, or to the same value in both
            taken.append(key)
            if key in row:
                new[key] = row[key]
            else:
                new.pop(key, None)
        return taken


def _status_edit(s: model.Strategy, action: model.Action, row: dict, imported: Imported, where: tuple,
                 sheet: str, display: str, out: Merged, statuses: dict) -> str | None:
    """A change of the Status cell, put where the action's current status lives (analysis.status): the
    strategy's new status to write, or None (nothing to change there, or the change goes to a progress file,
    or is refused)."""
    from cpstrat.analysis.status import current, in_words

    typed = row.get("status")
    if typed is None:
        return None
    words = s.status_words
    new = words.get(typed, typed)
    now, source = current(s, action)
    now = words.get(now, now)
    shown = imported.shown.get(action.id, now)
    if new == shown or new == now:
        return None
    ref, r, c = where
    if now != shown:  # changed since the export as well, to something else
        update = source.update_for(action.id) if source is not None else None
        line = key_pos(update.raw if update is not None else action.raw, "status")[0]
        out.problems.append(make("CP172", display, r, c, sheet=sheet, cell=ref, id=action.id, field="status",
                                 value=in_words(new), other=in_words(now), yaml_line=line))
        return None
    change = f"{action.id}: status {in_words(now)} -> {in_words(new)}"
    # the council's own word is written as it spells it (vocabulary.status); any other as the status
    written = typed if typed in words else new
    if source is None:
        out.changes.append(f"{change} (in the strategy, where it lives: no progress file gives one)")
        return written
    latest = s.progress[-1]
    if latest.issued:
        out.problems.append(make("CP186", display, r, c, sheet=sheet, cell=ref, id=action.id, now=in_words(now),
                                 paper=source.path, new=in_words(new)))
        return None
    statuses.setdefault(latest.path, []).append((action.id, written, ref, r, c, sheet))
    out.changes.append(f"{change} (in {latest.path}, the latest progress file, where it lives)")
    return None


def _edit_progress(s: model.Strategy, statuses: dict, out: Merged) -> None:
    """Each progress file's text with the new statuses set in it; CP187 where a layout is not safe to edit."""
    from pathlib import Path

    from cpstrat.excel.progress_edit import Unsafe, set_status

    reports = {p.path: p for p in s.progress}
    for path, edits in statuses.items():
        report = reports[path]
        text = Path(path).read_text(encoding="utf-8")
        for ident, new, ref, r, c, sheet in edits:
            try:
                text = set_status(report, text, ident, new)
            except Unsafe as exc:
                out.problems.append(make("CP187", path, r, c, sheet=sheet, cell=ref, id=ident, paper=path,
                                         reason=str(exc), new=new))
                break
            from cpstrat.format.load import parse

            report = model.build("Progress", parse(text, path).data, s.status_words, path=path)
        else:
            out.progress[path] = text


def _unmerged_edits(s: model.Strategy, imported: Imported, display: str, strategy_display: str) -> list[Diagnostic]:
    """A warning for each strategy-level key whose sheet differs from the strategy: --into merges actions
    only, and an edit it does not apply must never pass unnoticed."""
    mine = tables.plain(s, "Strategy")
    out = []
    for key in model.declared("Strategy"):
        if key == "actions" or imported.data.get(key) == mine.get(key):
            continue
        line = key_pos(s.raw, key)[0] if s.raw is not None and key in s.raw else 1
        sheet, cell = imported.fields.get(key, (tables.STRATEGY_SHEET, None))
        row, column = (cell.row, cell.column) if cell is not None else (1, 1)
        out.append(make("CP176", display, row, column, key=key, strategy=strategy_display, yaml_line=line,
                        sheet=sheet, cell=cell.ref if cell is not None and cell.ref else "A1"))
    return out


def _shown(value) -> str:
    text = "; ".join(map(str, value)) if isinstance(value, tuple) else value_text(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _derived_edits(s: model.Strategy, imported: Imported, display: str) -> list[Diagnostic]:
    """CP174 for a grey cell of the action plan the officer edited: it is never read back. An edit is a cell
    that differs from what the export wrote there (kept on its hidden sheet), so a progress file collected
    since the export is no edit; an export that kept no such record is compared with the progress files."""
    from cpstrat.excel.export import _progress

    shown = {"Latest status": latest_status, "Latest progress": _progress}
    by_row = {place.row: ident for ident, place in imported.actions.items()}
    actions = {a.id: a for a in s.actions}
    out = []
    measures_sheet = next((t.name for t in tables.layout().tables if t.cls == "Measure"), "")
    for sheet, cell, header in imported.derived:
        if sheet == measures_sheet:  # a measure's Latest value, against what the export wrote there
            given = imported.exported_measures.get(imported.measure_rows.get(cell.row, ""), {})
            if header in given and value_text(cell.value) != given[header]:
                out.append(make("CP174", display, cell.row, cell.column, sheet=sheet, cell=cell.ref, header=header))
            continue
        ident = by_row.get(cell.row, "")
        action = actions.get(ident)
        if sheet != tables.ACTIONS_SHEET or action is None:
            continue
        written = imported.exported.get(ident)
        if written is not None:
            if header in written and value_text(cell.value) != written[header]:
                out.append(make("CP174", display, cell.row, cell.column, sheet=sheet, cell=cell.ref, header=header))
        elif header in shown and value_text(cell.value) != value_text(shown[header](s, action) or None):
            out.append(make("CP174", display, cell.row, cell.column, sheet=sheet, cell=cell.ref, header=header))
    return out


def _rewrite(text: str, s: model.Strategy, changed: dict[str, dict], added: list[dict],
             taken: dict[str, tuple[dict, list[str]]] | None = None) -> str:
    """The strategy's text with the changed values edited where they stand (yaml_edit: a status-only change
    is one line, each mapping keeps its style and key order) and new actions appended; an action whose
    change cannot be made in place (an action written in flow style over several lines) is rewritten."""
    lines = text.split("\n")
    raw: Any = s.raw
    items = raw["actions"]
    starts = [items.pos[i][0] for i in range(len(items))]
    column = items.pos[0][1] if items else 3
    indent = max(column - 3, 0)  # the dash two columns before the item's first key
    top = raw.pos["actions"][0]
    later = [p[0] for k, p in raw.pos.items() if p[0] > top]
    end_of_block = (min(later) - 1) if later else len(lines)
    spans = []
    for i, start in enumerate(starts):
        end = (starts[i + 1] - 1) if i + 1 < len(starts) else end_of_block
        while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1  # comments and blank lines after an action stay where they are
        spans.append((start, end))
    if any(start == top for start in starts):
        raise ValueError("the strategy writes its actions in flow style ([...]); write them as a block list")
    edits: list[yaml_edit.Edit] = []
    for (start, end), action in zip(spans, s.actions, strict=True):
        if action.id not in changed:
            continue
        before, keys = (taken or {}).get(action.id, (tables.plain(action, "Action"), list(changed[action.id])))
        try:
            edits += yaml_edit.action_edits(lines, action.raw, before, changed[action.id], keys,  # type: ignore[arg-type]
                                            (start, end))
        except yaml_edit.CannotEdit:
            w = Writer()
            emit_object(w, indent, "Action", changed[action.id], item=True)
            edits.append(yaml_edit.Edit(start - 1, end, w.text().rstrip("\n").split("\n")))
    out = yaml_edit.apply(lines, edits)
    if added:
        w = Writer()
        for a in added:
            emit_object(w, indent, "Action", a, item=True)
        at = (spans[-1][1] if spans else top) + sum(len(e.new) - (e.end - e.start) for e in edits if e.col is None)
        out[at:at] = w.text().rstrip("\n").split("\n")
    return "\n".join(out)
