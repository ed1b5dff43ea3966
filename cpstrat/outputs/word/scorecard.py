"""The board's scorecard as Word: the headlines, then each indicator read from published figures.

Each indicator: what it counts, the latest period's figures against England, the region and the
statistical neighbours (a table), every period's figures (a table), a native line chart of the council,
England and the neighbours' mean with the target, and the commentary. The board report shows the same
section (`indicator_section`). Status against target is in words, with a fill that only repeats them.
"""

from __future__ import annotations

from cpstrat.analysis.scorecard import Card, Scorecard, number_text
from cpstrat.outputs.views.context import Context, day, status_fill
from cpstrat.outputs.views.scorecard import COUNCIL, ENGLAND, NEIGHBOURS, TARGET, alt_text
from cpstrat.outputs.word import chart
from cpstrat.outputs.word.docxlib import Cell, Document

CHART_WIDTH = 15.5


def latest_rows(card: Card) -> list[list]:
    """The latest period's figures: (what, figure) rows, each in words; the status's fill repeats its words."""
    return [[what, Cell(text, fill=status_fill(status)) if status else text]
            for what, text, status in card.latest_pairs()]


def period_rows(card: Card) -> list[list]:
    return [[r.period.label, card.text(r.council), card.text(r.england), card.text(r.region),
             r.neighbours.text(card.unit), r.rank_text, r.change_text(card.unit),
             Cell(r.status, fill=status_fill(r.status_as))] for r in card.rows]


PERIOD_HEADER = ["Period", "Council", "England", "Region", "Neighbours' mean", "Rank", "Change", "Against target"]


def indicator_section(doc: Document, card: Card, level: int) -> None:
    """One indicator: heading, what it counts, the latest figures, every period, the chart, the commentary."""
    doc.heading(card.name, level)
    doc.paragraph(card.about)
    latest = card.latest
    if latest is None:
        doc.paragraph("The file has no figures for this indicator.")
        return
    doc.table(["Measure", latest.period.label], latest_rows(card),
              caption=f"{card.name}: {latest.period.label} against England, the region and neighbours")
    doc.table(PERIOD_HEADER, period_rows(card), caption=f"{card.name}: every period")
    trend_chart(doc, card)
    doc.paragraph(card.commentary or "No commentary given.", bold_prefix="Commentary: ")


def trend_chart(doc: Document, card: Card) -> None:
    labels = [r.period.label for r in card.rows]
    series = [chart.Series(card.council_name or "Council", [r.council.value for r in card.rows], colour=COUNCIL),
              chart.Series("England", [r.england.value for r in card.rows], colour=ENGLAND, dash="dash",
                           labels=False),
              chart.Series("Neighbours' mean", [_round(r.neighbours.mean) for r in card.rows], colour=NEIGHBOURS,
                           dash="sysDot", labels=False)]
    target = card.indicator.target.value
    if target is not None:
        series.append(chart.Series(f"Target {number_text(target, card.unit)}", [target] * len(labels),
                                   colour=TARGET, dash="lgDash", marker=False, labels=False))
    xml = chart.line_chart(labels, series, font=doc.font_name, size_pt=max(doc.font_pt - 1, 11),
                           # the labels to the precision the tables print (a whole figure without a '.')
                           number_format=chart.number_format([v for s in series if s.labels for v in s.values if v is not None],
                                                             card.unit))
    doc.chart(xml, alt_text=alt_text(card), width_cm=CHART_WIDTH, height_cm=7.5,
              caption=f"{card.name}: the council, England and the neighbours' mean over time "
                      "(the figures of the table above)")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def headlines(doc: Document, items) -> None:
    """Each headline its own list item."""
    doc.bullets(items)


def render(ctx: Context, reference) -> Document:
    """The scorecard document."""
    s, sc = ctx.strategy, ctx.scorecard
    doc = Document(reference, compact_tables=True)
    title = "Performance scorecard"
    doc.set_properties(title=f"{s.council}: {title}", language="en-GB", subject=s.title, author=s.council,
                       keywords="corporate parenting, scorecard")
    doc.landscape()  # eight columns of figures per period read without wrapping each word
    lines = [s.council]
    if ctx.progress is not None:
        lines.append(f"As at {day(ctx.as_at)}" + (f", for {ctx.progress.meeting}" if ctx.progress.meeting else ""))
    doc.title(title, lines)
    write_body(doc, ctx, sc)
    return doc


def write_body(doc: Document, ctx: Context, sc: Scorecard) -> None:
    doc.heading("Headlines", 1)
    if ctx.headlines:
        headlines(doc, ctx.headlines)
    else:
        doc.paragraph("The progress file gives no headlines.")
    if ctx.benchmarks_text:
        doc.paragraph(ctx.benchmarks_text)
    doc.heading("Indicators", 1)
    summary_table(doc, sc)
    for card in sc.cards:
        indicator_section(doc, card, 2)
    others = [i for i in ctx.indicators if i.id not in {c.id for c in sc.cards}]
    if others:
        doc.heading("Indicators reported by the council", 2)
        doc.table(["Indicator", "Latest", "Target", "Commentary"],
                  [[i.name, i.text(i.latest), i.text(i.target) if i.target is not None else "None set",
                    i.commentary or "None given"] for i in others],
                  caption="Indicators with figures from the progress files")


def summary_table(doc: Document, sc: Scorecard) -> None:
    """Every indicator's latest figures in one table."""
    rows = []
    for card in sc.cards:
        r = card.latest
        if r is None:
            continue
        rows.append([card.name, r.period.label, card.text(r.council), card.text(r.england),
                     r.neighbours.text(card.unit), r.rank_text, r.change_text(card.unit),
                     Cell(r.status, fill=status_fill(r.status_as))])
    if rows:
        doc.table(["Indicator", "Period", "Council", "England", "Neighbours' mean", "Rank", "Change",
                   "Against target"], rows, caption="Every indicator: the latest period")
