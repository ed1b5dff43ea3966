"""What every workbook cpstrat writes shares: header style, status fills, frozen header, properties."""

from __future__ import annotations

import io

from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
LOCKED_FILL = PatternFill("solid", fgColor="EDEDED")
# A second cue beside the status word, pale enough to keep black text readable.
STATUS_FILLS = {
    "off-track": PatternFill("solid", fgColor="FFC7CE"),
    "at-risk": PatternFill("solid", fgColor="FFEB9C"),
    "on-track": PatternFill("solid", fgColor="C6EFCE"),
    "complete": PatternFill("solid", fgColor="BDD7EE"),
}


def finish_sheet(ws, columns, header_row: int = 1) -> None:
    """Column widths, a frozen header row and filters on the table."""
    for i, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    last = max(ws.max_row, header_row + 1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{last}"
    ws.print_title_rows = f"{header_row}:{header_row}"


def saved(wb, title: str, council: str) -> bytes:
    """The workbook as bytes, titled, in British English, with no personal author."""
    wb.properties.title = title
    wb.properties.language = "en-GB"
    wb.properties.creator = council or "cpstrat"
    wb.properties.lastModifiedBy = None
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
