"""Opening workbooks safely and reading a sheet as a grid of values and fill colours.

Refused before any XML is parsed: files that are not zip archives (old .xls,
CSV, encrypted workbooks), workbooks carrying macros, and archives whose parts
would expand beyond a budget tied to the file's size (decompression bombs).
Every part is then read by a streaming XML parser (the standard library's
expat) that refuses DTDs and entity declarations, keeping only the cells that
hold something: memory follows the number of cells, never the coordinates a
cell or a `<dimension>` element claims. Formulas are read as the values Excel
or LibreOffice saved with them; a formula with no saved value is reported,
never read as empty.

Workbooks are read this way rather than through openpyxl because openpyxl's
read-only reader fills every gap between cells (a cell at K1048576 costs a
million rows of empty cells) and its styles and shared strings are reachable
only through private attributes.
"""

from __future__ import annotations

import bisect
import datetime as dt
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from openpyxl.styles.colors import COLOR_INDEX
from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

from cpstrat.format import files
from cpstrat.format.diagnostics import CpstratError, make

MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xlsb")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"

# Excel's own limits: no cell lies beyond them.
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384
# Budgets for hostile workbooks. The parts of a workbook may expand to
# EXPAND_FLOOR plus EXPAND_RATIO times the file's size (ordinary workbooks
# expand by much less; see docs/excel.md), and a workbook may hold at most
# MAX_CELLS cells that carry a value or a fill.
EXPAND_FLOOR = 64 * 1024 * 1024
EXPAND_RATIO = 50
MAX_CELLS = 1_000_000
_CHUNK = 1 << 20

_REF = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
_XESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


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

    def __repr__(self) -> str:
        return f"Cell({self.ref}, {self.value!r})"


class Row:
    """One sheet row as a sequence of cells from column 1 to its last stored cell.

    Only the stored cells exist; the gaps are made on demand, so a row whose
    one cell sits at column XFD costs one cell, not sixteen thousand.
    """

    __slots__ = ("number", "cells", "width")

    def __init__(self, number: int, cells: dict[int, Cell] | None = None):
        self.number = number
        self.cells = cells or {}
        self.width = max(self.cells, default=0)

    def __len__(self) -> int:
        return self.width

    def __getitem__(self, index: int) -> Cell:
        if index < 0:
            index += self.width
        if not 0 <= index < self.width:
            raise IndexError(index)
        return self.cells.get(index + 1) or Cell(None, None, self.number, index + 1)

    def __iter__(self):
        for column in range(1, self.width + 1):
            yield self.cells.get(column) or Cell(None, None, self.number, column)

    def present(self) -> list[Cell]:
        """The stored cells (a value, or a fill), left to right."""
        return [self.cells[c] for c in sorted(self.cells)]


@dataclass
class Formula:
    row: int
    column: int
    text: str
    cached: object

    @property
    def ref(self) -> str:
        return f"{get_column_letter(self.column)}{self.row}"


@dataclass
class Grid:
    """One sheet's rows that hold something, in order, up to the last row holding a value."""

    sheet: str
    rows: list[Row]
    comments: dict = field(default_factory=dict)  # (row, column) -> the text of the cell's comment (note)
    formulas: list[Formula] = field(default_factory=list)

    def text(self, cell: Cell) -> str:
        return value_text(cell.value)

    def row(self, number: int) -> Row:
        i = bisect.bisect_left(self._numbers(), number)
        if i < len(self.rows) and self.rows[i].number == number:
            return self.rows[i]
        return Row(number)

    def rows_from(self, number: int) -> list[Row]:
        """The rows numbered `number` and below."""
        return self.rows[bisect.bisect_left(self._numbers(), number):]

    def rows_before(self, number: int) -> list[Row]:
        """The rows above row `number`."""
        return self.rows[:bisect.bisect_left(self._numbers(), number)]

    def _numbers(self) -> list[int]:
        return [r.number for r in self.rows]


def value_text(value) -> str:
    """A cell's value as text: whole numbers without '.0', dates as YYYY-MM-DD."""
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


def as_percent(value) -> str:
    """A number formatted as a percentage, as the sheet shows it: 0.95 -> '95%'."""
    return f"{round(value * 100, 6):g}%"


def unescape_xstring(text: str) -> str:
    """Office's escapes for characters XML cannot hold: '_x000B_' -> '\\v', '_x005F_' -> '_'."""
    if "_x" not in text:
        return text
    return _XESCAPE.sub(lambda m: chr(int(m[1], 16)), text)


# -- the package ----------------------------------------------------------------------


class _Refused(Exception):
    """A part of the workbook that cannot be read; the message says why."""


class Workbook:
    """A workbook opened for reading: its sheet names, and its parts read on demand."""

    def __init__(self, path: Path, display: str):
        self.display = display
        self._zip = zipfile.ZipFile(path)
        self._names = set(self._zip.namelist())
        self._strings: list[str] | None = None
        self._styles: _Styles | None = None
        self._theme: list[str] | None = None
        self.epoch = WINDOWS_EPOCH
        self._sheets: dict[str, str] = {}  # name -> part
        rels = self._rels("xl/workbook.xml")
        date1904 = False

        def start(name, attrs):
            nonlocal date1904
            if name == "workbookPr":
                date1904 = attrs.get("date1904", "").lower() in ("1", "true")
            elif name == "sheet":
                rid = attrs.get(f"{_REL_NS} id", "")
                if rid in rels and attrs.get("name"):
                    self._sheets[attrs["name"]] = rels[rid][0]

        self._parse("xl/workbook.xml", start)
        if date1904:
            self.epoch = MAC_EPOCH
        by_type = {kind.rpartition("/")[2]: part for part, kind in rels.values()}
        self._strings_part = by_type.get("sharedStrings", "xl/sharedStrings.xml")
        self._styles_part = by_type.get("styles", "xl/styles.xml")
        self._theme_part = by_type.get("theme", "")

    @property
    def sheetnames(self) -> list[str]:
        return list(self._sheets)

    def close(self) -> None:
        self._zip.close()

    # parts

    def _parse(self, part: str, start, end=None, text=None, required: bool = True) -> None:
        """Stream one part through expat; `start(name, attrs)`, `end(name)`, `text(data)` get local names."""
        if part not in self._names:
            if required:
                raise _Refused(f"the archive holds no {part}")
            return
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.buffer_size = 65536

        def refuse(*_args):
            raise _Refused(f"{part} declares a DTD or entities, which no Excel workbook does")

        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        parser.StartElementHandler = lambda name, attrs: start(name.rpartition(" ")[2], attrs)
        if end is not None:
            parser.EndElementHandler = lambda name: end(name.rpartition(" ")[2])
        if text is not None:
            parser.CharacterDataHandler = text
        declared = self._zip.getinfo(part).file_size
        read = 0
        try:
            with self._zip.open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    read += len(chunk)
                    if read > declared:
                        raise _Refused(f"{part} holds more than the {declared} bytes its zip entry declares")
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise _Refused(f"{part} line {exc.lineno}: {expat.errors.messages[exc.code]}") from None
        except (zipfile.BadZipFile, EOFError, ValueError) as exc:  # zlib and CRC failures
            raise _Refused(f"{part}: damaged zip entry ({exc})") from None

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id -> (target part, type)."""
        folder, name = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", name + ".rels")
        out: dict[str, tuple[str, str]] = {}

        def start(tag, attrs):
            if tag == "Relationship" and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
                out[attrs.get("Id", "")] = (path, attrs.get("Type", ""))

        self._parse(rels_part, start, required=False)
        return out

    def strings(self) -> list[str]:
        if self._strings is None:
            self._strings = _read_strings(self, self._strings_part)
        return self._strings

    def styles(self) -> _Styles:
        if self._styles is None:
            self._styles = _Styles(self, self._styles_part)
        return self._styles

    def theme(self) -> list[str]:
        """The workbook theme's colours as RRGGBB, indexed as fills refer to them ([] without a theme)."""
        if self._theme is None:
            self._theme = _read_theme(self, self._theme_part) if self._theme_part else []
        return self._theme

    def sheet_part(self, sheet: str) -> str:
        return self._sheets[sheet]


def open_workbook(path: Path, display: str) -> Workbook:
    """A workbook ready to read, or CpstratError saying why not."""
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
        size = path.stat().st_size
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
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CpstratError([make("CP070", display, reason=f"damaged zip archive ({exc})")]) from None
    names = [i.filename for i in infos]
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise CpstratError([make("CP071", display, what="vbaProject.bin inside")])
    if "xl/workbook.xml" not in names:
        raise CpstratError([make("CP070", display, reason="the archive holds no xl/workbook.xml "
                                 "(a Word or other document?)")])
    expanded = sum(i.file_size for i in infos)
    budget = EXPAND_FLOOR + EXPAND_RATIO * size
    if expanded > budget:
        raise CpstratError([make("CP070", display, reason=f"its parts would expand to {_mb(expanded)} from a "
                                 f"{_mb(size)} file, beyond the {_mb(budget)} cpstrat reads (a decompression bomb?)")])
    try:
        return Workbook(path, display)
    except _Refused as exc:
        raise CpstratError([make("CP070", display, reason=f"damaged workbook ({exc})")]) from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise CpstratError([make("CP070", display, reason=f"damaged zip archive ({exc})")]) from None


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"


# -- shared strings, styles, theme ----------------------------------------------------


def _read_strings(wb: Workbook, part: str) -> list[str]:
    out: list[str] = []
    buf: list[str] = []
    state = {"t": False, "phonetic": 0}

    def start(name, attrs):
        if name == "si":
            buf.clear()
        elif name == "rPh":
            state["phonetic"] += 1
        elif name == "t" and not state["phonetic"]:
            state["t"] = True

    def end(name):
        if name == "si":
            out.append(unescape_xstring("".join(buf)))
        elif name == "rPh":
            state["phonetic"] -= 1
        elif name == "t":
            state["t"] = False

    def text(data):
        if state["t"]:
            buf.append(data)

    wb._parse(part, start, end, text, required=False)
    return out


class _Styles:
    """Per cell style: its fill colour, whether it is solid, bold, a date, a duration or a percentage."""

    def __init__(self, wb: Workbook, part: str):
        self.formats: dict[int, str] = {}
        self.fonts: list[bool] = []
        self.fills: list[tuple[bool, dict]] = []
        self.xfs: list[tuple[int, int, int]] = []  # numFmtId, fontId, fillId
        section: list[str] = []

        def start(name, attrs):
            where = section[-1] if section else ""
            if name in ("numFmts", "fonts", "fills", "cellXfs", "cellStyleXfs", "dxfs"):
                section.append(name)
            elif name == "numFmt" and where == "numFmts":
                self.formats[_int(attrs.get("numFmtId"))] = attrs.get("formatCode", "")
            elif name == "font" and where == "fonts":
                self.fonts.append(False)
            elif name == "b" and where == "fonts" and self.fonts:
                self.fonts[-1] = attrs.get("val", "1").lower() not in ("0", "false")
            elif name == "patternFill" and where == "fills":
                self.fills.append((attrs.get("patternType") == "solid", {}))
            elif name == "fgColor" and where == "fills" and self.fills:
                self.fills[-1][1].update(attrs)
            elif name == "xf" and where == "cellXfs":
                self.xfs.append((_int(attrs.get("numFmtId")), _int(attrs.get("fontId")), _int(attrs.get("fillId"))))

        def end(name):
            if section and name == section[-1]:
                section.pop()

        wb._parse(part, start, end, required=False)
        self.theme = wb.theme
        self._cache: dict[int, tuple] = {}

    def of(self, sid: int) -> tuple[str | None, bool, bool, bool, bool, bool]:
        """(fill RRGGBB, solid, bold, date, duration, percent) of cell style `sid`."""
        if sid not in self._cache:
            if sid >= len(self.xfs):
                self._cache[sid] = (None, False, False, False, False, False)
            else:
                fmt_id, font, fill = self.xfs[sid]
                code = self.formats.get(fmt_id) if fmt_id in self.formats else BUILTIN_FORMATS.get(fmt_id)
                solid, colour = self.fills[fill] if fill < len(self.fills) else (False, {})
                rgb = colour_rgb(colour, self.theme()) if solid else None
                bold = self.fonts[font] if font < len(self.fonts) else False
                self._cache[sid] = (rgb, solid, bold, is_date_format(code), is_timedelta_format(code),
                                    "%" in str(code or ""))
        return self._cache[sid]


def _int(text) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


# Theme slots in the order cell colours number them (light 1 and dark 1 come first,
# the reverse of their order in the theme file).
_THEME_SLOTS = ("lt1", "dk1", "lt2", "dk2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6",
                "hlink", "folHlink")


def _read_theme(wb: Workbook, part: str) -> list[str]:
    found: dict[str, str] = {}
    stack: list[str] = []

    def start(name, attrs):
        if stack and stack[-1] in _THEME_SLOTS and stack[-1] not in found:
            rgb = attrs.get("val", "") if name == "srgbClr" else attrs.get("lastClr", "") if name == "sysClr" else ""
            if re.fullmatch(r"[0-9A-Fa-f]{6}", rgb):
                found[stack[-1]] = rgb.upper()
        stack.append(name)

    def end(name):
        stack.pop()

    wb._parse(part, start, end, required=False)
    return [found.get(slot, "") for slot in _THEME_SLOTS]


def colour_rgb(colour: dict, theme: list[str]) -> str | None:
    """A fill colour (the attributes of <fgColor>) as RRGGBB: given directly, from the legacy palette,
    or from the theme (tint ignored: a lighter shade keeps its hue, which is all a RAG colour needs)."""
    if "rgb" in colour and re.fullmatch(r"[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?", colour["rgb"]):
        return colour["rgb"][-6:].upper()
    if "indexed" in colour:
        index = _int(colour["indexed"])
        return COLOR_INDEX[index][-6:].upper() if 0 <= index < len(COLOR_INDEX) else None
    if "theme" in colour:
        index = _int(colour["theme"])
        return (theme[index] or None) if 0 <= index < len(theme) else None
    return None


# -- sheets ---------------------------------------------------------------------------


def read_grid(workbook: Workbook, sheet: str, colours: bool = True) -> Grid:
    """The cells of `sheet` that hold a value (or, with `colours`, a solid fill), up to the last value.

    Raises CpstratError (CP070, naming the sheet and cell) for a cell beyond
    Excel's limits or past the cell budget, and for a part that is damaged.
    """
    try:
        return _SheetReader(workbook, sheet, colours).read()
    except _Refused as exc:
        raise CpstratError([make("CP070", workbook.display, reason=str(exc))]) from None


class _SheetReader:
    def __init__(self, wb: Workbook, sheet: str, colours: bool):
        self.wb, self.sheet, self.colours = wb, sheet, colours
        self.rows: dict[int, dict[int, Cell]] = {}
        self.formulas: list[Formula] = []
        self.count = 0
        self.last = 0
        self.row = 0
        self.col = 0
        self.cell: dict | None = None  # r, c, t, s of the open <c>
        self.buf: list[str] | None = None
        self.value: list[str] | None = None
        self.formula: list[str] | None = None
        self.inline: list[str] | None = None
        self.phonetic = 0
        self.columns: dict[str, int] = {}

    def refuse(self, row: int, col: int, why: str) -> None:
        place = f"{get_column_letter(col)}{row}" if 1 <= col <= MAX_COLUMN else f"row {row}"
        raise _Refused(f"sheet '{self.sheet}' cell {place}: {why}")

    def start(self, name, attrs):
        if name == "c":
            ref = attrs.get("r")
            if ref is not None:
                m = _REF.fullmatch(ref)
                if not m:
                    raise _Refused(f"sheet '{self.sheet}': '{ref[:20]}' is not a cell reference")
                letters = m[1]
                col = self.columns.get(letters)
                if col is None:
                    col = self.columns[letters] = column_index_from_string(letters)
                row = int(m[2])
            else:  # the reference is optional: the next cell of the current row
                row, col = self.row, self.col + 1
            if not (1 <= row <= MAX_ROW and 1 <= col <= MAX_COLUMN):
                self.refuse(row, col, f"lies beyond Excel's last cell (XFD{MAX_ROW})")
            self.row, self.col = row, col
            self.cell = {"t": attrs.get("t", "n"), "s": _int(attrs.get("s", 0))}
            self.value = self.formula = self.inline = None
        elif name == "row":
            self.row = _int(attrs["r"]) if "r" in attrs else self.row + 1
            self.col = 0
        elif self.cell is None:
            return
        elif name == "v":
            self.value = self.buf = []
        elif name == "f":
            self.formula = self.buf = []
        elif name == "is":
            self.inline = []
        elif name == "rPh":
            self.phonetic += 1
        elif name == "t" and self.inline is not None and not self.phonetic:
            self.buf = self.inline

    def text(self, data):
        if self.buf is not None:
            self.buf.append(data)

    def end(self, name):
        if name in ("v", "f", "t"):
            self.buf = None
        elif name == "rPh":
            self.phonetic -= 1
        elif name == "c" and self.cell is not None:
            self.finish_cell()
            self.cell = None

    def finish_cell(self) -> None:
        assert self.cell is not None
        t, sid = self.cell["t"], self.cell["s"]
        row, col = self.row, self.col
        value = None
        if t == "inlineStr":
            value = unescape_xstring("".join(self.inline)) if self.inline else None
        elif self.value is not None:
            raw = "".join(self.value)
            if raw or t in ("str", "e"):
                value = self.convert(raw, t, sid, row, col)
        if isinstance(value, str) and not value.strip():
            value = None
        if self.formula is not None:
            text = "=" + "".join(self.formula) if self.formula else "(a shared formula)"
            self.formulas.append(Formula(row, col, text, value))
        fill, bold = None, False
        if sid and (self.colours or value is not None):
            rgb, solid, is_bold, _, _, percent = self.wb.styles().of(sid)
            if percent and _is_number(value):
                value = as_percent(value)
            if self.colours:
                fill = rgb if value is not None or solid else None
                bold = is_bold and value is not None
        if value is None and fill is None:
            return
        self.count += 1
        if self.count > MAX_CELLS:
            self.refuse(row, col, f"the workbook holds more than {MAX_CELLS:,} cells, more than cpstrat reads")
        self.rows.setdefault(row, {})[col] = Cell(value, fill, row, col, bold)
        if value is not None and row > self.last:
            self.last = row

    def convert(self, raw: str, t: str, sid: int, row: int, col: int):
        if t == "s":
            strings = self.wb.strings()
            index = _int(raw)
            if not 0 <= index < len(strings):
                self.refuse(row, col, f"names shared string {raw[:20]}, which the workbook does not have")
            return strings[index]
        if t in ("str", "e"):
            return unescape_xstring(raw)
        if t == "b":
            return raw.strip() in ("1", "true")
        if t == "d":
            try:
                return from_ISO8601(raw.strip())
            except ValueError:
                self.refuse(row, col, f"'{raw[:30]}' is not a date")
        try:
            number: float | int = float(raw)
        except ValueError:
            self.refuse(row, col, f"'{raw[:30]}' is not a number")
        if number != number or number in (float("inf"), float("-inf")):
            self.refuse(row, col, f"'{raw[:30]}' is not a finite number")
        if float(number).is_integer() and "." not in raw and "e" not in raw.lower():
            number = int(raw)
        if sid:
            _, _, _, date, duration, _ = self.wb.styles().of(sid)
            if date:
                try:
                    return from_excel(number, self.wb.epoch, timedelta=duration)
                except (OverflowError, ValueError):
                    self.refuse(row, col, f"{raw[:30]} is formatted as a date but is no date Excel can show")
        return number

    def read(self) -> Grid:
        try:
            part = self.wb.sheet_part(self.sheet)
        except KeyError:
            raise _Refused(f"no sheet '{self.sheet}'") from None
        try:
            self.wb._parse(part, self.start, self.end, self.text)
        except _Refused as exc:
            if str(exc).startswith("sheet '"):
                raise
            raise _Refused(f"sheet '{self.sheet}': {exc}") from None
        rows = [Row(r, self.rows[r]) for r in sorted(self.rows) if r <= self.last]
        return Grid(self.sheet, rows, formulas=self.formulas)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def formula_gaps(display: str, grid: Grid) -> list:
    """CP074 for each formula cell of the grid whose saved value is missing."""
    return [make("CP074", display, f.row, f.column, sheet=grid.sheet, cell=f.ref, formula=f.text)
            for f in grid.formulas if f.cached is None and f.row <= (grid.rows[-1].number if grid.rows else 0)]


def sheet_comments(workbook: Workbook, sheet: str) -> dict[tuple[int, int], str]:
    """Cell comments (Excel notes) of a sheet: (row, column) -> text. A damaged comments part is refused
    like any other damaged part (CpstratError)."""
    out: dict[tuple[int, int], str] = {}
    try:
        part = workbook.sheet_part(sheet)
        parts = [target for target, kind in workbook._rels(part).values() if kind.endswith("/comments")]
        for target in parts:
            ref: list[str] = []
            buf: list[str] = []
            state = {"t": 0}

            def start(name, attrs, ref=ref, buf=buf, state=state):
                if name == "comment":
                    ref[:] = [attrs.get("ref", "").split(":")[0]]
                    buf.clear()
                elif name == "t":
                    state["t"] += 1

            def end(name, ref=ref, buf=buf, state=state):
                if name == "t":
                    state["t"] -= 1
                elif name == "comment" and ref:
                    m = _REF.fullmatch(ref[0])
                    text = unescape_xstring("".join(buf)).strip()
                    if m and text:
                        out[(int(m[2]), column_index_from_string(m[1]))] = text

            def text(data, buf=buf, state=state):
                if state["t"]:
                    buf.append(data)

            workbook._parse(target, start, end, text, required=False)
    except _Refused as exc:
        raise CpstratError([make("CP070", workbook.display, reason=str(exc))]) from None
    return out
