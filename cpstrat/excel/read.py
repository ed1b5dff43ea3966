"""Opening workbooks safely and reading a sheet as a grid of values and fill colours.

Refused before openpyxl sees them: files that are not zip archives (old .xls,
CSV, encrypted workbooks) and workbooks carrying macros. Formulas are read as
the values Excel or LibreOffice saved with them; a formula with no saved value
is reported, never read as empty.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl.utils import get_column_letter

from cpstrat.format import files
from cpstrat.format.diagnostics import CpstratError, make

MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")


class Cell:
    """One cell's value, its solid fill ("RRGGBB" or None), place (1-based) and boldness.

    A plain slotted class: a 10,000-row plan makes 100,000 of them.
    """

    __slots__ = ("value", "fill", "row", "column", "bold")

    def __init__(self, value, fill: str | None, row: int, column: int, bold: bool = False):
        self.value, self.fill, self.row, self.column, self.bold = value, fill, row, column, bold

    @property
    def ref(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"


@dataclass
class Grid:
    """One sheet's used cells, row by row (rows are lists indexed from column 1)."""

    sheet: str
    rows: list[list[Cell]]
    comments: dict = field(default_factory=dict)  # (row, column) -> the text of the cell's comment (note)

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
        raise CpstratError([make("CP070", display, reason="there is no such file")])
    if path.suffix.lower() in MACRO_SUFFIXES:
        raise CpstratError([make("CP071", display, what=f"a {path.suffix.lower()} file")])
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise CpstratError([files.unreadable(display, exc.strerror or str(exc))]) from None
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
    """Every row of `sheet` up to the last non-empty one; empty cells are Cell(None, ...).

    The sheet's XML is scanned directly (`_fast_grid`), several times faster
    than openpyxl's cell objects on a large plan; openpyxl's own reader is the
    fallback for anything the fast path does not expect.
    """
    try:
        return _fast_grid(workbook, sheet, colours)
    except Exception:  # any surprise in the XML: openpyxl's reader is slower but complete
        return openpyxl_grid(workbook, sheet, colours)


def openpyxl_grid(workbook, sheet: str, colours: bool = True) -> Grid:
    ws = workbook[sheet]
    theme = theme_colours(workbook)
    rows: list[list[Cell]] = []
    last = 0
    for r, row in enumerate(ws.iter_rows(), start=1):
        cells = []
        for c, cell in enumerate(row, start=1):
            value = getattr(cell, "value", None)
            if isinstance(value, str) and not value.strip():
                value = None
            if _is_number(value) and "%" in str(getattr(cell, "number_format", "")):
                value = as_percent(value)
            fill = _fill(cell, theme) if colours and (value is not None or _solid(cell)) else None
            bold = value is not None and colours and bool(getattr(getattr(cell, "font", None), "b", False))
            cells.append(Cell(value, fill, r, c, bold))
        rows.append(cells)
        if any(x.value is not None for x in cells):
            last = r
    return Grid(sheet, rows[:last])


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def as_percent(value) -> str:
    """A number formatted as a percentage, as the sheet shows it: 0.95 -> '95%'."""
    return f"{round(value * 100, 6):g}%"


def _solid(cell) -> bool:
    fill = getattr(cell, "fill", None)
    return fill is not None and fill.fill_type == "solid"


def _fill(cell, theme: list[str]) -> str | None:
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type != "solid":
        return None
    return colour_rgb(fill.fgColor, theme)


# Theme slots in the order cell colours number them (light 1 and dark 1 come first,
# the reverse of their order in the theme file).
_THEME_SLOTS = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
                "hlink", "folHlink")
_THEME_COLOUR = re.compile(rb"<a:(\w+)>\s*<a:(?:srgbClr val|sysClr [^>]*?lastClr)=\"([0-9A-Fa-f]{6})\"")


def theme_colours(workbook) -> list[str]:
    """The workbook theme's colours as RRGGBB, indexed as fills refer to them ([] without a theme)."""
    xml = getattr(workbook, "loaded_theme", None)
    if not xml:
        return []
    if isinstance(xml, str):
        xml = xml.encode("utf-8")
    found = {name.decode(): rgb.decode().upper() for name, rgb in _THEME_COLOUR.findall(xml)}
    return [found.get(slot, "") for slot in _THEME_SLOTS]


def colour_rgb(colour, theme: list[str]) -> str | None:
    """A fill colour as RRGGBB: given directly, from the legacy palette, or from the theme (tint ignored:
    a lighter shade keeps its hue, which is all a RAG colour needs)."""
    if colour is None:
        return None
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        return colour.rgb[-6:].upper()
    if colour.type == "indexed" and isinstance(colour.indexed, int):
        from openpyxl.styles.colors import COLOR_INDEX

        return COLOR_INDEX[colour.indexed][-6:].upper() if colour.indexed < len(COLOR_INDEX) else None
    if colour.type == "theme" and isinstance(colour.theme, int) and colour.theme < len(theme):
        return theme[colour.theme] or None
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


_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_ATTR = re.compile(rb'\b([rts])="([^"]*)"')
_V = re.compile(rb"<(?:\w+:)?v(?:\s[^>]*)?>(.*?)</(?:\w+:)?v>|<(?:\w+:)?v\s*/>", re.S)
_T = re.compile(rb"<(?:\w+:)?t(?:\s[^>]*)?>(.*?)</(?:\w+:)?t>", re.S)
_PHONETIC = re.compile(rb"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_REF = re.compile(r"([A-Z]+)([0-9]+)")
_ENTITY = re.compile(r"&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    def one(m):
        name = m[1]
        if name.startswith("#x"):
            return chr(int(name[2:], 16))
        if name.startswith("#"):
            return chr(int(name[1:]))
        return _NAMED[name]
    return _ENTITY.sub(one, text)


def _fast_grid(workbook, sheet: str, colours: bool) -> Grid:
    """The grid from the sheet XML, with openpyxl's shared strings, date formats and styles.

    Every cell element must carry its reference (r="B7"), as Excel, LibreOffice
    and openpyxl write them; anything else raises, and openpyxl reads the sheet.
    """
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    ws = workbook[sheet]
    shared = ws._shared_strings
    date_styles = workbook._date_formats
    timedelta_styles = workbook._timedelta_formats
    epoch = workbook.epoch
    data = workbook._archive.read(ws._worksheet_path)
    columns: dict[str, int] = {}
    found: list[tuple[int, int, object, int]] = []
    for m in _CELL.finditer(data):
        attrs = dict(_ATTR.findall(m[1]))
        ref = attrs[b"r"].decode()
        ref_match = _REF.fullmatch(ref)
        letters = ref_match[1]
        col = columns.get(letters) or columns.setdefault(letters, column_index_from_string(letters))
        row = int(ref_match[2])
        t = attrs.get(b"t", b"n")
        sid = int(attrs.get(b"s", b"0") or 0)
        inner = m[2] or b""
        value = None
        if t == b"inlineStr":
            runs = _T.findall(_PHONETIC.sub(b"", inner))
            value = _unescape(b"".join(runs).decode("utf-8")) if runs else None
        else:
            v = _V.search(inner)
            raw = v[1] if v and v[1] is not None else None
            if raw is not None and (raw or t in (b"str", b"e")):
                text = raw.decode("utf-8")
                if t == b"s":
                    value = shared[int(text)]
                elif t in (b"str", b"e"):
                    value = _unescape(text)
                elif t == b"b":
                    value = text.strip() in ("1", "true")
                elif t == b"d":
                    value = from_ISO8601(text)
                elif t == b"n":
                    number = float(text)
                    if number.is_integer() and "." not in text and "e" not in text.lower():
                        number = int(text)
                    value = from_excel(number, epoch, timedelta=sid in timedelta_styles) \
                        if sid in date_styles else number
                else:
                    raise ValueError(f"cell type {t!r}")
        found.append((row, col, value, sid))

    style_cache: dict[int, tuple[str | None, bool, bool]] = {}
    theme = theme_colours(workbook)
    percent_cache: dict[int, bool] = {}

    def percent(sid: int) -> bool:
        if sid not in percent_cache:
            from openpyxl.styles.numbers import BUILTIN_FORMATS

            fmt_id = workbook._cell_styles[sid].numFmtId
            fmt = BUILTIN_FORMATS.get(fmt_id) if fmt_id < 164 else workbook._number_formats[fmt_id - 164]
            percent_cache[sid] = "%" in str(fmt or "")
        return percent_cache[sid]

    def style(sid: int) -> tuple[str | None, bool, bool]:
        if sid not in style_cache:
            array = workbook._cell_styles[sid]
            fill = workbook._fills[array.fillId]
            solid = fill.fill_type == "solid"
            rgb = colour_rgb(fill.fgColor, theme) if solid else None
            style_cache[sid] = (rgb, solid, bool(workbook._fonts[array.fontId].b))
        return style_cache[sid]

    width = max((c for _, c, _, _ in found), default=0)
    last = max((r for r, _, v, _ in found if v is not None and not (isinstance(v, str) and not v.strip())),
               default=0)
    rows: list[list] = [[None] * width for _ in range(last)]
    for r, c, value, sid in found:
        if r > last:
            continue
        if isinstance(value, str) and not value.strip():
            value = None
        if sid and _is_number(value) and percent(sid):
            value = as_percent(value)
        fill, bold = None, False
        if colours and sid:
            rgb, solid, is_bold = style(sid)
            fill = rgb if value is not None or solid else None
            bold = is_bold and value is not None
        rows[r - 1][c - 1] = Cell(value, fill, r, c, bold)
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row, start=1):
            if cell is None:
                row[c - 1] = Cell(None, None, r, c)
    return Grid(sheet, rows)


def sheet_comments(workbook, sheet: str) -> dict[tuple[int, int], str]:
    """Cell comments (Excel notes) of a sheet: (row, column) -> text. Empty when there are none or
    they cannot be read; they are extra information, never a reason to refuse a workbook."""
    import posixpath
    import xml.etree.ElementTree as ET

    from openpyxl.utils.cell import coordinate_to_tuple

    try:
        ws = workbook[sheet]
        archive = workbook._archive
        folder, name = posixpath.split(ws._worksheet_path)
        rels_path = posixpath.join(folder, "_rels", name + ".rels")
        if rels_path not in archive.namelist():
            return {}
        out: dict[tuple[int, int], str] = {}
        for rel in ET.fromstring(archive.read(rels_path)):
            if not rel.get("Type", "").endswith("/comments"):
                continue
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            for comment in ET.fromstring(archive.read(path)).iter():
                if comment.tag.rpartition("}")[2] != "comment":
                    continue
                text = "".join(t.text or "" for t in comment.iter() if t.tag.rpartition("}")[2] == "t")
                if text.strip():
                    out[coordinate_to_tuple(comment.get("ref", "").split(":")[0])] = text.strip()
        return out
    except Exception:  # damaged or unusual comment parts: the cells themselves are still read
        return {}
