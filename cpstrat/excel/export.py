"""The whole strategy as a workbook (tables.py lays it out): the action plan first, one row per action.

Status is written as its word, with a fill colour as a second cue only (never
colour alone). Grey columns are shown from the latest progress file (each
action's latest status and progress, each measure's latest value) and are not
read back. A hidden sheet marks the workbook as an export and keeps what each
action was when exported, so `import-xlsx --into` can tell an edit in the
sheet from a change made to the strategy since.
"""

from __future__ import annotations

from cpstrat.analysis import status
from cpstrat.excel import tables
from cpstrat.excel.workbook import (
    HEADER_FILL,
    HEADER_FONT,
    LOCKED_FILL,
    STATUS_FILLS,
    finish_sheet,
    put,
    saved,
)
from cpstrat.format import model, types
from cpstrat.format.files import document_time

ABOUT = "cpstrat"
MARK = "cpstrat export"
WIDTHS = {"title": 50, "description": 40, "text": 45, "notes": 30, "wording": 45, "id": 10, "principles": 30,
          "priorities": 28, "lead": 26, "partners": 24, "due": 12, "status": 13, "name": 30, "quote": 40}


def latest_status(s: model.Strategy, a: model.Action) -> str:
    """The action's current status: in the newest progress file that gives one, else as the strategy gives it."""
    return status.current(s, a)[0]


def status_choices(own: dict | None = None) -> list[str]:
    """The status words a sheet's drop-down offers: cpstrat's, then the council's own (a list validation holds
    at most 255 characters, so the council's last words give way first)."""
    choices = [status.in_words(k) for k in types.STATUSES] + [w for w in (own or {}) if "," not in w and '"' not in w]
    while len(",".join(choices)) > 250:
        choices.pop()
    return choices


def latest_value(s: model.Strategy, action_id: str, measure_id: str):
    """The measure's value in the newest progress file that gives one (None when none does)."""
    for p in reversed(s.progress):
        update = p.update_for(action_id)
        if update and measure_id in update.measures:
            return update.measures[measure_id]
    return None


def latest_update(s: model.Strategy, a: model.Action) -> tuple[model.Progress, model.Update] | None:
    for p in reversed(s.progress):
        update = p.update_for(a.id)
        if update:
            return p, update
    return None


def words(s: model.Strategy) -> dict[str, dict[str, str]]:
    """Titles that stand for principle and priority ids in cells (only where each title is unique)."""
    out = {}
    for kind, pairs in ((types.ref_type("principle"), [(p.id, p.title) for p in s.principles()]),
                        (types.ref_type("priority"), [(p.id, p.title) for p in s.priorities])):
        titles = [t for _, t in pairs]
        out[kind] = {i: t for i, t in pairs if t and titles.count(t) == 1 and t not in dict(pairs)}
    return out


def export_plan(s: model.Strategy) -> bytes:
    """The strategy as a workbook: a sheet of its own keys, one per mapping and per kind of object, the
    published figures, and a hidden About sheet of what was exported (for import-xlsx --into)."""
    from openpyxl import Workbook

    lay = tables.layout()
    data = tables.plain(s, "Strategy")
    wb = Workbook()
    latest = s.latest
    as_at = latest.as_at.isoformat() if latest and latest.as_at else ""
    order = sorted(lay.tables, key=lambda t: t.name != tables.ACTIONS_SHEET)
    sheets: dict = {}
    first = wb.active
    for table in order:
        ws = first if not sheets else wb.create_sheet()
        ws.title = table.name
        sheets[table.name] = ws
    _strategy_sheet(wb.create_sheet(tables.STRATEGY_SHEET, 1), s, lay, data)
    _map_sheets(wb, lay, data)
    for table in lay.tables:
        _object_sheet(sheets[table.name], s, table, data, as_at)
    published_figures(wb, s, _header)
    _about_sheet(wb.create_sheet(ABOUT), s, lay, as_at)
    return saved(wb, f"{s.title} action plan", s.council, document_time(s, latest))


def _header(ws, names) -> None:
    for i, name in enumerate(names, start=1):
        cell = put(ws, 1, i, name)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL


def _wrap():
    from openpyxl.styles import Alignment

    return Alignment(wrap_text=True, vertical="top")


def _strategy_sheet(ws, s: model.Strategy, lay, data: dict) -> None:
    """The strategy's own keys: one row per value, with what the key means."""
    wrap = _wrap()
    titles = words(s)
    _header(ws, ["Field", "Value", "Meaning"])
    row = 2
    docs = _docs()
    for col in lay.fields:
        value = tables.dig(data, col.path)
        values = value if isinstance(value, list) and col.type == types.list_type("text") else [value]
        for item in values:
            put(ws, row, 1, ".".join(col.path))
            cell = put(ws, row, 2, tables.to_cell(item, col.type) if col.type == types.list_type("text")
                       else tables.to_cell(item, col.type, titles.get(types.item_type(col.type))))
            cell.alignment = wrap
            if col.type == "date":
                cell.number_format = "yyyy-mm-dd"
            put(ws, row, 3, docs.get(col.path, "")).alignment = wrap
            row += 1
    finish_sheet(ws, [("Field", 22), ("Value", 70), ("Meaning", 50)])


def _map_sheets(wb, lay, data: dict) -> None:
    wrap = _wrap()
    for col in lay.maps:
        ws = wb.create_sheet(col.header)
        _header(ws, ["Key", "Value"])
        for r, (k, v) in enumerate((tables.dig(data, col.path) or {}).items(), start=2):
            put(ws, r, 1, k)
            put(ws, r, 2, v).alignment = wrap
        finish_sheet(ws, [("Key", 20), ("Value", 60)])


def _object_sheet(ws, s: model.Strategy, table, data: dict, as_at: str) -> None:
    """One kind of object, a row each: its keys, then the grey columns shown from the progress files."""
    from openpyxl.comments import Comment

    heads = ([table.parent_header] if table.parent else []) + [c.header for c in table.columns]
    derived = _derived(table, as_at)
    _header(ws, heads + [h for h, _ in derived])
    for i, (_h, _) in enumerate(derived, start=len(heads) + 1):
        ws.cell(1, i).comment = Comment(f"Shown from the newest progress file that gives it (latest: {as_at}); "
                                        "not read back by import-xlsx. Progress is updated with `cpstrat "
                                        "update-form` and `cpstrat collect`.", "cpstrat")
    r = 2
    look = (_wrap(), words(s))
    for parent_ref, obj, model_obj in _rows(s, data, table):
        _object_row(ws, r, s, table, (parent_ref, obj, model_obj), derived, len(heads), look)
        r += 1
    _status_columns(ws, s, table, len(heads), r - 1)
    widths = [(h, 12) for h in heads[:len(heads) - len(table.columns)]] + [
        (c.header, WIDTHS.get(c.path[-1], 18)) for c in table.columns] + [(h, 30) for h, _ in derived]
    finish_sheet(ws, widths)


def _object_row(ws, r: int, s: model.Strategy, table, row, derived, keys: int, look) -> None:
    """One object's row: (parent's id, its plain data, the model object); look: the cell alignment and the
    titles that stand for ids."""
    parent_ref, obj, model_obj = row
    wrap, titles = look
    values = ([parent_ref] if table.parent else []) + [
        _status_cell(s, table, model_obj, obj, c) if c.type == "status" else
        tables.to_cell(tables.dig(obj, c.path), c.type, titles.get(types.item_type(c.type)))
        for c in table.columns]
    values += [fn(s, model_obj) for _, fn in derived]
    for c, value in enumerate(values, start=1):
        cell = put(ws, r, c, value)
        cell.alignment = wrap
        if isinstance(value, (int, float)) and not isinstance(value, bool) or hasattr(value, "isoformat"):
            cell.number_format = "yyyy-mm-dd" if hasattr(value, "isoformat") else "General"
        if c > keys:
            cell.fill = LOCKED_FILL


def _status_columns(ws, s: model.Strategy, table, keys: int, last_row: int) -> None:
    """A list of statuses to choose from in each status column (and what the Actions sheet's one means)."""
    from openpyxl.comments import Comment
    from openpyxl.worksheet.datavalidation import DataValidation

    for c, col in enumerate(table.columns, start=keys - len(table.columns) + 1):
        if col.type == "status":
            _statuses(ws, c, last_row, DataValidation, s.status_words)
            if table.cls == "Action":
                ws.cell(1, c).comment = Comment(
                    "The action's one current status: the newest progress file's, else the strategy's. Change "
                    "it in words (At risk, or the council's own); import-xlsx --into puts the change where the "
                    "status lives.", "cpstrat")


def _about_sheet(about, s: model.Strategy, lay, as_at: str) -> None:
    """The hidden sheet import-xlsx --into reads: each action as exported, and what its grey cells showed."""
    action_derived: list = next((_derived(t, as_at) for t in lay.tables if t.cls == "Action"), [])
    put(about, 1, 1, MARK)
    put(about, 1, 2, 1)
    put(about, 2, 1, "latest progress")
    put(about, 2, 2, as_at or None)
    for r, a in enumerate(s.actions, start=3):
        put(about, r, 1, "action")
        put(about, r, 2, a.id)
        put(about, r, 3, tables.to_json(tables.plain(a, "Action")))
        put(about, r, 4, latest_status(s, a) or None)  # the status the sheet showed, to tell an edit of it
        # the grey cells as written (column 5), so an edit of one is told from a progress file added since
        shown = {header: value_text_of(fn(s, a)) for header, fn in action_derived}
        if shown:
            put(about, r, 5, tables.to_json(shown))
    measure_derived: list = next((_derived(t, as_at) for t in lay.tables if t.cls == "Measure"), [])
    if measure_derived:  # each measure's grey cells as written, likewise
        r = 3 + len(s.actions)
        for _, m in s.measures():
            put(about, r, 1, "measure")
            put(about, r, 2, m.id)
            put(about, r, 5, tables.to_json({header: value_text_of(fn(s, m)) for header, fn in measure_derived}))
            r += 1
    about.sheet_state = "hidden"


FIGURES_SHEET = "Published figures"
FIGURES_HEADER = ["Indicator id", "Indicator", "Period", "Council", "England", "Region", "Neighbours' mean",
                  "Neighbours with a figure", "Rank", "Change", "Against target"]


def published_figures(wb, s: model.Strategy, header) -> None:
    """A sheet of every indicator's published figures, period by period, as the scorecard gives them: a
    number as a number, a symbol as its word. Shown, not read back (the CSV files are the source)."""
    from openpyxl.comments import Comment

    from cpstrat.analysis import scorecard

    cards = scorecard.build(s).cards
    if not cards:
        return
    ws = wb.create_sheet(FIGURES_SHEET)
    header(ws, FIGURES_HEADER)
    ws.cell(1, 1).comment = Comment("Read from the published CSV files named under each indicator's `data:`; "
                                    "not read back by import-xlsx.", "cpstrat")

    def figure(cell):
        return cell.value if cell.value is not None else cell.word

    r = 2
    for card in cards:
        for row in card.rows:
            mean = row.neighbours.mean
            values = [card.id, card.name, row.period.label, figure(row.council), figure(row.england),
                      figure(row.region), round(mean, 1) if mean is not None else "no figure",
                      f"{row.neighbours.with_figure} of {row.neighbours.total}", row.rank_text,
                      row.change_text(card.unit), row.status]
            for c, value in enumerate(values, start=1):
                put(ws, r, c, value).fill = LOCKED_FILL
            r += 1
    finish_sheet(ws, [(h, 30 if h in ("Indicator", "Change") else 14) for h in FIGURES_HEADER])


def value_text_of(value) -> str:
    """A grey cell's value as read back (read.value_text of what the cell holds)."""
    from cpstrat.excel.read import value_text

    return value_text(value) if value is not None else ""


def _docs() -> dict[tuple[str, ...], str]:
    out = {}

    def walk(cls: str, prefix: tuple[str, ...]) -> None:
        for key, spec in model.declared(cls).items():
            if spec.type[:1].isupper():
                walk(spec.type, (*prefix, key))
            out[prefix + (key,)] = spec.doc

    walk("Strategy", ())
    return out


def _rows(s: model.Strategy, data: dict, table: tables.Table):
    """(parent reference, plain object, model object) for each row of `table`, in file order."""
    if table.parent is None:
        models = _model_list(s, table.path)
        for obj, m in zip(tables.dig(data, table.path) or [], models, strict=True):
            yield None, obj, m
        return
    for parent_row, (_pref, parent_obj, parent_model) in enumerate(_rows(s, data, table.parent), start=2):
        ref = parent_obj.get("id", parent_row)
        models = _model_list(parent_model, table.path)
        for obj, m in zip(tables.dig(parent_obj, table.path) or [], models, strict=True):
            yield ref, obj, m


def _model_list(obj, path):
    for key in path:
        obj = getattr(obj, key)
    return obj


def _derived(table: tables.Table, as_at: str):
    """Columns shown from the latest progress file (never read back)."""
    if not as_at:
        return []
    if table.cls == "Action":  # its current status is the editable Status column itself
        return [("Latest progress", _progress)]
    if table.cls == "Measure":
        def value(s, m):
            owner = next((a for a in s.actions if m in a.measures), None)
            return latest_value(s, owner.id, m.id) if owner else None
        return [("Latest value", value)]
    return []


def _status_cell(s: model.Strategy, table: tables.Table, model_obj, obj: dict, col: tables.Column) -> str | None:
    """A status cell: in words; an action's is its current status (status.current), wherever it lives."""
    value = latest_status(s, model_obj) if table.cls == "Action" else tables.dig(obj, col.path)
    return status.in_words(value, s.status_words) if value else None


def _statuses(ws, column: int, last: int, DataValidation, own: dict | None = None) -> None:
    from openpyxl.utils import get_column_letter

    letter = get_column_letter(column)
    fills = {status.in_words(k): fill for k, fill in STATUS_FILLS.items()}
    for r in range(2, last + 1):
        cell = ws[f"{letter}{r}"]
        if cell.value in fills:
            cell.fill = fills[cell.value]
    if last < 2:
        return
    rule = DataValidation(type="list", formula1='"' + ",".join(status_choices(own)) + '"', allow_blank=True,
                          showErrorMessage=True, errorTitle="Status", error="Choose a status from the list.")
    ws.add_data_validation(rule)
    rule.add(f"{letter}2:{letter}{last}")


def _progress(s: model.Strategy, a: model.Action) -> str:
    found = latest_update(s, a)
    if found is None:
        return ""
    p, u = found
    lines = [f"At {p.as_at.isoformat() if p.as_at else '?'}" + (f": {status.in_words(u.status, s.status_words)}" if u.status else "")]
    if u.summary:
        lines.append(u.summary)
    lines.extend(f"- {x}" for x in u.achievements)
    measures = {m.id: m for m in a.measures}
    lines.extend(f"{measures[k].text if k in measures else k}: {v:g}" for k, v in u.measures.items())
    return "\n".join(lines)
