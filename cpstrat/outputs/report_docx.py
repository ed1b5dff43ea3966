"""The board progress report for one progress file, as a Word document."""

from __future__ import annotations

from cpstrat.outputs import chart
from cpstrat.outputs.acronyms import add_glossary
from cpstrat.outputs.context import Context, day, statuses
from cpstrat.outputs.docxlib import Cell, Document
from cpstrat.outputs.plan_docx import status_cell, title_page

PROGRESS_COLUMNS = (["Id", "Key requirement", "Status", "Progress and achievements"], [1.3, 5.0, 2.4, 8.3])


def progress_text(row) -> str:
    u = row.update
    if u is None:
        return "No update in this report."
    lines = [u.summary] if u.summary else []
    lines += [f"\u2022 {a}" for a in u.achievements]
    lines += [f"Challenge: {c}" for c in u.challenges]
    return "\n".join(lines) or "Status update only."


def progress_table(doc: Document, rows, caption: str) -> None:
    header, widths = PROGRESS_COLUMNS
    doc.table(header, [[r.action.id, r.action.title, status_cell(r), progress_text(r)] for r in rows],
              caption=caption, widths_cm=widths)


def chart_alt_text(ctx: Context) -> str:
    parts = ", ".join(f"{label} {n}" for _, label, n in ctx.status_counts)
    return f"Bar chart of the {len(ctx.rows)} actions by status as at {day(ctx.as_at)}: {parts}."


def status_chart(ctx: Context) -> bytes:
    spec = statuses()
    bars = [(label, n, _rgb(spec[status]["bar"])) for status, label, n in ctx.status_counts]
    return chart.bar_chart(bars)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[i: i + 2], 16) for i in (0, 2, 4))


def measures_table(doc: Document, ctx: Context) -> None:
    """Target against actual; baseline and previous columns only when some measure has them."""
    columns = [("Id", 2.2, lambda m: m.measure.id), ("Measure", 0, lambda m: m.measure.text)]
    if any(m.measure.baseline is not None for m in ctx.measures):
        columns.append(("Baseline", 2.3, lambda m: m.baseline_text or "None"))
    columns.append(("Target", 2.3, lambda m: m.target_text if m.measure.target is not None else "None set"))
    if ctx.previous is not None:
        columns.append(("Previous", 2.3, lambda m: m.previous_text))
    columns += [("Actual", 2.3, lambda m: m.actual_text), ("Against target", 2.4, lambda m: m.against_target)]
    fixed = sum(width for _, width, _ in columns)
    widths = [width or doc.text_width_cm() - fixed for _, width, _ in columns]
    doc.table([name for name, _, _ in columns], [[get(m) for _, _, get in columns] for m in ctx.measures],
              caption="Measures: target against actual", widths_cm=widths)


def progress_by(doc: Document, heading: str, groups, noun: str, empty: str) -> None:
    """A heading, then each principle's (or priority's) progress table under its own heading."""
    doc.heading(heading, 1)
    for group in groups:
        doc.heading(group.title, 2)
        if group.rows:
            progress_table(doc, group.rows, f"Progress for the {noun}: {group.title}")
        else:
            doc.paragraph(empty)


def render(ctx: Context, reference) -> Document:
    s, p = ctx.strategy, ctx.progress
    doc = Document(reference)
    title_page(doc, ctx, ctx.report_title, [
        f"Report to: {p.meeting}" if p.meeting else "",
        f"Progress as at {day(ctx.as_at)}",
        f"Author: {p.author}" if p.author else "",
    ])

    doc.heading("Purpose", 1)
    doc.paragraphs(p.purpose or f"To report progress on the {s.title} as at {day(ctx.as_at)}.")
    doc.heading("Recommendations", 1)
    if p.recommendations:
        doc.bullets(p.recommendations)
    else:
        doc.paragraph("The board is asked to note the progress reported.")
    doc.heading("Background", 1)
    doc.paragraphs(p.background or f"The {s.title} covers {ctx.period_text}. "
                                    f"It has {len(ctx.rows)} actions.")
    if p.summary:
        doc.heading("Summary of progress", 1)
        doc.paragraphs(p.summary)

    doc.heading("Status summary", 1)
    total = len(ctx.rows)
    doc.paragraph(f"The plan has {total} action{'s' if total != 1 else ''}. Their status as at {day(ctx.as_at)}:")
    doc.table(["Status", "Actions"], [[label, str(n)] for _, label, n in ctx.status_counts] + [[Cell("Total", bold=True), Cell(str(total), bold=True)]],
              caption="Actions by status", widths_cm=[6, 3])
    doc.picture(status_chart(ctx), alt_text=chart_alt_text(ctx), width_cm=12,
                caption="Actions by status (the figures of the table above)")

    progress_by(doc, "Progress by principle", ctx.principles, "principle", "No action serves this principle.")
    if ctx.priorities:
        progress_by(doc, "Progress by local priority", ctx.priority_groups, "priority",
                    "No action delivers this priority.")

    doc.heading("Measures", 1)
    if ctx.measures:
        measures_table(doc, ctx)
    else:
        doc.paragraph("The plan sets no measures.")

    doc.heading("Overdue actions", 1)
    if ctx.overdue:
        doc.paragraph(f"Actions due before {day(ctx.as_at)} and neither complete nor dropped:")
        doc.table(["Id", "Action", "Lead", "Due", "Status"],
                  [[r.action.id, r.action.title, r.lead_text, r.due_text, status_cell(r)] for r in ctx.overdue],
                  caption="Overdue actions", widths_cm=[1.3, 7.4, 3.4, 2.5, 2.4])
    else:
        doc.paragraph("No action is overdue.")

    doc.heading("Changes since the previous report", 1)
    if ctx.previous is None:
        doc.paragraph("This is the first progress report on this plan.")
    elif ctx.changes:
        doc.paragraph(f"Changes since the report as at {day(ctx.previous.as_at)}:")
        doc.table(["Id", "Action", "What changed"],
                  [[c.action.id, c.action.title, c.what] for c in ctx.changes],
                  caption=f"Changes since {day(ctx.previous.as_at)}", widths_cm=[1.3, 7.2, 8.5])
    else:
        doc.paragraph(f"Nothing has changed since the report as at {day(ctx.previous.as_at)}.")

    doc.heading("Implications", 1)
    for heading, text in ctx.implications:
        doc.heading(heading, 2)
        doc.paragraphs(text or "Not stated in this report.")
    add_glossary(doc, doc.all_text(), ctx.strategy.glossary)
    return doc
