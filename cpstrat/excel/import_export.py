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
    import json

    lay = tables.layout()
    problems: list[Diagnostic] = []
    grids = {name: read_grid(workbook, name, colours=False) for name in workbook.sheetnames}
    # a formula whose result was never saved reads as an empty cell: named by sheet and cell (as collect and
    # the plain import do), rather than found later as a key missing from the YAML
    gaps = [d for grid in grids.values() for d in formula_gaps(display, grid)]
    if gaps:
        raise CpstratError(gaps)

    def bad(sheet: str, cell: Cell, problem: str, hint: str) -> None:
        problems.append(make("CP170", display, cell.row, cell.column, sheet=sheet, cell=cell.ref, problem=problem,
                             hint=hint))

    data: dict = {}
    # the strategy's own keys
    fields = {".".join(c.path): c for c in lay.fields}
    grid = grids.get(tables.STRATEGY_SHEET)
    if grid is None:
        raise CpstratError([make("CP170", display, sheet=tables.STRATEGY_SHEET, cell="A1",
                                 problem="the export has no such sheet",
                                 hint="export the strategy again with `cpstrat export-xlsx`")])
    seen: dict[str, str] = {}
    field_at: dict[str, tuple[str, Cell]] = {}
    for row in grid.rows_from(2):
        name_cell, value_cell = row[0] if len(row) else Cell(None, None, row.number, 1), \
            row[1] if len(row) > 1 else Cell(None, None, row.number, 2)
        name = value_text(name_cell.value)
        if not name:
            if value_cell.value is not None:
                bad(grid.sheet, name_cell, "a value with no field named beside it", "name the field in column A")
            continue
        col = fields.get(name)
        if col is None:
            bad(grid.sheet, name_cell, f"'{name[:40]}' is not a field of a strategy",
                "fields: " + ", ".join(fields))
            continue
        try:
            if col.type == types.list_type("text"):
                item = tables.from_cell(value_cell.value, "text")
                if item is not None:
                    current = tables.dig(data, col.path) or []
                    tables.put_in(data, col.path, [*current, item])
                continue
            value = tables.from_cell(value_cell.value, col.type)
            _check(value, col)
        except tables.CellProblem as exc:
            bad(grid.sheet, value_cell, f"{name}: {exc}", f"{name}: {col.doc}")
            continue
        if name in seen:
            bad(grid.sheet, name_cell, f"the field '{name}' is given twice (first in cell {seen[name]})",
                "keep one row for it")
            continue
        seen[name] = name_cell.ref
        field_at.setdefault(col.path[0], (grid.sheet, value_cell))
        if value is not None:
            tables.put_in(data, col.path, value)

    for col in lay.maps:
        grid = grids.get(col.header)
        mapping = {}
        for row in grid.rows_from(2) if grid else []:
            key_cell = row[0] if len(row) else Cell(None, None, row.number, 1)
            value_cell = row[1] if len(row) > 1 else Cell(None, None, row.number, 2)
            key = value_text(key_cell.value)
            if not key:
                if value_cell.value is not None:
                    bad(col.header, key_cell, "a value with no key beside it", "write the key in column A")
                continue
            try:
                value = tables.from_cell(value_cell.value, (types.map_of(col.type) or col.type))
            except tables.CellProblem as exc:
                bad(col.header, value_cell, str(exc), "correct the cell")
                continue
            if value is not None:
                mapping[key] = value
        if mapping:
            tables.put_in(data, col.path, mapping)

    # object sheets: parents before children, principles and priorities first (their titles stand for ids)
    framework = frameworks.get(tables.dig(data, ("framework",)) or frameworks.DEFAULT)
    words = {types.ref_type("principle"): {p.id: p.title for p in (framework.principles if framework else ())},
             types.ref_type("priority"): {}, "status": tables.dig(data, ("status_words",)) or {}}
    objects: dict[str, list[tuple[object, dict]]] = {}  # table name -> (parent ref, object)
    actions: dict[str, Place] = {}
    rows_at: dict[int, Place] = {}
    measure_rows: dict[int, str] = {}
    derived: list[tuple[str, Cell, str]] = []
    order = sorted(lay.tables, key=lambda t: (t.parent is not None, t.cls not in ("LocalPrinciple", "Priority")))
    for table in order:
        grid = grids.get(table.name)
        rows: list[tuple[object, dict]] = []
        objects[table.name] = rows
        if grid is None:
            continue
        header = grid.row(1)
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
                bad(table.name, cell, f"the column '{text[:40]}' is not a key of a {table.cls.lower()}",
                    "columns: " + ", ".join(known))
        ids: dict[str, str] = {}
        for row in grid.rows_from(2):
            obj: dict = {}
            parent = None
            place = Place(table.name, row.number)
            for cell in row.present():
                col = columns.get(cell.column)  # type: ignore[assignment]  # a column, or "parent"/"derived"
                if col is None:
                    if cell.value is not None:
                        bad(table.name, cell, "a value in a column with no header", "give the column a header, "
                            "or move the value into a column of its own")
                    continue
                if col == "derived":
                    derived.append((table.name, cell, value_text(header[cell.column - 1].value)))
                    continue
                if col == "parent":
                    parent = value_text(cell.value)
                    place.cells["parent"] = cell.ref
                    continue
                kind = types.item_type(col.type)
                try:
                    value = tables.from_cell(cell.value, col.type, words.get(kind))
                    if col.type == "status" and value is not None:
                        value = status_value(value, tables.dig(data, ("status_words",)))
                    _check(value, col)
                except tables.CellProblem as exc:
                    bad(table.name, cell, f"{col.header}: {exc}", f"{col.header}: {col.doc}")
                    continue
                if value is not None:
                    tables.put_in(obj, col.path, value)
                    place.cells[col.path[0]] = cell.ref
            if not obj and parent is None:
                continue
            ident = obj.get("id")
            if isinstance(ident, str):
                where = place.cells.get("id", "")
                if ident in ids:
                    cell = next(c for c in row.present() if c.ref == where)
                    problems.append(make("CP171", display, cell.row, cell.column, sheet=table.name, cell=where,
                                         what=f"{table.cls.lower()} id", id=ident, first=ids[ident]))
                    continue
                ids[ident] = where
            if table.cls == "Action" and isinstance(ident, str):
                actions[ident] = place
            if table.cls == "Action":
                rows_at[id(obj)] = place
            if table.cls == "Measure" and isinstance(ident, str):
                measure_rows[row.number] = ident
            if table.cls == "LocalPrinciple" and obj.get("id") and obj.get("title"):
                words[types.ref_type("principle")][obj["id"]] = obj["title"]
            if table.cls == "Priority" and obj.get("id") and obj.get("title"):
                words[types.ref_type("priority")][obj["id"]] = obj["title"]
            rows.append((parent, obj))
            obj["__place"] = place
        _attach(table, rows, objects, data, display, problems)
    for rows in objects.values():
        for _, obj in rows:
            obj.pop("__place", None)
    if problems:
        raise CpstratError(problems)

    for table in lay.tables:  # a sheet of objects stands for its key at its first cell
        if table.parent is None and table.name in grids:
            field_at.setdefault(table.path[0], (table.name, Cell(None, None, 1, 1)))
    for col in lay.maps:
        if col.header in grids:
            field_at.setdefault(col.path[0], (col.header, Cell(None, None, 1, 1)))
    base: dict[str, dict] = {}
    shown: dict[str, str] = {}
    exported: dict[str, dict[str, str]] = {}
    exported_measures: dict[str, dict[str, str]] = {}
    for row in grids[ABOUT].rows_from(3):
        if len(row) >= 5 and value_text(row[0].value) == "measure":
            try:
                written = json.loads(value_text(row[4].value))
            except ValueError:
                written = None
            if isinstance(written, dict):
                exported_measures[value_text(row[1].value)] = {str(k): str(v) for k, v in written.items()}
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
    return Imported(data, actions, base, derived, shown=shown, rows=rows_at, fields=field_at, exported=exported,
                    exported_measures=exported_measures, measure_rows=measure_rows)


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
