"""Opening workbooks safely and reading a sheet as a grid of values and fill colours.

Refused before openpyxl sees them: files that are not zip archives (old .xls,
CSV, encrypted workbooks) and workbooks carrying macros. Formulas are read as
the values Excel or LibreOffice saved with them; a formula with no saved value
is reported, never read as empty.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from cpstrat.diagnostics import CpstratError, make

MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


@dataclass(frozen=True)
class Cell:
    value: object
    fill: str | None  # "RRGGBB" of a solid fill, or None
    row: int
    column: int
    bold: bool = False

    @property
    def ref(self) -> str:
        from openpyxl.utils import get_column_letter

        return f"{get_column_letter(self.column)}{self.row}"


@dataclass
class Grid:
    """One sheet's used cells, row by row (rows are lists indexed from column 1)."""

    sheet: str
    rows: list[list[Cell]]

    def text(self, cell: Cell) -> str:
        return value_text(cell.value)


def value_text(value) -> str:
    """A cell's value as text: whole numbers without '.0', dates as YYYY-MM-DD."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def open_workbook(path: Path, display: str, formulas: bool = False):
    """An openpyxl read-only workbook (cached values unless `formulas`), or CpstratError saying why not."""
    path = Path(path)
    if path.is_dir():
        raise CpstratError([make("CP070", display, reason="it is a folder, not a file")])
    if not path.exists():
        raise CpstratError([make("CP001", display)])
    if path.suffix.lower() in MACRO_SUFFIXES:
        raise CpstratError([make("CP071", display, what=f"a {path.suffix.lower()} file")])
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise CpstratError([make("CP007", display, reason=exc.strerror or str(exc))]) from None
    if head.startswith(_OLE_MAGIC):
        raise CpstratError([make("CP070", display, reason="it is an old-style .xls file or a password-protected "
                                 "workbook")])
    if not zipfile.is_zipfile(path):
        raise CpstratError([make("CP070", display, reason="it is not a zip archive, as every .xlsx file is "
                                 "(a CSV or a renamed file?)")])
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                raise CpstratError([make("CP071", display, what="vbaProject.bin inside")])
            if "xl/workbook.xml" not in names:
                raise CpstratError([make("CP070", display, reason="the archive holds no xl/workbook.xml "
                                         "(a Word or other document?)")])
    except zipfile.BadZipFile as exc:
        raise CpstratError([make("CP070", display, reason=f"damaged zip archive ({exc})")]) from None
    import openpyxl

    try:
        return openpyxl.load_workbook(path, read_only=True, data_only=not formulas, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on damaged XML; all mean the same to the user
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise CpstratError([make("CP070", display, reason=f"damaged workbook ({reason})")]) from None


def has_formulas(path: Path) -> bool:
    with zipfile.ZipFile(path) as archive:
        return any(_FORMULA.search(archive.read(n)) for n in archive.namelist()
                   if n.startswith("xl/worksheets/") and n.endswith(".xml"))


def read_grid(workbook, sheet: str, colours: bool = True) -> Grid:
    """Every row of `sheet` up to the last non-empty one; empty cells are Cell(None, ...)."""
    ws = workbook[sheet]
    rows: list[list[Cell]] = []
    last = 0
    for r, row in enumerate(ws.iter_rows(), start=1):
        cells = []
        for c, cell in enumerate(row, start=1):
            value = getattr(cell, "value", None)
            if isinstance(value, str) and not value.strip():
                value = None
            fill = _fill(cell) if colours and (value is not None or _solid(cell)) else None
            bold = value is not None and colours and bool(getattr(getattr(cell, "font", None), "b", False))
            cells.append(Cell(value, fill, r, c, bold))
        rows.append(cells)
        if any(x.value is not None for x in cells):
            last = r
    return Grid(sheet, rows[:last])


def _solid(cell) -> bool:
    fill = getattr(cell, "fill", None)
    return fill is not None and fill.fill_type == "solid"


def _fill(cell) -> str | None:
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type != "solid":
        return None
    colour = fill.fgColor
    if colour is not None and colour.type == "rgb" and isinstance(colour.rgb, str):
        return colour.rgb[-6:].upper()
    return None


def formula_gaps(path: Path, display: str, grid: Grid) -> list:
    """CP074 for each formula cell of the grid whose saved value is missing."""
    if not has_formulas(path):
        return []
    workbook = open_workbook(path, display, formulas=True)
    try:
        out = []
        for r, row in enumerate(workbook[grid.sheet].iter_rows(), start=1):
            if r > len(grid.rows):
                break
            for c, cell in enumerate(row, start=1):
                formula = getattr(cell, "value", None)
                if isinstance(formula, str) and formula.startswith("="):
                    cached = grid.rows[r - 1][c - 1].value if c <= len(grid.rows[r - 1]) else None
                    if cached is None:
                        ref = Cell(None, None, r, c).ref
                        out.append(make("CP074", display, r, c, sheet=grid.sheet, cell=ref, formula=formula))
        return out
    finally:
        workbook.close()
