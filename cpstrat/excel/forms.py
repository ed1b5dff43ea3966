"""Update forms for service leads, and collecting the returned forms into a progress file.

A form has two sheets: 'Updates' (one row per action) and 'Measures' (one row
per measure). Grey columns show the plan and are locked; white columns are
the lead's. The sheets are protected without a password, so Excel and
LibreOffice let leads type only in the white cells, yet anyone can unprotect
them: collect therefore compares every grey cell with the plan itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpstrat.analysis import status as current
from cpstrat.excel import columns as cols
from cpstrat.excel import vocabulary
from cpstrat.excel.emit import Writer, plain_ok, quoted, scalar
from cpstrat.excel.export import latest_status, latest_value, status_choices
from cpstrat.excel.read import Cell, Grid, Row, formula_gaps, open_workbook, read_grid, value_text
from cpstrat.format import model, types
from cpstrat.format.diagnostics import CpstratError, Diagnostic, listing, make, suggest

UPDATES, MEASURES, ABOUT = "Updates", "Measures", "About this form"
# (header, width, editable, field): the header text is how collect finds each column.
UPDATE_COLUMNS = [
    ("Action id", 10, False, "id"), ("Action", 50, False, "title"), ("Lead", 24, False, "lead"),
    ("Due", 12, False, "due"), ("Current status", 14, False, "status"),
    ("New status", 14, True, "new_status"), ("Summary", 45, True, "summary"),
    ("Achievements (one per line)", 45, True, "achievements"), ("Challenges (one per line)", 35, True, "challenges"),
]
MEASURE_COLUMNS = [
    ("Action id", 10, False, "id"), ("Measure id", 12, False, "measure"), ("Measure", 50, False, "text"),
    ("Target", 10, False, "target"), ("Unit", 8, False, "unit"), ("Latest value", 12, False, "latest"),
    ("New value", 12, True, "value"),
]
HEADER_ROW = 5
# What leads write in a measure cell when they have no figure: read as empty.
NO_FIGURE = {"", "n a", "na", "tbc", "tba", "not available", "not known", "unknown", "no data", "none"}


NO_LEAD = ""  # the `lead` of the form for the actions that name no lead


def _lead_matches(action: model.Action, lead: str | None) -> bool:
    if lead == NO_LEAD:
        return not action.lead
    wanted = lead.strip().casefold() if lead is not None else None
    return wanted is None or any(one.casefold() == wanted for one in action.lead) \
        or action.lead_text.casefold() == wanted


# Names Windows keeps for devices, whatever the extension: a form is never given one.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def lead_file_names(s: model.Strategy) -> list[tuple[str, str]]:
    """(lead, file name) for each lead the actions name, in plan order: the lead in lower-case ASCII words
    joined by hyphens (accents dropped, nothing a file system reads specially), at most 60 characters;
    leads that come to the same name (by case or punctuation) get -2, -3 ... in plan order."""
    import unicodedata

    leads = list(dict.fromkeys(one for a in s.actions for one in a.lead))
    taken: set[str] = set()
    out = []
    for lead in leads:
        ascii_text = unicodedata.normalize("NFKD", lead).encode("ascii", "ignore").decode()
        stem = "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))[:60].strip("-") or "lead"
        if stem in _RESERVED:
            stem += "-lead"
        name, n = stem, 1
        while name.casefold() in taken:
            n += 1
            name = f"{stem}-{n}"
        taken.add(name.casefold())
        out.append((lead, f"{name}.xlsx"))
    if any(not a.lead for a in s.actions):  # no action is left without a form
        name, n = "no-lead", 1
        while name in taken:
            n += 1
            name = f"no-lead-{n}"
        out.append((NO_LEAD, f"{name}.xlsx"))
    return out


def make_form(s: model.Strategy, lead: str | None) -> tuple[bytes, int]:
    """The form as .xlsx bytes and how many actions it holds."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    from cpstrat.excel.workbook import HEADER_FILL, HEADER_FONT, LOCKED_FILL, append, finish_sheet, saved
    from cpstrat.format.files import document_time

    actions = [a for a in s.actions if _lead_matches(a, lead)]
    wb = Workbook()
    ws = wb.active
    ws.title = UPDATES
    who = "for the actions with no lead" if lead == NO_LEAD else f"for {lead}" if lead else "for all leads"
    _intro(ws, f"Progress update form {who}: {s.council}, {s.title}",
           "Write your update in the white columns: choose a New status from the list, give a short Summary, and "
           "list Achievements and Challenges one per line. Grey columns show the plan and are locked. Measure "
           "figures go on the Measures sheet.")
    _header(ws, UPDATE_COLUMNS, HEADER_FONT, HEADER_FILL)
    latest = s.latest
    for a in actions:
        append(ws, [a.id, a.title, a.lead_text, a.due.value if a.due else None,
                    current.in_words(latest_status(s, a), s.status_words)])
    ms = wb.create_sheet(MEASURES)
    _intro(ms, f"Measures {who}: {s.council}, {s.title}",
           "Write this period's figure for each measure in the New value column: a number alone (a % sign is "
           "allowed). Leave it empty if there is no figure.")
    _header(ms, MEASURE_COLUMNS, HEADER_FONT, HEADER_FILL)
    for a in actions:
        for m in a.measures:
            value = latest_value(s, a.id, m.id)
            append(ms, [a.id, m.id, m.text, m.target, m.unit, value])
    wrap = Alignment(wrap_text=True, vertical="top")
    for sheet, spec in ((ws, UPDATE_COLUMNS), (ms, MEASURE_COLUMNS)):
        for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=len(spec)):
            for cell, (_, _, editable, name) in zip(row, spec, strict=True):
                cell.alignment = wrap
                if editable:
                    cell.protection = Protection(locked=False)
                else:
                    cell.fill = LOCKED_FILL
                if name == "due":
                    cell.number_format = "yyyy-mm-dd"
        finish_sheet(sheet, [(h, w) for h, w, _, _ in spec], HEADER_ROW)
        sheet.protection.sheet = True
        # leads may still resize, sort and filter; only the grey cells are fixed
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False
        sheet.protection.autoFilter = False
        sheet.protection.sort = False
    statuses = DataValidation(type="list", formula1='"' + ",".join(status_choices(s.status_words)) + '"', allow_blank=True,
                              showErrorMessage=True, errorTitle="New status",
                              error="Choose a status from the list.")
    ws.add_data_validation(statuses)
    if actions:
        statuses.add(f"F{HEADER_ROW + 1}:F{HEADER_ROW + len(actions)}")
    about = wb.create_sheet(ABOUT)
    for row in (["cpstrat update form", 1], ["council", s.council], ["strategy", s.title],
                ["lead", "(no lead)" if lead == NO_LEAD else lead or "(all)"], ["latest progress", latest.as_at if latest else None]):
        append(about, row)
    about.sheet_state = "hidden"
    return saved(wb, f"Progress update form: {s.title}", s.council, document_time(s, latest)), len(actions)


def _intro(ws, title: str, text: str) -> None:
    from openpyxl.styles import Alignment, Font

    from cpstrat.excel.workbook import put

    put(ws, 1, 1, title).font = Font(bold=True, size=14)
    ws["A2"] = text
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells("A2:G3")
    ws.row_dimensions[2].height = 30


def _header(ws, spec, font, fill) -> None:
    for i, (header, _, _, _) in enumerate(spec, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=header)
        cell.font, cell.fill = font, fill


# -- collecting ---------------------------------------------------------------------


@dataclass
class Given:
    """One value a form gave, and where, so a conflict can name both places."""

    value: Any
    file: str
    sheet: str
    cell: Cell


@dataclass
class Collected:
    action: str
    fields: dict[str, Given] = field(default_factory=dict)
    measures: dict[str, Given] = field(default_factory=dict)


def collect_forms(s: model.Strategy, forms: list[tuple[Path, str]]) -> tuple[list[Collected], list[Diagnostic]]:
    """Every update the forms give, merged by action, and every problem found (nothing raised)."""
    out: list[Diagnostic] = []
    merged: dict[str, Collected] = {}
    for path, display in forms:
        try:
            workbook = open_workbook(path, display)
        except CpstratError as exc:
            out.extend(exc.diagnostics)
            continue
        try:
            if UPDATES not in workbook.sheetnames or MEASURES not in workbook.sheetnames:
                out.append(make("CP082", display, reason=f"it has no '{UPDATES}' and '{MEASURES}' sheets "
                                f"(sheets: {', '.join(workbook.sheetnames)})"))
                continue
            facts = _facts(workbook)
            made_for = (facts["council"], facts["strategy"]) if "council" in facts and "strategy" in facts else None
            if made_for and made_for != (s.council, s.title):
                out.append(make("CP082", display, reason=f"it was made for {made_for[0]}, {made_for[1]}, "
                                f"not for {s.council}, {s.title}"))
                continue
            grids = [read_grid(workbook, UPDATES, colours=False), read_grid(workbook, MEASURES, colours=False)]
        finally:
            workbook.close()
        try:
            for grid in grids:
                out.extend(formula_gaps(display, grid))
        except CpstratError as exc:
            out.extend(exc.diagnostics)
        _Form(s, display, merged, out, _issued(facts.get("latest progress", ""))).read(*grids)
    order = {a.id: i for i, a in enumerate(s.actions)}
    updates = sorted((c for c in merged.values() if c.fields or c.measures), key=lambda c: order[c.action])
    return updates, out


def _facts(workbook) -> dict[str, str]:
    """What the form's hidden sheet records: council, strategy, lead, latest progress (empty without it)."""
    if ABOUT not in workbook.sheetnames:
        return {}
    return {value_text(row[0].value): value_text(row[1].value) for row in read_grid(workbook, ABOUT, False).rows
            if len(row) >= 2}


def _issued(text: str) -> dt.date | None:
    """The date of the newest progress file when the form was made: its Current status came from there."""
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


class _Form:
    def __init__(self, s: model.Strategy, display: str, merged: dict[str, Collected], out: list[Diagnostic],
                 issued: dt.date | None = None):
        self.s, self.file, self.merged, self.out = s, display, merged, out
        if issued is not None:  # the progress files the form was made from, not those collected since
            self.s = dataclasses.replace(s, progress=tuple(p for p in s.progress if p.as_at and p.as_at <= issued))
        self.actions = {a.id: a for a in s.actions}

    def error(self, code: str, cell: Cell, sheet: str, **params) -> None:
        self.out.append(make(code, self.file, cell.row, cell.column, sheet=sheet, cell=cell.ref, **params))

    def columns(self, grid: Grid, spec) -> dict[str, int] | None:
        headers = [h for h, _, _, _ in spec]
        if grid.row(HEADER_ROW).present():
            found = {value_text(c.value): c.column for c in grid.row(HEADER_ROW).present() if c.value is not None}
            if all(h in found for h in headers):
                return {name: found[h] for h, _, _, name in spec}
        missing = ", ".join(f"'{h}'" for h in headers)
        self.out.append(make("CP082", self.file, HEADER_ROW, 1, reason=f"sheet '{grid.sheet}' row {HEADER_ROW} "
                             f"does not hold the headers {missing} (was a column or row inserted or deleted?)"))
        return None

    def read(self, updates: Grid, measures: Grid) -> None:
        ucols = self.columns(updates, UPDATE_COLUMNS)
        mcols = self.columns(measures, MEASURE_COLUMNS)
        if ucols:
            for row in updates.rows_from(HEADER_ROW + 1):
                self.update_row(updates.sheet, row, ucols)
        if mcols:
            for row in measures.rows_from(HEADER_ROW + 1):
                self.measure_row(measures.sheet, row, mcols)

    def cell(self, row: Row, index: int) -> Cell:
        return row[index - 1] if index <= len(row) else Cell(None, None, row.number, index)

    def action_of(self, sheet: str, row: Row, cols_: dict, editable: list[str]) -> model.Action | None:
        id_cell = self.cell(row, cols_["id"])
        ident = value_text(id_cell.value)
        given = [self.cell(row, cols_[k]) for k in editable if self.cell(row, cols_[k]).value is not None]
        if not ident:
            if given:
                self.error("CP086", given[0], sheet)
            return None
        action = self.actions.get(ident)
        if action is None:
            self.error("CP078", id_cell, sheet, kind="action", value=ident, suggestion=suggest(ident, self.actions),
                       allowed=listing(self.actions))
        return action

    def protected(self, sheet: str, row, cols_, action_id: str, expected: dict[str, tuple[str, object]]) -> None:
        for name, (label, plan) in expected.items():
            cell = self.cell(row, cols_[name])
            if _same(cell.value, plan):
                continue
            self.error("CP077", cell, sheet, what=label, id=action_id, value=value_text(cell.value),
                       plan=value_text(plan))

    def update_row(self, sheet: str, row: Row, c: dict) -> None:
        action = self.action_of(sheet, row, c, ["new_status", "summary", "achievements", "challenges"])
        if action is None:
            return
        now = latest_status(self.s, action)
        shown = self.cell(row, c["status"]).value
        # the form shows the status in words; a form made before it did shows the id, which is the same status
        expected = now if _same(shown, now) else current.in_words(now, self.s.status_words)
        self.protected(sheet, row, c, action.id, {
            "title": ("Action", action.title), "lead": ("Lead", action.lead_text),
            "due": ("Due", action.due.value if action.due else None),
            "status": ("Current status", expected)})
        status_cell = self.cell(row, c["new_status"])
        if status_cell.value is not None:
            text = value_text(status_cell.value)
            # the one vocabulary (vocabulary.py): cpstrat's statuses, the council's words, Amber, Not started ...
            status, ambiguous = vocabulary.status(text, self.s.status_words)
            if status is None or ambiguous:
                allowed = [*types.STATUSES, *self.s.status_words]
                self.error("CP079", status_cell, sheet, value=text, allowed=", ".join(allowed),
                           suggestion=suggest(text.lower().replace(" ", "-"), allowed))
            else:
                self.give(action.id, "status", status, sheet, status_cell)
        for name in ("summary", "achievements", "challenges"):
            cell = self.cell(row, c[name])
            if cell.value is None:
                continue
            text = value_text(cell.value)
            value = text.strip() if name == "summary" else _lines(text)
            if value:
                self.give(action.id, name, value, sheet, cell)

    def measure_row(self, sheet: str, row: Row, c: dict) -> None:
        action = self.action_of(sheet, row, c, ["value"])
        if action is None:
            return
        mid_cell = self.cell(row, c["measure"])
        mid = value_text(mid_cell.value)
        own = {m.id: m for m in action.measures}
        measure = own.get(mid)
        if measure is None:
            self.error("CP078", mid_cell, sheet, kind=f"measure (of action {action.id})", value=mid,
                       suggestion=suggest(mid, own), allowed=listing(own))
            return
        self.protected(sheet, row, c, action.id, {"text": ("Measure", measure.text),
                                                  "target": ("Target", measure.target),
                                                  "unit": ("Unit", measure.unit)})
        cell = self.cell(row, c["value"])
        if cell.value is None or cols.norm(cell.value) in NO_FIGURE:
            return
        number = _number(cell.value)
        if number is None:
            self.error("CP080", cell, sheet, id=mid, value=value_text(cell.value))
            return
        self.give(action.id, mid, number, sheet, cell, measure=True)

    def give(self, action_id: str, name: str, value, sheet: str, cell: Cell, measure: bool = False) -> None:
        entry = self.merged.setdefault(action_id, Collected(action_id))
        place = entry.measures if measure else entry.fields
        new = Given(value, self.file, sheet, cell)
        old = place.get(name)
        if old is None:
            place[name] = new
        elif old.value != value:
            label = f"measure {name}" if measure else name
            self.error("CP076", cell, sheet, id=action_id, field=label, value=_shown(value), other=_shown(old.value),
                       other_file=old.file, other_sheet=old.sheet, other_cell=old.cell.ref)


def _shown(value) -> str:
    text = "; ".join(value) if isinstance(value, list) else value_text(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _same(cell_value, plan) -> bool:
    if isinstance(cell_value, dt.datetime):
        cell_value = cell_value.date()
    if isinstance(plan, dt.date) and isinstance(cell_value, dt.date):
        return cell_value == plan
    if isinstance(plan, (int, float)) and isinstance(cell_value, (int, float)) and not isinstance(cell_value, bool):
        return float(cell_value) == float(plan)
    return " ".join(value_text(cell_value).split()) == " ".join(value_text(plan).split())


def _lines(text: str) -> list[str]:
    return [re.sub(r"^\s*(?:[-•·*▪◦]|\d+[.)])\s+", "", line).strip() for line in text.splitlines() if line.strip()]


def _number(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else value
    m = re.fullmatch(r"\s*([-+]?\d[\d,]*(?:\.\d+)?|[-+]?\.\d+)\s*%?\s*", str(value))
    if not m:
        return None
    number = float(m[1].replace(",", ""))
    return int(number) if number.is_integer() else number


# What the next progress file takes from the last, as it was written there: the cover (meeting name, report
# of, contact ...), the implications and the council's standing sections. Recommendations, updates,
# indicator figures and dates are this meeting's own, and are left to fill.
CARRIED = ("title", "author", "report_of", "decision_designation", "key_decision", "wards_affected", "contact",
           "implications", "risks", "safeguarding", "sections")


def previous_progress(s: model.Strategy, as_at: dt.date) -> model.Progress | None:
    """The newest progress file before `as_at`: the one a new progress file starts from."""
    earlier = [p for p in s.progress if p.as_at is not None and p.as_at < as_at]
    return earlier[-1] if earlier else None


def carried_lines(previous: model.Progress | None) -> tuple[str | None, list[str]]:
    """(the meeting's name, the YAML lines of the CARRIED keys) as the previous progress file writes them,
    comments inside them kept; (None, []) when there is none, or it cannot be read again."""
    if previous is None or previous.raw is None or not previous.path:
        return None, []
    try:
        text = Path(previous.path).read_text("utf-8")
    except (OSError, UnicodeDecodeError):
        return None, []
    lines = text.split("\n")
    raw: Any = previous.raw
    tops = sorted((p[0], k) for k, p in raw.pos.items()) if getattr(raw, "pos", None) else []
    out: list[str] = []
    for i, (line, key) in enumerate(tops):
        if key not in CARRIED:
            continue
        end = tops[i + 1][0] - 1 if i + 1 < len(tops) else len(lines)
        while end > line and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        if raw.pos[key][1] != 1:
            return None, []  # a top-level mapping written in flow style: nothing is copied by guesswork
        out.extend(lines[line - 1:end])
    meeting = previous.meeting.body if previous.meeting else None
    return meeting or None, out


def progress_yaml(s: model.Strategy, updates: list[Collected], as_at: dt.date, meeting: str | None,
                  sources: list[str]) -> str:
    """The progress file (contract section 3), saying which forms it came from, starting from the last
    progress file's cover, implications and standing sections (CARRIED)."""
    previous = previous_progress(s, as_at)
    body, carried = carried_lines(previous)
    w = Writer()
    w.comment(f"Collected by `cpstrat collect` from {', '.join(sources)}.")
    if carried:
        w.comment(f"The cover, implications and the council's sections are carried forward from "
                  f"{Path(previous.path).name if previous else ''}: check each still holds.")
        w.comment("Still to fill: the meeting's date and agenda item, the recommendations and any indicator figures.")
    else:
        w.comment("Add the meeting, purpose and implications before the report goes to the board.")
    w.key(0, "cpstrat", 1)
    w.key(0, "as_at", as_at)
    if meeting:
        w.key(0, "meeting", meeting)
    elif body:
        w.lines.append(f"meeting: {{name: {scalar(body) if plain_ok(body) and ',' not in body else quoted(body)}}}"
                       "  # add date: and agenda_item:")
    else:
        w.comment("meeting: Corporate Parenting Board, DATE")
    w.lines.extend(carried)
    if carried:
        w.comment("recommendations: [What the board is asked to do]")
    w.key(0, "updates", raw="[]" if not updates else "")
    for u in updates:
        w.key(2, "action", u.action, item=True, note=_where(u))
        for name in ("status", "summary"):
            if name in u.fields:
                w.key(4, name, u.fields[name].value)
        for name in ("achievements", "challenges"):
            if name in u.fields:
                w.key(4, name)
                for line in u.fields[name].value:
                    w.item(6, line)
        if u.measures:
            w.key(4, "measures")
            for mid, given in u.measures.items():
                key = mid if plain_ok(mid) and ":" not in mid else quoted(mid)
                w.lines.append(f"      {key}: {given.value!r}")
    return w.text()


def _where(u: Collected) -> str:
    places = {f"{Path(g.file).name} {g.sheet}!{g.cell.ref}" for g in [*u.fields.values(), *u.measures.values()]}
    return "from " + ", ".join(sorted(places)[:3]) + (" ..." if len(places) > 3 else "")


def verify_progress(s: model.Strategy, text: str, target_display: str) -> list[Diagnostic]:
    """What `cpstrat check` would say about the new progress file beside the strategy (run on a scratch copy)."""
    import shutil
    import tempfile

    from cpstrat.checks.run import check

    with tempfile.TemporaryDirectory(prefix="cpstrat-collect-") as scratch:
        folder = Path(scratch)
        shutil.copyfile(s.path, folder / "strategy.yaml")
        (folder / "progress").mkdir()
        new = folder / "progress" / "new.yaml"
        new.write_text(text, encoding="utf-8")
        result = check(folder)
        mine = {str(new), str(new.resolve())}
        return [_moved(d, target_display) for d in result.diagnostics if d.file in mine]


def _moved(d: Diagnostic, file: str) -> Diagnostic:
    import dataclasses

    return dataclasses.replace(d, file=file)
