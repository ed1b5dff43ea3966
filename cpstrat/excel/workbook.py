"""What every workbook cpstrat writes shares: safe cell values, header style, status fills, properties.

Cells are written so that a spreadsheet shows exactly the text the strategy
holds and never runs it: text starting with `=`, `+`, `-`, `@`, a tab or a
carriage return (OWASP's list for formula injection) is stored as a string
with Excel's quote prefix, so neither Excel nor LibreOffice evaluates it, even
after the cell is edited. Characters XML cannot carry (control characters
such as a vertical tab) are written with Office's own `_xHHHH_` escapes, which
Excel shows as the character and `read.py` turns back into it.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile

from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from cpstrat.format.shipped import statuses

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
# A second cue beside the status word, pale enough to keep black text readable (`sheet` in templates/status.yaml).
STATUS_FILLS = {k: PatternFill("solid", fgColor=spec["sheet"]) for k, spec in statuses().items() if spec.get("sheet")}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel's largest number; anything larger (or infinite) is written as text.
EXCEL_MAX = 9.99999999999999e307
# Characters XML 1.0 cannot hold, and CR (which XML readers turn into LF), escaped the way Office does;
# a literal "_x0041_" in the text is itself escaped, so it reads back as written.
_UNSAFE = re.compile("_(?=x[0-9A-Fa-f]{4}_)|[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def escape_xstring(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


def cell_value(value):
    """A value as openpyxl should store it: text escaped, numbers Excel cannot hold as text."""
    if isinstance(value, str):
        return escape_xstring(value)
    if isinstance(value, float) and not (math.isfinite(value) and abs(value) <= EXCEL_MAX):
        return repr(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > EXCEL_MAX:
        return str(value)
    return value


def put(ws, row: int, column: int, value):
    """Write one cell safely (see the module's docstring); returns the cell."""
    cell = ws.cell(row=row, column=column)
    cell.value = cell_value(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def append(ws, values) -> int:
    """Write a row below the last one, cell by cell through put(); returns its number."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(1, 1).value is not None else 1
    for column, value in enumerate(values, start=1):
        if value is not None:
            put(ws, row, column, value)
    return row


def finish_sheet(ws, columns, header_row: int = 1) -> None:
    """Column widths, a frozen header row and filters on the table."""
    for i, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    last = max(ws.max_row, header_row + 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{last}"
    ws.print_title_rows = f"{header_row}:{header_row}"


_PROPERTY_UNSAFE = re.compile("[^\t\n\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def saved(wb, title: str, council: str, when: dt.datetime) -> bytes:
    """The workbook as bytes, titled, in British English, with no personal author, dated `when`:
    the same workbook and date give the same bytes, whatever the clock says."""
    wb.properties.title = " ".join(_PROPERTY_UNSAFE.sub(" ", title).split())
    wb.properties.language = "en-GB"
    wb.properties.creator = " ".join(_PROPERTY_UNSAFE.sub(" ", council).split()) or "cpstrat"
    wb.properties.lastModifiedBy = None
    wb.properties.created = when
    out = io.BytesIO()
    wb.save(out)
    return _fixed(out.getvalue(), when)


def _fixed(data: bytes, when: dt.datetime) -> bytes:
    """openpyxl stamps the modified date and each zip entry with the clock: restamp them with `when`."""
    stamp = when.replace(microsecond=0).isoformat() + "Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(?:created|modified)\b[^>]*>)[^<]*", lambda m: m[1] + stamp.encode(),
                              body)
            zout.writestr(zipfile.ZipInfo(info.filename, _ZIP_DATE), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()
