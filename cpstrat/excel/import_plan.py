"""An Excel action plan -> the tables, columns and actions of a Plan (plan.py).

Stages: find each sheet's header row, name each column (columns.yaml, then
--map), read the title block above the table, and read each row as an action
(or a section heading, or the continuation of the action above). Nothing in
the sheet is dropped: what has no cpstrat field goes into the action's
`notes` (or the strategy's `source`), and what could not be mapped is kept
as the sheet had it, so `cpstrat check` flags it once plan_yaml.py has
written the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from cpstrat.excel import columns as cols
from cpstrat.excel.dates import parse_due
from cpstrat.excel.plan import KEPT_IN_NOTES, Action, Column, Plan, Table
from cpstrat.excel.principles import map_principles
from cpstrat.excel.read import Cell, Grid, formula_gaps, open_workbook, read_grid, sheet_comments, value_text
from cpstrat.format import frameworks
from cpstrat.format.diagnostics import CpstratError, make, suggest

HEADER_SCAN_ROWS = 40
# A sheet with no action table and at most this many filled cells is a cover
# page: its text is kept in `source`; a bigger one is reported, not imported.
COVER_CELLS = 60


def parse_maps(maps: list[str]) -> dict[str, str]:
    """--map "Header=field" options -> {normalised header: field}; CP075 on a bad one."""
    out = Maps()
    fields = ", ".join(cols.FIELDS_IN_ORDER)
    for item in maps:
        header, eq, name = item.rpartition("=")
        name = name.strip().lower()
        if not eq or not header.strip():
            raise CpstratError([make("CP075", "<command line>", value=item, problem="no '=' between header "
                                     "and field", fields=fields)])
        if name not in cols.FIELDS_IN_ORDER:
            raise CpstratError([make("CP075", "<command line>", value=item, fields=fields,
                                     problem=f"unknown field '{name}'{suggest(name, cols.FIELDS_IN_ORDER)}")])
        out[cols.norm(header)] = name
        out.original[cols.norm(header)] = header.strip()
    return out


class Maps(dict):
    """--map options: normalised header -> field, remembering each header as typed."""

    def __init__(self):
        super().__init__()
        self.original: dict[str, str] = {}

    def shown(self, header: str) -> str:
        return getattr(self, "original", {}).get(header, header)


def read_plan(path: Path, display: str, maps: dict[str, str], sheet: str | None = None,
              framework: str = frameworks.DEFAULT) -> Plan:
    """Every action table in the workbook (or in --sheet) as one plan.

    Several sheets holding action tables (one sheet per priority is common)
    are all imported, each sheet's name becoming the priority of its actions
    when it has no priority column. Short sheets with no table (a cover page)
    are kept in `source` and searched for the council, title and period.
    """
    names, grids = _read_sheets(path, display, sheet)
    candidates = [sheet] if sheet else names
    found = _tables_found(grids, candidates, maps, display)
    gaps = [d for name, _ in found for d in formula_gaps(display, grids[name])]
    if gaps:
        raise CpstratError(gaps)
    plan = Plan(display, [], [], [], {}, [], framework=framework)
    given_ids: set[str] = set()
    for name, header_row in found:
        before = len(plan.actions)
        build_plan(grids[name], header_row, maps, display, framework, plan, given_ids,
                   sheet_priority=name if len(found) > 1 else "")
        if len(plan.actions) == before:
            raise CpstratError([make("CP088", display, header_row, 1, sheet=name, row=header_row,
                                     allowed=", ".join(names))])
    _other_sheets(plan, grids, names, {name for name, _ in found}, sheet, display)
    _number(plan.actions, given_ids)
    return plan


def _read_sheets(path: Path, display: str, sheet: str | None) -> tuple[list[str], dict[str, Grid]]:
    """The workbook's sheet names and each sheet's cells (with its comments); CP072 for a --sheet it lacks."""
    workbook = open_workbook(path, display)
    try:
        names = list(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise CpstratError([make("CP072", display, sheet=sheet, suggestion=suggest(sheet, names),
                                     allowed=", ".join(names))])
        grids = {name: read_grid(workbook, name) for name in names}
        for name, grid in grids.items():
            grid.comments = sheet_comments(workbook, name)
    finally:
        workbook.close()
    return names, grids


def _tables_found(grids: dict[str, Grid], candidates: list[str], maps: dict[str, str],
                  display: str) -> list[tuple[str, int]]:
    """(sheet, header row) of each action table; CP083 for a --map header no sheet has, CP073 for none."""
    headers = {name: find_header(grids[name], maps) for name in candidates}
    hits = {name: h for name, h in headers.items() if h}
    found = [(name, h[0]) for name, h in hits.items()]
    if any(hits[name][1] >= 2 for name, _ in found):  # real tables: lone "Action" lists are not one
        found = [(name, row) for name, row in found if hits[name][1] >= 2]
    if not found and maps:
        seen = {cols.norm(value_text(c.value)): value_text(c.value) for name in candidates
                for row in grids[name].rows_before(HEADER_SCAN_ROWS + 1) for c in row.present()
                if isinstance(c.value, str)}
        for header in maps:
            if header not in seen:
                raise CpstratError([make("CP083", display, header=_shown(maps, header), sheet=candidates[0],
                                         suggestion=suggest(_shown(maps, header), list(seen.values())),
                                         allowed=", ".join(list(seen.values())[:20]))])
    if not found:
        raise CpstratError([make("CP073", display, sheet=candidates[0], rows=HEADER_SCAN_ROWS,
                                 fields=", ".join(cols.FIELDS_IN_ORDER))])
    return found


def _other_sheets(plan: Plan, grids: dict[str, Grid], names: list[str], tables: set[str], sheet: str | None,
                  display: str) -> None:
    """Sheets with no action table: a short one (a cover page) is kept in `source`; a longer one is warned of."""
    for other in names:
        if other in tables or not grids[other].rows:
            continue
        texts = [value_text(c.value) for row in grids[other].rows for c in row.present() if c.value is not None]
        if sheet is None and len(texts) <= COVER_CELLS:
            plan.title_block.extend(f"Sheet '{other}': {t}" for t in texts)
            plan.title_texts.extend(texts)
        else:
            imported = "', '".join(t.sheet for t in plan.tables)
            plan.warnings.append(make("CP085", display, sheet=other, imported=imported))


def _shown(maps, header: str) -> str:
    return maps.shown(header) if isinstance(maps, Maps) else header


def find_header(grid: Grid, maps: dict[str, str]) -> tuple[int, int] | None:
    """(row, number of fields named) of the first best header row naming an action column."""
    best = None
    for row in grid.rows_before(HEADER_SCAN_ROWS + 1):
        named = {_field(c, maps) for c in row.present() if c.value is not None} - {None}
        if "title" in named and len(named) >= 2 and (best is None or len(named) > best[1]):
            best = (row.number, len(named))
    if best is None:  # a one-column list of actions: the header is a lone "Action" (exactly)
        for row in grid.rows_before(HEADER_SCAN_ROWS + 1):
            filled = [c for c in row.present() if c.value is not None]
            if len(filled) == 1 and isinstance(filled[0].value, str) and (
                    maps.get(cols.norm(filled[0].value)) == "title" or cols.exact_field(filled[0].value) == "title"):
                return row.number, 1
    return best


def _field(cell: Cell, maps: dict[str, str]) -> str | None:
    if not isinstance(cell.value, str):
        return None
    key = cols.norm(cell.value)
    return maps.get(key) or cols.field_for(cell.value)


def name_columns(grid: Grid, header_row: int, maps: dict[str, str], display: str) -> list[Column]:
    from openpyxl.utils import get_column_letter

    row = grid.row(header_row)
    headers = {cols.norm(value_text(c.value)) for c in row.present() if c.value is not None}
    for header in maps:
        if header not in headers:
            shown = [value_text(c.value) for c in row.present() if c.value is not None]
            raise CpstratError([make("CP083", display, header_row, 1, header=_shown(maps, header),
                                     sheet=grid.sheet, suggestion=suggest(_shown(maps, header), shown),
                                     allowed=", ".join(shown))])
    # only the columns that hold something: a stray cell far to the right costs one column, not thousands
    used = {c.column for c in row.present() if c.value is not None}
    used.update(c.column for r in grid.rows_from(header_row + 1) for c in r.present() if c.value is not None)
    out: list[Column] = []
    for index in sorted(used):
        cell = row[index - 1] if index <= len(row) else Cell(None, None, header_row, index)
        header = value_text(cell.value)
        letter = get_column_letter(index)
        out.append(Column(index, header or f"Column {letter}", _field(cell, maps) if header else None, letter))
    _settle_duplicates(out, grid, header_row, maps)
    return out


def _settle_duplicates(columns: list[Column], grid: Grid, header_row: int, maps: dict[str, str]) -> None:
    """One column per field. For status and due the column whose cells read as statuses or dates most
    often wins ("Progress" beside "RAG"); otherwise the first (or one named by --map). A second action
    column becomes the description, a second status column an update; others are kept in notes."""
    by_field: dict[str, list[Column]] = {}
    for c in columns:
        if c.field and c.field not in KEPT_IN_NOTES:
            by_field.setdefault(c.field, []).append(c)
    for name, group in list(by_field.items()):
        if len(group) < 2:
            continue
        mapped = [c for c in group if maps.get(cols.norm(c.header)) == name]
        if mapped:
            winner = mapped[0]
        elif name in ("status", "due"):
            winner = max(group, key=lambda c: (_readable(grid, header_row, c, name), -c.index))
        else:
            winner = group[0]
        for c in group:
            if c is winner:
                continue
            if name == "title" and "description" not in by_field:
                c.field = "description"
                by_field["description"] = [c]
            else:
                c.field = "update" if name == "status" else None


def _readable(grid: Grid, header_row: int, column: Column, name: str) -> int:
    """How many of a column's cells read as a status (word or colour) or a date."""
    count = 0
    for row in grid.rows_from(header_row + 1):
        if column.index > len(row):
            continue
        cell = row[column.index - 1]
        if name == "status":
            count += bool(cols.status_for(value_text(cell.value))[0] or cols.colour_word(cell.fill))
        elif cell.value is not None:
            due = parse_due(cell.value)
            count += bool(due.date or due.note)
    return count


def build_plan(grid: Grid, header_row: int, maps: dict[str, str], display: str, framework: str,
               plan: Plan, given_ids: set[str], sheet_priority: str = "") -> None:
    """Add one sheet's table to the plan: its actions, priorities and title block."""
    columns = name_columns(grid, header_row, maps, display)
    fw = frameworks.get(framework) or frameworks.get(None)
    principles = list(fw.principles) if fw else []
    fields_str = ", ".join(cols.FIELDS_IN_ORDER)
    table = Table(grid.sheet, header_row, columns)
    plan.tables.append(table)
    block = _title_block(grid, header_row)
    plan.title_texts.extend(block)
    plan.title_block.extend(block if not plan.title_block or not sheet_priority
                            else [f"Sheet '{grid.sheet}': {t}" for t in block])
    first_action = len(plan.actions)
    for c in columns:
        if c.field is None:
            plan.warnings.append(make("CP084", display, header_row, c.index, sheet=grid.sheet,
                                      cell=f"{c.letter}{header_row}", header=c.header, fields=fields_str))
    rows = _SheetRows(plan, columns, sheet_priority, grid.sheet, principles, given_ids)
    for row in grid.rows_from(header_row + 1):
        rows.take(row, first_action)
    pending_headings = rows.pending_headings
    # headings after the last action head nothing: they are footnotes, kept in `source`
    plan.footer.extend(pending_headings if not sheet_priority else [f"Sheet '{grid.sheet}': {t}"
                                                                    for t in pending_headings])
    mine = plan.actions[first_action:]
    if mine:
        table.first_row, table.last_row = mine[0].row, max(a.last_row for a in mine)
    _attach_comments(grid, mine, plan, sheet_priority)


class _SheetRows:
    """The rows under one sheet's header, read in order: headings, actions, and rows that continue one."""

    def __init__(self, plan: Plan, columns: list[Column], sheet_priority: str, sheet: str, principles: list,
                 given_ids: set[str]) -> None:
        self.plan, self.columns, self.sheet_priority, self.sheet = plan, columns, sheet_priority, sheet
        self.principles, self.given_ids = principles, given_ids
        self.by_field = {c.field: c for c in columns if c.field}
        self.title_col = self.by_field["title"].index
        self.indexes = {c.index for c in columns}
        self.heading = sheet_priority
        self.pending_headings: list[str] = []
        self.last_priority: list[str] = []

    def take(self, row, first_action: int) -> None:
        values = {c.column: c for c in row.present() if c.column in self.indexes and c.value is not None}
        if not values:
            return
        plan, columns, by_field = self.plan, self.columns, self.by_field
        r = row.number
        if self.title_col not in values:
            if len(values) == 1 and _is_heading(next(iter(values)), columns, by_field):
                self.new_heading(value_text(next(iter(values.values())).value))
            elif len(plan.actions) == first_action:
                plan.title_block.extend(f"{_header(columns, i)} (row {r}): {value_text(c.value)}"
                                        for i, c in values.items())
            else:
                _continue(plan.actions[-1], values, columns, r)
            return
        if len(values) == 1 and _looks_like_heading(values[self.title_col]):
            self.new_heading(value_text(values[self.title_col].value))
            return
        self.pending_headings = []
        plan.actions.append(self.action(row, values))

    def new_heading(self, text: str) -> None:
        self.pending_headings.append(text)
        self.heading = text

    def action(self, row, values: dict) -> Action:
        """The action of one row: its cells read, its status, and its priority (a column, else a heading)."""
        by_field = self.by_field
        r = row.number
        action = Action(row=r, last_row=r, sheet=self.sheet if self.sheet_priority else "")
        # measure values last, so they find the measures of their row whatever the column order
        for c in sorted(self.columns, key=lambda c: c.field in ("target", "baseline", "unit")):
            cell = values.get(c.index)
            if cell is not None:
                _read_cell(action, c, cell, self.principles, self.plan)
        status_col = by_field.get("status")
        if status_col and not action.status and status_col.index <= len(row):
            _read_status(action, row[status_col.index - 1], "", f"cell {row[status_col.index - 1].ref}")
        if "priorities" in by_field and not action.priorities and self.last_priority:
            action.priorities = list(self.last_priority)  # a merged "theme" cell spans the rows below it
        if not action.priorities and self.heading:
            action.priorities = [_priority(self.plan, self.heading)]
        elif self.heading and "priorities" in by_field:
            action.notes.append(f"Section: {self.heading}")
        if action.id:
            self.given_ids.add(action.id)
        self.last_priority = action.priorities if "priorities" in by_field else []
        return action


def _attach_comments(grid: Grid, actions: list[Action], plan: Plan, several_sheets: str) -> None:
    """Each cell comment goes to the notes of the action whose rows hold it, else into `source`."""
    for (r, c), text in sorted(grid.comments.items()):
        ref = Cell(None, None, r, c).ref
        owner = next((a for a in actions if a.row <= r <= a.last_row), None)
        line = f"Comment on {ref}: {' '.join(text.split())}"
        if owner:
            owner.notes.append(line)
        else:
            plan.title_block.append(f"Sheet '{grid.sheet}': {line}" if several_sheets else line)


_HEADING_WORDS = re.compile(r"(?:priority|theme|area|section|outcome|objective|pledge|strand|workstream|part)\b",
                            re.I)


def _looks_like_heading(cell: Cell) -> bool:
    """A lone cell in the action column that heads a section rather than being an action."""
    text = value_text(cell.value)
    return cell.bold or text.endswith(":") or bool(_HEADING_WORDS.match(text))


def _is_heading(index: int, columns: list[Column], by_field: dict) -> bool:
    column = next(c for c in columns if c.index == index)
    return index == columns[0].index or column.field in ("id", "priorities", None)


def _header(columns: list[Column], index: int) -> str:
    return next(c.header for c in columns if c.index == index)


def _continue(action: Action, values: dict, columns: list[Column], r: int) -> None:
    """A row with no action text continues the action above (cells merged down, one measure per row)."""
    action.last_row = r
    for index, cell in values.items():
        column = next(c for c in columns if c.index == index)
        text = value_text(cell.value)
        if column.field == "measures":
            action.measures.extend({"text": line} for line in _lines(text))
        elif column.field == "partners":
            action.partners.extend(p for p in _split_list(text) if p not in action.partners)
        else:
            action.notes.append(f"{column.header} (row {r}): {text}")


def _read_cell(action: Action, column: Column, cell: Cell, principles, plan: Plan) -> None:
    text = value_text(cell.value)
    name = column.field
    where = _Where(cell)
    if name == "id":
        action.id = text
    elif name == "title":
        action.title = _tidy(text)
    elif name == "description":
        action.description = _tidy(text)
    elif name == "principles":
        mapped = map_principles(text, principles)
        action.principles = mapped.ids
        if mapped.unmapped:
            parts = []
            for kept, candidates in mapped.unmapped:
                parts.append(f"'{kept}' could fit {' or '.join(candidates)}" if candidates
                             else f"'{kept}' matches no principle")
            action.principles_note = f"to finish ({where}): " + "; ".join(parts) + \
                "; write principle ids (`cpstrat principles`)"
        elif text.strip().lower() != ", ".join(mapped.ids):
            action.principles_note = f"sheet: {' '.join(text.split())}"
    elif name == "priorities":
        action.priorities = [_priority(plan, t) for t in _lines(text, semicolons=True)]
    elif name == "lead":
        action.lead = _tidy(text)
    elif name == "partners":
        action.partners = _split_list(text)
    elif name == "due":
        due = parse_due(cell.value)
        if due.date:
            action.due = due.date
            if due.how != "Excel date":
                action.due_note = f"sheet: {due.how}"
        elif due.note:
            action.notes.append(f"Due: {due.note}")
            action.due_note = f"no due date: the sheet says '{due.note}' (kept in notes)"
        else:
            action.due = due.text
            action.due_note = f"to finish ({where}): '{due.text}' is not a date; write YYYY-MM-DD"
    elif name == "status":
        _read_status(action, cell, text, where)
    elif name == "measures":
        action.measures.extend({"text": line} for line in _lines(text))
    elif name in ("target", "baseline", "unit"):
        _measure_value(action, name, cell, column)
    else:  # update, notes and columns cpstrat has no field for
        action.notes.append(f"{column.header}: {text}")


class _Where:
    """'cell B7', worked out only when a note needs it."""

    __slots__ = ("cell",)

    def __init__(self, cell: Cell):
        self.cell = cell

    def __str__(self) -> str:
        return f"cell {self.cell.ref}"

    def __format__(self, spec: str) -> str:
        return str(self)


def _read_status(action: Action, cell: Cell, text: str, where: str | _Where) -> None:
    colour = cols.colour_word(cell.fill)
    status, ambiguous = cols.status_for(text)
    if status and not ambiguous:
        action.status = status
        if cols.norm(text) != cols.norm(status):
            action.status_note = f"sheet: {text}"
        colour_status = cols.status_for(colour)[0] if colour else None
        if colour_status and colour_status != status:
            action.notes.append(f"Status cell {cell.ref} is coloured {colour} but says '{text}'")
        return
    if status and ambiguous:
        action.status = status
        action.status_note = f"sheet: '{text}', read as the more cautious {status}: confirm"
        action.notes.append(f"Status in the sheet: {text}")
        return
    colour_status = cols.status_for(colour)[0] if colour else None
    if colour_status:
        action.status = colour_status
        action.status_note = f"sheet: {colour} fill in {cell.ref}" + (f" with the text '{text}'" if text else "")
        if text:
            action.notes.append(f"Status in the sheet: {text}")
        return
    if text:
        action.status = text
        action.status_note = f"to finish ({where}): '{text}' is not a status cpstrat knows"


def _measure_value(action: Action, name: str, cell: Cell, column: Column) -> None:
    text = value_text(cell.value)
    number, unit = _number_and_unit(cell.value)
    target = action.measures[0] if len(action.measures) == 1 else None
    if target is None or (name != "unit" and number is None):
        action.notes.append(f"{column.header}: {text}")
        return
    if name == "unit":
        target["unit"] = text
    else:
        target[name] = number
        if unit and "unit" not in target:
            target["unit"] = unit


def _number_and_unit(value) -> tuple[float | int | None, str]:
    if isinstance(value, bool):
        return None, ""
    if isinstance(value, (int, float)):
        return (int(value) if float(value).is_integer() else value), ""
    m = re.fullmatch(r"\s*([-+]?\d+(?:\.\d+)?)\s*(%?)\s*", str(value))
    if not m:
        return None, ""
    number = float(m[1])
    return (int(number) if number.is_integer() else number), m[2]


def _lines(text: str, semicolons: bool = False) -> list[str]:
    parts = re.split(r"[\n;]+" if semicolons else r"\n+", text)
    return [_tidy(re.sub(r"^\s*(?:[-•·*▪◦]|\d+[.)])\s+", "", p)) for p in parts if p.strip()]


def _split_list(text: str) -> list[str]:
    parts = [_tidy(re.sub(r"^\s*[-•·*▪◦]\s*", "", p)) for p in re.split(r"[\n;,]+", text)]
    out: list[str] = []
    for p in parts:
        if p and p not in out:
            out.append(p)
    return out


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _slug(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return words[:40].rstrip("-") or "priority"


def _priority(plan: Plan, title: str) -> str:
    for pid, existing in plan.priorities.items():
        if existing == title:
            return pid
    pid = base = _slug(title)
    n = 2
    while pid in plan.priorities:
        pid, n = f"{base}-{n}", n + 1
    plan.priorities[pid] = title
    return pid


def _number(actions: list[Action], given: set[str]) -> None:
    """Ids for actions without one: A01, A02... (skipping any the sheet uses); measures after them."""
    width = max(2, len(str(len(actions))))
    n = 0
    for action in actions:
        if not action.id:
            while True:
                n += 1
                candidate = f"A{n:0{width}d}"
                if candidate not in given:
                    break
            action.id = candidate
        for i, measure in enumerate(action.measures, start=1):
            measure["id"] = f"{action.id}-m{i}"


def _title_block(grid: Grid, header_row: int) -> list[str]:
    return [value_text(c.value) for row in grid.rows_before(header_row) for c in row.present() if c.value is not None]


# "Version: 3", "Last updated: May 2023": a label and a value, not a title
