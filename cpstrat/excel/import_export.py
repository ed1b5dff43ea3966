"""Reading back a workbook written by export-xlsx: every sheet, exactly, into strategy data and YAML.

The layout comes from tables.py, so the reader knows every key the writer
wrote. A cell that does not hold what its key needs, an unknown column or
field, an id given twice, or a row naming a parent that is not there is
reported with its sheet and cell (CP170, CP171); nothing is written then.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cpstrat.excel import tables
from cpstrat.excel.emit import Writer, flow_ids, quoted, scalar
from cpstrat.excel.export import ABOUT, MARK
from cpstrat.excel.read import Cell, formula_gaps, read_grid, value_text
from cpstrat.format import frameworks, model, types
from cpstrat.format.diagnostics import CpstratError, Diagnostic, make


@dataclass
class Place:
    sheet: str
    row: int
    cells: dict[str, str] = field(default_factory=dict)  # key -> cell reference


@dataclass
class Imported:
    data: dict  # the strategy as plain data
    actions: dict[str, Place]  # where each action's row is
    base: dict[str, dict]  # each action as it was exported (from the hidden sheet)
    derived: list[tuple[str, Cell, str]] = field(default_factory=list)  # (sheet, cell, header) shown, not read
    shown: dict[str, str] = field(default_factory=dict)  # each action's current status the sheet showed
    # where each row of the action plan is, by the row's data (id() of the dict, for rows with no id too)
    rows: dict[int, Place] = field(default_factory=dict)
    # where each strategy-level key stands: its first value cell on the Strategy sheet, else its own sheet's A1
    fields: dict[str, tuple[str, Cell]] = field(default_factory=dict)
    # the grey cells as the export wrote them, by action id and header: an edit is told from a change in the
    # progress files since the export
    exported: dict[str, dict[str, str]] = field(default_factory=dict)
    # the same for measures, by measure id; and which measure each row of the measures' sheet holds
    exported_measures: dict[str, dict[str, str]] = field(default_factory=dict)
    measure_rows: dict[int, str] = field(default_factory=dict)

    def place_of(self, row: dict) -> Place | None:
        return self.rows.get(id(row))


def is_export(workbook) -> bool:
    if ABOUT not in workbook.sheetnames:
        return False
    rows = read_grid(workbook, ABOUT, colours=False).rows
    return bool(rows) and value_text(rows[0][0].value) == MARK


def read_export(workbook, display: str) -> Imported:
    """An exported workbook read back: the strategy's data, where each action and field came from, the
    snapshot of each action as exported, and the cells of derived columns. CpstratError lists every cell
    that cannot be read."""
    grids = {name: read_grid(workbook, name, colours=False) for name in workbook.sheetnames}
    # a formula whose result was never saved reads as an empty cell: named by sheet and cell (as collect and
    # the plain import do), rather than found later as a key missing from the YAML
    gaps = [d for grid in grids.values() for d in formula_gaps(display, grid)]
    if gaps:
        raise CpstratError(gaps)
    reader = _ExportReader(display, grids)
    reader.strategy_fields()
    reader.maps()
    reader.object_sheets()
    if reader.problems:
        raise CpstratError(reader.problems)
    reader.sheet_places()
    base, shown, exported, exported_measures = _about(grids[ABOUT])
    return Imported(reader.data, reader.actions, base, reader.derived, shown=shown, rows=reader.rows_at,
                    fields=reader.field_at, exported=exported, exported_measures=exported_measures,
                    measure_rows=reader.measure_rows)


class _ExportReader:
    """The sheets of an exported workbook read into the strategy's data, with every problem found."""

    def __init__(self, display: str, grids: dict) -> None:
        self.display = display
        self.grids = grids
        self.lay = tables.layout()
        self.problems: list[Diagnostic] = []
        self.data: dict = {}
        self.field_at: dict[str, tuple[str, Cell]] = {}
        self.actions: dict[str, Place] = {}
        self.rows_at: dict[int, Place] = {}
        self.measure_rows: dict[int, str] = {}
        self.derived: list[tuple[str, Cell, str]] = []
        self.words: dict[str, dict] = {}

    def bad(self, sheet: str, cell: Cell, problem: str, hint: str) -> None:
        self.problems.append(make("CP170", self.display, cell.row, cell.column, sheet=sheet, cell=cell.ref,
                                  problem=problem, hint=hint))

    # -- the strategy's own keys ------------------------------------------------------------------
    def strategy_fields(self) -> None:
        grid = self.grids.get(tables.STRATEGY_SHEET)
        if grid is None:
            raise CpstratError([make("CP170", self.display, sheet=tables.STRATEGY_SHEET, cell="A1",
                                     problem="the export has no such sheet",
                                     hint="export the strategy again with `cpstrat export-xlsx`")])
        fields = {".".join(c.path): c for c in self.lay.fields}
        seen: dict[str, str] = {}
        for row in grid.rows_from(2):
            name_cell, value_cell = row[0] if len(row) else Cell(None, None, row.number, 1), \
                row[1] if len(row) > 1 else Cell(None, None, row.number, 2)
            self.field(grid.sheet, name_cell, value_cell, fields, seen)

    def field(self, sheet: str, name_cell: Cell, value_cell: Cell, fields: dict, seen: dict[str, str]) -> None:
        name = value_text(name_cell.value)
        if not name:
            if value_cell.value is not None:
                self.bad(sheet, name_cell, "a value with no field named beside it", "name the field in column A")
            return
        col = fields.get(name)
        if col is None:
            self.bad(sheet, name_cell, f"'{name[:40]}' is not a field of a strategy", "fields: " + ", ".join(fields))
            return
        try:
            if col.type == types.list_type("text"):
                item = tables.from_cell(value_cell.value, "text")
                if item is not None:
                    current = tables.dig(self.data, col.path) or []
                    tables.put_in(self.data, col.path, [*current, item])
                return
            value = tables.from_cell(value_cell.value, col.type)
            _check(value, col)
        except tables.CellProblem as exc:
            self.bad(sheet, value_cell, f"{name}: {exc}", f"{name}: {col.doc}")
            return
        if name in seen:
            self.bad(sheet, name_cell, f"the field '{name}' is given twice (first in cell {seen[name]})",
                     "keep one row for it")
            return
        seen[name] = name_cell.ref
        self.field_at.setdefault(col.path[0], (sheet, value_cell))
        if value is not None:
            tables.put_in(self.data, col.path, value)

    def maps(self) -> None:
        """The sheets of a mapping key (glossary, status words...): a key in column A, its value in B."""
        for col in self.lay.maps:
            grid = self.grids.get(col.header)
            mapping = {}
            for row in grid.rows_from(2) if grid else []:
                key_cell = row[0] if len(row) else Cell(None, None, row.number, 1)
                value_cell = row[1] if len(row) > 1 else Cell(None, None, row.number, 2)
                key = value_text(key_cell.value)
                if not key:
                    if value_cell.value is not None:
                        self.bad(col.header, key_cell, "a value with no key beside it", "write the key in column A")
                    continue
                try:
                    value = tables.from_cell(value_cell.value, (types.map_of(col.type) or col.type))
                except tables.CellProblem as exc:
                    self.bad(col.header, value_cell, str(exc), "correct the cell")
                    continue
                if value is not None:
                    mapping[key] = value
            if mapping:
                tables.put_in(self.data, col.path, mapping)

    # -- the sheets of objects --------------------------------------------------------------------
    def object_sheets(self) -> None:
        """Parents before children, principles and priorities first (their titles stand for ids)."""
        framework = frameworks.get(tables.dig(self.data, ("framework",)) or frameworks.DEFAULT)
        self.words = {types.ref_type("principle"): {p.id: p.title for p in (framework.principles if framework else ())},
                      types.ref_type("priority"): {}, "status": tables.dig(self.data, ("status_words",)) or {}}
        objects: dict[str, list[tuple[object, dict]]] = {}  # table name -> (parent ref, object)
        order = sorted(self.lay.tables,
                       key=lambda t: (t.parent is not None, t.cls not in ("LocalPrinciple", "Priority")))
        for table in order:
            grid = self.grids.get(table.name)
            rows: list[tuple[object, dict]] = []
            objects[table.name] = rows
            if grid is None:
                continue
            header = grid.row(1)
            columns = self.columns(table, header)
            ids: dict[str, str] = {}
            for row in grid.rows_from(2):
                self.object_row(table, row, header, columns, ids, rows)
            _attach(table, rows, objects, self.data, self.display, self.problems)
        for rows in objects.values():
            for _, obj in rows:
                obj.pop("__place", None)

    def columns(self, table, header) -> dict[int, tables.Column | str]:
        """Each header cell's column: a key's, the parent's, or a derived one ("Latest ...")."""
        known = {c.header: c for c in table.columns}
        columns: dict[int, tables.Column | str] = {}
        for cell in header.present():
            text = value_text(cell.value)
            if table.parent and text == table.parent_header:
                columns[cell.column] = "parent"
            elif text in known:
                columns[cell.column] = known[text]
            elif text.startswith("Latest "):
                columns[cell.column] = "derived"
            elif text:
                self.bad(table.name, cell, f"the column '{text[:40]}' is not a key of a {table.cls.lower()}",
                         "columns: " + ", ".join(known))
        return columns

    def object_row(self, table, row, header, columns: dict, ids: dict[str, str], rows: list) -> None:
        obj: dict = {}
        place = Place(table.name, row.number)
        parent = None
        for cell in row.present():
            col = columns.get(cell.column)
            if col is None:
                if cell.value is not None:
                    self.bad(table.name, cell, "a value in a column with no header", "give the column a header, "
                             "or move the value into a column of its own")
            elif col == "derived":
                self.derived.append((table.name, cell, value_text(header[cell.column - 1].value)))
            elif col == "parent":
                parent = value_text(cell.value)
                place.cells["parent"] = cell.ref
            else:
                self.object_cell(table, cell, col, obj, place)
        if not obj and parent is None:
            return
        ident = obj.get("id")
        if isinstance(ident, str):
            where = place.cells.get("id", "")
            if ident in ids:
                cell = next(c for c in row.present() if c.ref == where)
                self.problems.append(make("CP171", self.display, cell.row, cell.column, sheet=table.name,
                                          cell=where, what=f"{table.cls.lower()} id", id=ident, first=ids[ident]))
                return
            ids[ident] = where
        self.note(table.cls, obj, place, ident)
        rows.append((parent, obj))
        obj["__place"] = place

    def object_cell(self, table, cell: Cell, col, obj: dict, place: Place) -> None:
        kind = types.item_type(col.type)
        try:
            value = tables.from_cell(cell.value, col.type, self.words.get(kind))
            if col.type == "status" and value is not None:
                value = status_value(value, tables.dig(self.data, ("status_words",)))
            _check(value, col)
        except tables.CellProblem as exc:
            self.bad(table.name, cell, f"{col.header}: {exc}", f"{col.header}: {col.doc}")
            return
        if value is not None:
            tables.put_in(obj, col.path, value)
            place.cells[col.path[0]] = cell.ref

    def note(self, cls: str, obj: dict, place: Place, ident) -> None:
        """Where an action came from, and the titles that stand for principle and priority ids."""
        if cls == "Action" and isinstance(ident, str):
            self.actions[ident] = place
        if cls == "Action":
            self.rows_at[id(obj)] = place
        if cls == "Measure" and isinstance(ident, str):
            self.measure_rows[place.row] = ident
        if cls == "LocalPrinciple" and obj.get("id") and obj.get("title"):
            self.words[types.ref_type("principle")][obj["id"]] = obj["title"]
        if cls == "Priority" and obj.get("id") and obj.get("title"):
            self.words[types.ref_type("priority")][obj["id"]] = obj["title"]

    def sheet_places(self) -> None:
        """A sheet of objects or of a mapping stands for its key at its first cell."""
        for table in self.lay.tables:
            if table.parent is None and table.name in self.grids:
                self.field_at.setdefault(table.path[0], (table.name, Cell(None, None, 1, 1)))
        for col in self.lay.maps:
            if col.header in self.grids:
                self.field_at.setdefault(col.path[0], (col.header, Cell(None, None, 1, 1)))


def _about(grid) -> tuple[dict[str, dict], dict[str, str], dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """From the About sheet, each action as exported: its snapshot, the text shown, and the words written;
    and each measure's grey cells as written."""
    import json

    base: dict[str, dict] = {}
    shown: dict[str, str] = {}
    exported: dict[str, dict[str, str]] = {}
    exported_measures: dict[str, dict[str, str]] = {}
    for row in grid.rows_from(3):
        if len(row) >= 5 and value_text(row[0].value) == "measure":
            try:
                given = json.loads(value_text(row[4].value))
            except ValueError:
                given = None
            if isinstance(given, dict):
                exported_measures[value_text(row[1].value)] = {str(k): str(v) for k, v in given.items()}
            continue
        if len(row) >= 3 and value_text(row[0].value) == "action":
            ident = value_text(row[1].value)
            if len(row) >= 4 and value_text(row[3].value):
                shown[ident] = value_text(row[3].value)
            if len(row) >= 5 and value_text(row[4].value):
                try:
                    written = json.loads(value_text(row[4].value))
                except ValueError:
                    written = None
                if isinstance(written, dict):
                    exported[ident] = {str(k): str(v) for k, v in written.items()}
            try:
                base[ident] = _dated(json.loads(value_text(row[2].value)), "Action")
            except ValueError:
                continue  # a damaged snapshot: that action merges without one
    return base, shown, exported, exported_measures


def status_value(value, own) -> str:
    """A status cell as people type it, as the status it means, in the one vocabulary (vocabulary.py):
    cpstrat's words in any case ("At risk", "at-risk"), the council's own status_words, or the RAG words of
    council sheets ("Amber")."""
    from cpstrat.excel import vocabulary
    from cpstrat.format.types import STATUSES

    text = value_text(value).strip()
    own = own if isinstance(own, dict) else {}
    found, ambiguous = vocabulary.status(text, own)
    if found is None and text.lower().replace(" ", "-") in STATUSES:
        found = text.lower().replace(" ", "-")
    if found and not ambiguous:
        return found
    from cpstrat.analysis.status import in_words

    raise tables.CellProblem(f"'{text[:40]}' is not a status; write one of "
                             + ", ".join(in_words(k) for k in STATUSES)
                             + (" or the council's own: " + ", ".join(map(str, own)) if own else ""))


def _check(value, col: tables.Column) -> None:
    if value is not None and not tables.valid(value, col.type):
        shown = value if isinstance(value, str) else tables.to_json(value)
        raise tables.CellProblem(f"'{shown[:40]}' is not what this column holds")


def _attach(table, rows, objects, data, display, problems) -> None:
    if table.parent is None:
        if rows:
            tables.put_in(data, table.path, [obj for _, obj in rows])
        return
    parents = objects[table.parent.name]
    by_ref: dict[str, dict] = {}
    for _, parent in parents:
        by_ref[str(parent.get("id", parent["__place"].row))] = parent
    for ref, obj in rows:
        owner = by_ref.get(str(ref))
        if owner is None:
            place = obj["__place"]
            where = place.cells.get("parent") or f"A{place.row}"
            from openpyxl.utils.cell import coordinate_to_tuple

            r, c = coordinate_to_tuple(where)
            problems.append(make("CP170", display, r, c, sheet=table.name, cell=where,
                                 problem=f"'{ref or ''}' names no row of sheet '{table.parent.name}'",
                                 hint=f"give the {table.parent_header.lower()} of a row on sheet "
                                      f"'{table.parent.name}'"))
            continue
        current = tables.dig(owner, table.path) or []
        tables.put_in(owner, table.path, [*current, obj])


def _dated(value, cls: str):
    """Plain data read from JSON, with its dates turned back into dates (by the declared types)."""
    if not isinstance(value, dict):
        return value
    out = {}
    for key, spec in model.declared(cls).items():
        if key not in value:
            continue
        v = value[key]
        inner = types.item_type(spec.type)
        if spec.type == "date":
            v = types.as_date(v) or v
        elif types.list_of(spec.type) is not None and types.is_object(inner) and isinstance(v, list):
            v = [_dated(x, inner) for x in v]
        elif types.is_object(spec.type):
            v = _dated(v, spec.type)
        out[key] = v
    return out


# -- YAML ------------------------------------------------------------------------------------------------------


def emit_strategy(data: dict, source_name: str) -> str:
    w = Writer()
    w.comment(f"Imported by `cpstrat import-xlsx` from {source_name}, a workbook written by `cpstrat export-xlsx`.")
    emit_object(w, 0, "Strategy", data)
    return w.text()


def emit_object(w: Writer, indent: int, cls: str, data: dict, item: bool = False) -> None:
    """One object's keys in declared order; `item` starts a list entry."""
    first = True
    for key, spec in model.declared(cls).items():
        if key not in data:
            continue
        value = data[key]
        at = indent + (2 if item and not first else 0)
        lead = item and first
        first = False
        inner = types.item_type(spec.type)
        if types.list_of(spec.type) is not None and types.is_object(inner):
            w.key(at, key, item=lead)
            base = at + (2 if lead else 0)
            for obj in value:
                emit_object(w, base + 2, inner, obj, item=True)
        elif types.is_object(spec.type) and isinstance(value, dict):
            w.key(at, key, item=lead)
            emit_object(w, at + (2 if lead else 0) + 2, spec.type, value)
        elif isinstance(value, dict):
            w.key(at, key, item=lead)
            pad = " " * (at + (2 if lead else 0) + 2)
            for k, v in value.items():
                w.lines.append(f"{pad}{quoted(str(k))}: {scalar(v, len(pad))}")
        elif isinstance(value, list):
            if value and types.ref_of(types.list_of(spec.type) or "") is not None and all(isinstance(v, str) for v in value):
                w.key(at, key, raw=flow_ids(value), item=lead)
            else:
                w.key(at, key, item=lead, raw="[]" if not value else None)
                for v in value:
                    w.item(at + (2 if lead else 0) + 2, v)
        else:
            w.key(at, key, value, item=lead)


def load_export(path, display: str) -> Imported | None:
    """The export at `path` read back, or None when the workbook is not one written by export-xlsx."""
    from cpstrat.excel.read import open_workbook

    workbook = open_workbook(path, display)
    try:
        return read_export(workbook, display) if is_export(workbook) else None
    finally:
        workbook.close()
