"""The action plan as a spreadsheet for performance teams: one row per action.

Status is written as its word, with a fill colour as a second cue only (never
colour alone). The id column is hidden, not dropped, so a re-import keeps ids.
"""

from __future__ import annotations

from cpstrat.excel.workbook import HEADER_FILL, HEADER_FONT, STATUS_FILLS, append, finish_sheet, saved
from cpstrat.format import model, schema
from cpstrat.format.files import document_time

COLUMNS = [  # header, width; headers are ones import-xlsx recognises, so an export imports back
    ("Id", 8), ("Action", 50), ("Principles", 30), ("Priorities", 28), ("Lead", 26), ("Partners", 24),
    ("Due", 12), ("Status", 13), ("Measures", 40), ("Latest progress", 50), ("Notes", 30),
]


def export_plan(s: model.Strategy) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Action plan"
    ws.append([h for h, _ in COLUMNS])
    principles = {p.id: p.title for p in s.principles()}
    priorities = {p.id: p.title for p in s.priorities}
    latest = s.latest
    for a in s.actions:
        append(ws, [
            a.id, a.title,
            "\n".join(principles.get(p, p) for p in a.principles),
            "\n".join(priorities.get(p, p) for p in a.priorities),
            a.lead_text, "\n".join(a.partners), a.due.value if a.due else None, a.status,
            "\n".join(_measure(m) for m in a.measures),
            _progress(latest, a) if latest else "",
            a.notes,
        ])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap
        status = row[7]
        if status.value in STATUS_FILLS:
            status.fill = STATUS_FILLS[status.value]
        row[6].number_format = "yyyy-mm-dd"
    for cell in ws[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    status_list = DataValidation(type="list", formula1='"' + ",".join(schema.STATUSES) + '"', allow_blank=True,
                                 showErrorMessage=True, errorTitle="Status",
                                 error="Choose a status from the list.")
    ws.add_data_validation(status_list)
    if s.actions:
        status_list.add(f"H2:H{len(s.actions) + 1}")
    ws.column_dimensions["A"].hidden = True
    finish_sheet(ws, COLUMNS)
    return saved(wb, f"{s.title} action plan", s.council, document_time(s, s.latest))


def _measure(m: model.Measure) -> str:
    if m.target is None:
        return m.text
    return f"{m.text} (target {m.target:g}{m.unit})"


def _progress(p: model.Progress, a: model.Action) -> str:
    u = p.update_for(a.id)
    if u is None:
        return ""
    lines = [f"At {p.as_at.isoformat() if p.as_at else '?'}" + (f": {u.status}" if u.status else "")]
    if u.summary:
        lines.append(u.summary)
    lines.extend(f"- {x}" for x in u.achievements)
    measures = {m.id: m for m in a.measures}
    lines.extend(f"{measures[k].text if k in measures else k}: {v:g}" for k, v in u.measures.items())
    return "\n".join(lines)

