"""The cross-council comparison as a Word document: tables, two charts and a glossary.

Each chart is followed by its figures as a table and carries alt text giving
the same figures, so nothing is shown by the picture alone.
"""

from __future__ import annotations

import datetime as dt

from cpstrat.analysis import compare as comparison
from cpstrat.format import frameworks
from cpstrat.outputs.views import compare as compare_tables
from cpstrat.outputs.views.acronyms import add_glossary
from cpstrat.outputs.views.context import dates_in_words, percent
from cpstrat.outputs.word import chart
from cpstrat.outputs.word.docxlib import Document

BAR = "1F4E79"  # dark blue: contrast above 7:1 on white


def render(c: comparison.Comparison, reference: bytes | None = None) -> bytes:
    from cpstrat.outputs import default_reference

    doc = Document(reference if reference is not None else default_reference(), compact_tables=True)
    n = len(c.profiles)
    title = f"Comparison of {n} corporate parenting strateg{'y' if n == 1 else 'ies'}"
    doc.set_properties(title=title, language="en-GB", subject="Corporate parenting strategies compared")
    doc.landscape()
    starts = sorted(p.start for p in c.profiles if p.start)
    ends = sorted(p.end for p in c.profiles if p.end)
    # one subtitle line: the strategies themselves are the rows of every table below
    doc.title(title, [dates_in_words(f"Strategy periods from {starts[0]} to {ends[-1]}")] if starts and ends else [])
    written: list[str] = [p.title for p in c.profiles]

    doc.heading("How specific the actions are", 1)
    doc.paragraph("How many actions name who leads them, when they are due and how success is measured. "
                  "An action with all three is specific enough to be checked.")
    specificity_chart(doc, c)
    for caption, header, rows in compare_tables.tables(c):
        doc.heading(caption.split(" (")[0].split(":")[0], 1)
        if caption.startswith("Actions per corporate parenting principle"):
            fw = next((f for f in c.frameworks if caption.endswith(f"({_citation(f)})")), c.frameworks[0])
            principle_chart(doc, c, fw)
        doc.table(header, [[dates_in_words(str(cell)) for cell in row] for row in rows], caption=caption)
        written += [caption, *header, *(cell for row in rows for cell in row)]

    local: dict = {}
    for strategy_glossary in reversed([_glossary(p) for p in c.profiles]):
        local.update(strategy_glossary)
    add_glossary(doc, written, local)
    return doc.to_bytes(stamp(c))


def specificity_chart(doc: Document, c: comparison.Comparison) -> None:
    total = sum(p.actions for p in c.profiles)
    parts = [("With a lead", sum(p.with_lead for p in c.profiles)),
             ("With a due date", sum(p.with_due for p in c.profiles)),
             ("With a measure", sum(p.with_measure for p in c.profiles)),
             ("With all three", sum(p.smart for p in c.profiles))]
    figures = "; ".join(f"{label} {count} of {total}" for label, count in parts)
    xml = chart.bar_chart([label for label, _ in parts], [chart.Series("Actions", [n for _, n in parts], BAR)],
                          font=doc.font_name, size_pt=max(doc.font_pt - 1, 11))
    doc.chart(xml, alt_text=f"Bar chart of the {total} actions across all the strategies compared: {figures}.",
              width_cm=16, height_cm=1.4 + 0.8 * len(parts),
              caption="Actions with a lead, a due date and a measure, all strategies")
    doc.table(["Actions", "Number", "Share of all actions"],
              [[label, str(count), percent(100 * count / total if total else 0)] for label, count in parts],
              caption="Data for the chart above")


def principle_chart(doc: Document, c: comparison.Comparison, framework: str) -> None:
    totals = c.principle_totals(framework)
    figures = "; ".join(f"{title} {count}" for title, count in totals)
    xml = chart.bar_chart([title for title, _ in totals], [chart.Series("Actions", [n for _, n in totals], BAR)],
                          font=doc.font_name, size_pt=max(doc.font_pt - 1, 11))
    doc.chart(xml, alt_text=f"Bar chart of actions per principle, all strategies together: {figures}.",
              width_cm=20, height_cm=1.4 + 0.8 * len(totals), caption="Actions per principle, all strategies together")
    doc.table(["Principle", "Actions"], [[title, str(count)] for title, count in totals],
              caption="Data for the chart above")


def stamp(c: comparison.Comparison) -> dt.datetime:
    """The date written into the document: the latest date the strategies carry, never the clock."""
    days = [d for p in c.profiles for d in (p.as_at, p.start) if d]
    day = max(days) if days else "2000-01-01"
    return dt.datetime.fromisoformat(day)


def _glossary(p: comparison.Profile) -> dict:
    return dict(p.glossary)


def _citation(framework: str) -> str:
    fw = frameworks.get(framework)
    return fw.citation if fw else framework
