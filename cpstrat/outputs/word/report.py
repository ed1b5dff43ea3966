"""The board progress report for one progress file, as a Word document.

Laid out as a council committee report: a cover block, the recommendations,
purpose and background, then progress with each action's update given once
(grouped by local priority, or by principle when the plan has no priorities),
a cross-reference to the other grouping, measures and indicators, the
implications and the appendices (the full action plan, the indicator data).
"""

from __future__ import annotations

from cpstrat.outputs.views import context
from cpstrat.outputs.views.acronyms import add_glossary
from cpstrat.outputs.views.context import Context, day, report_by, status_bar, status_label
from cpstrat.outputs.word import chart, scorecard
from cpstrat.outputs.word.docxlib import Cell, Document, sparse_columns
from cpstrat.outputs.word.plan import status_cell

# Chart sizes (cm): the text width of A4 portrait with the reference document's margins is about 16 cm.
CHART_WIDTH = 15.5


def progress_text(row) -> str:
    u = row.update
    if u is None:
        return "No update in this report."
    lines = [u.summary] if u.summary else []
    lines += [f"\u2022 {a}" for a in u.achievements]
    lines += [f"Challenge: {c}" for c in u.challenges]
    titles = {m.id: m.title for m in getattr(row.action, "milestones", ())}
    for m in getattr(u, "milestones", ()):
        said = ": ".join(part for part in (status_label(m.status) if m.status else "", m.summary) if part)
        lines.append(f"Milestone {m.id} {titles.get(m.id, '')}".rstrip() + (f" \u2013 {said}" if said else ""))
    return "\n".join(lines) or "Status update only."


def progress_table(doc: Document, rows, caption: str, show_caption: bool = True) -> None:
    doc.table(["Id", "Action", "Status", "Progress and achievements"],
              [[r.action.id, r.action.title, status_cell(r), progress_text(r)] for r in rows], caption=caption,
              show_caption=show_caption)


def cover(doc: Document, ctx: Context, title: str) -> None:
    s = ctx.strategy
    doc.set_properties(title=f"{s.council}: {title}", language="en-GB", subject=s.title,
                       author=s.council, keywords="corporate parenting")
    doc.title(title, [s.council])
    if ctx.cover:
        doc.table(["Item", "Detail"], [[Cell(label, bold=True), value] for label, value in ctx.cover],
                  caption="Report details")


WORRYING = ("at-risk", "off-track")


def status_summary(doc: Document, ctx: Context) -> None:
    total = len(ctx.rows)
    shown = [(status, label, n) for status, label, n in ctx.status_counts if n]
    # said only of the statuses a board looks for: a list of every status no action has read as a riddle
    # ("no action is not started, on track, at risk, off track or dropped")
    clear = [label.lower() for status, label, n in ctx.status_counts if status in WORRYING and not n]
    doc.paragraph(f"The plan has {total} action{'s' if total != 1 else ''}. Their status as at {day(ctx.as_at)} "
                  f"is below" + (f"; none is {_or(clear)}." if clear and total else "."), keep_with_next=True)
    doc.table(["Status", "Actions"], [[label, str(n)] for _, label, n in shown]
              + [[Cell("Total", bold=True), Cell(str(total), bold=True)]], caption="Actions by status")
    if shown:
        xml = chart.bar_chart([label for _, label, _ in shown],
                              [chart.Series("Actions", [n for _, _, n in shown],
                                            point_colours=[status_bar(status) for status, _, _ in shown])],
                              font=doc.font_name, size_pt=max(doc.font_pt - 1, 11))
        parts = ", ".join(f"{label} {n}" for _, label, n in shown)
        doc.chart(xml, alt_text=f"Bar chart of the {total} actions by status as at {day(ctx.as_at)}: {parts}.",
                  width_cm=CHART_WIDTH, height_cm=1.4 + 0.8 * len(shown),
                  caption="Actions by status (the figures of the table above)")
    if len(ctx.history) > 1:
        history_chart(doc, ctx)


def history_chart(doc: Document, ctx: Context) -> None:
    """The status mix at every reporting point so far: a table and a stacked column chart."""
    used = {(status, label) for _, counts in ctx.history for status, label, n in counts if n}
    # in display order: every counts list holds every status, in that order
    statuses = [(status, label) for status, label, _ in _all_statuses(ctx) if (status, label) in used]
    dates = [day(when) for when, _ in ctx.history]
    table = {(when, status): n for when, counts in ctx.history for status, _, n in counts}
    doc.heading("Status at each report", 2)
    doc.table(["Report as at"] + [label for _, label in statuses],
              [[day(when)] + [str(table.get((when, status), 0)) for status, _ in statuses]
               for when, _ in ctx.history], caption="Actions by status at each report")
    series = [chart.Series(label, [table.get((when, status), 0) for when, _ in ctx.history],
                           colour=status_bar(status)) for status, label in statuses]
    xml = chart.bar_chart(dates, series, stacked=True, horizontal=False, font=doc.font_name,
                          size_pt=max(doc.font_pt - 1, 11))
    described = "; ".join(
        f"{day(when)}: " + ", ".join(f"{label} {table.get((when, status), 0)}" for status, label in statuses
                                     if table.get((when, status), 0))
        for when, _ in ctx.history)
    doc.chart(xml, alt_text=f"Stacked column chart of the actions by status at each of the {len(dates)} reports. "
                            f"{described}.", width_cm=CHART_WIDTH, height_cm=8,
              caption="Actions by status at each report (the figures of the table above)")


def indicator_chart(doc: Document, ind) -> None:
    """One indicator's values at each report against its baseline, target and comparators."""
    labels = ([f"Baseline {day(ind.baseline_at)}".strip()] if ind.baseline is not None else []) \
        + [day(when) for when, _ in ind.values]
    values = ([ind.baseline] if ind.baseline is not None else []) + [v for _, v in ind.values]
    series = [chart.Series("Reported value", values, colour="1F3864")]
    if ind.target is not None:
        series.append(chart.Series(f"Target {ind.text(ind.target)}", [ind.target] * len(labels), colour="2E6B30",
                                   dash="dash", marker=False, labels=False))
    greys = ["595959", "8A5A00", "A4262C", "404040"]
    for i, (name, value) in enumerate(ind.numeric_comparators.items()):
        series.append(chart.Series(f"{name} {ind.text(value)}", [value] * len(labels), colour=greys[i % len(greys)],
                                   dash="sysDot", marker=False, labels=False))
    xml = chart.line_chart(labels, series, font=doc.font_name, size_pt=max(doc.font_pt - 1, 11),
                           number_format=chart.number_format([v for s in series for v in s.values if v is not None],
                                                             ind.unit))
    said = ", ".join(f"{label} {ind.text(v)}" for label, v in zip(labels, values, strict=True) if v is not None)
    against = [f"target {ind.text(ind.target)}"] if ind.target is not None else []
    against += [f"{name} {ind.text(v)}" for name, v in ind.comparators.items()]
    doc.chart(xml, alt_text=f"Line chart of {ind.name}: {said}"
                            + (f"; against {', '.join(against)}." if against else "."),
              width_cm=CHART_WIDTH, height_cm=7, caption=f"{ind.name}: trend against target and comparators")


def indicators_section(doc: Document, ctx: Context) -> None:
    """The indicators the progress files report (a table and a chart each), then those read from published
    figures, as the scorecard shows them."""
    doc.heading("Performance indicators", 2)
    published = {card.id for card in ctx.scorecard.cards} if ctx.scorecard else set()
    reported = [ind for ind in ctx.indicators if ind.id not in published]
    if reported:
        comparators = []
        for ind in reported:
            comparators += [c for c in ind.comparators if c not in comparators]
        doc.table(["Indicator", "Baseline", "Target", "Latest", "Against target"] + comparators,
                  [[ind.name, ind.text(ind.baseline) if ind.baseline is not None else "Not given",
                    ind.text(ind.target) if ind.target is not None else "None set",
                    ind.text(ind.latest), ind.against_target]
                   + [ind.text(ind.comparators[c]) if c in ind.comparators else "Not given" for c in comparators]
                   for ind in reported], caption="Performance indicators: latest value against target")
        for ind in reported:
            indicator_chart(doc, ind)
            if ind.commentary:
                doc.paragraph(ind.commentary, bold_prefix=f"Commentary on {ind.name}: ")
    if published:
        if ctx.benchmarks_text:
            doc.paragraph(ctx.benchmarks_text)
        scorecard.summary_table(doc, ctx.scorecard)
        for card in ctx.scorecard.cards:
            scorecard.indicator_section(doc, card, 3)


def measures_table(doc: Document, ctx: Context) -> None:
    """Target against actual; baseline and previous columns only when some measure has them."""
    columns = [("Id", lambda m: m.measure.id), ("Measure", lambda m: m.measure.text)]
    if any(m.measure.baseline is not None for m in ctx.measures):
        columns.append(("Baseline", lambda m: m.baseline_text or "Not given"))
    if any(m.measure.target is not None for m in ctx.measures):
        columns.append(("Target", lambda m: m.target_text))
    if ctx.previous is not None:
        columns.append(("Previous", lambda m: m.previous_text))
    columns.append(("Actual", lambda m: m.actual_text))
    if any(m.measure.target is not None for m in ctx.measures):
        columns.append(("Against target", lambda m: m.against_target))
    else:
        doc.paragraph("The plan sets no target for any measure; the figures reported are below.", keep_with_next=True)
    doc.table([name for name, _ in columns], [[get(m) for _, get in columns] for m in ctx.measures],
              caption="Measures: the figures reported" if len(columns) < 4 else "Measures: target against actual")


def progress_section(doc: Document, ctx: Context, by: str) -> None:
    """Each action's update once, under its priority (or principle); then where the others fall."""
    doc.heading("Progress by local priority" if by == "priority" else "Progress by principle", 1)
    progress_body(doc, ctx, by)


def progress_body(doc: Document, ctx: Context, by: str) -> None:
    if by == "priority":
        groups = [(g.title, g.rows) for g in ctx.priorities]
        if ctx.no_priority:
            groups.append(("Actions under no local priority", ctx.no_priority))
        doc.paragraph("Each action's update is given once, under its first local priority. The table at the "
                      "end of this section shows the corporate parenting principles each action serves.")
    else:
        groups = [(g.title, g.rows) for g in ctx.principles]
        doc.paragraph("Each action's update is given once, under the first principle it serves."
                      + (" The table at the end of this section shows the local priority of each action."
                         if ctx.priorities else ""))
    seen: set[str] = set()
    for title, rows in groups:
        first = [r for r in rows if r.action.id not in seen]
        also = [r for r in rows if r.action.id in seen]
        seen.update(r.action.id for r in rows)
        doc.heading(title, 2)
        if first:
            # the heading above names the group: the caption is kept as the table's title only
            progress_table(doc, first, f"Progress: {title}", show_caption=False)
        if also:
            doc.paragraph("Also under this heading, reported above: "
                          + ", ".join(f"{r.action.id} {r.action.title}" for r in also) + ".")
        if not rows:
            doc.paragraph("No action is listed under this heading.")
    cross_reference(doc, ctx, by)


def cross_reference(doc: Document, ctx: Context, by: str) -> None:
    """The other grouping as a compact table: each principle (or priority) and the actions under it."""
    if by == "priority":
        groups, noun = ctx.principles, "Principle"
        heading = "Actions by corporate parenting principle"
    else:
        if not ctx.priorities:
            return
        groups, noun = ctx.priorities, "Local priority"
        heading = "Actions by local priority"
    doc.heading(heading, 2)
    doc.paragraph("Where each action reported above sits in the other view of the plan.", keep_with_next=True)
    doc.table([noun, "Actions", "Number"],
              [[g.title, ", ".join(r.action.id for r in g.rows) or "None", str(len(g.rows))] for g in groups],
              caption=heading, show_caption=False)


def appendix_plan(doc: Document, ctx: Context) -> None:
    doc.heading("Appendix A: the action plan", 1)
    columns, dropped = sparse_columns([
        ("Id", lambda r: r.action.id),
        ("Action", lambda r: r.action.title + (f"\n{r.action.description}" if r.action.description else "")),
        ("Lead", lambda r: r.lead_text), ("Partners", lambda r: r.partners_text), ("Due", lambda r: r.due_text),
        # measures by id: the measures table above gives their text and figures
        ("Measures", lambda r: ", ".join(m.measure.id for m in r.measures) or "None set"),
        ("Status", status_cell)], ctx.rows)
    missing = f" The plan gives no {_or([d.lower() for d in dropped])} for any action." if dropped else ""
    doc.paragraph(f"Every action of the {ctx.strategy.title}, with its status as at {day(ctx.as_at)}.{missing}",
                  keep_with_next=True)
    doc.table([name for name, _ in columns], [[get(r) for _, get in columns] for r in ctx.rows],
              caption="The action plan")


def appendix_indicators(doc: Document, ctx: Context, letter: str = "B") -> None:
    doc.heading(f"Appendix {letter}: indicator data", 1)
    dates = [day(when) for when, _ in ctx.indicators[0].values]
    doc.table(["Indicator", "Baseline"] + dates + ["Target"],
              [[ind.name, (f"{ind.text(ind.baseline)} ({day(ind.baseline_at)})" if ind.baseline_at
                           else ind.text(ind.baseline)) if ind.baseline is not None else "Not given"]
               + [ind.text(v) for _, v in ind.values]
               + [(f"{ind.text(ind.target)} by {day(ind.target_by)}" if ind.target_by else ind.text(ind.target))
                  if ind.target is not None else "None set"]
               for ind in ctx.indicators], caption="Indicator values at each report")
    details = [(ind, [("Polarity", ind.polarity.replace("-", " ")), ("Cohort", ind.cohort.replace("-", " ")),
                      ("Source", ind.source)]) for ind in ctx.indicators]
    rows = [[ind.name, "; ".join(f"{k}: {v}" for k, v in facts if v) or "None given"] for ind, facts in details]
    doc.table(["Indicator", "About the figures"], rows, caption="What each indicator counts")


def render(ctx: Context, reference) -> Document:
    s, p = ctx.strategy, ctx.progress
    assert p is not None, "a report is built for a progress file"
    doc = Document(reference, compact_tables=True)
    cover(doc, ctx, ctx.report_title)
    if s.committee.headings:
        committee_body(doc, ctx)
    else:
        for heading, part in (("Recommendations", "recommendations"), ("Purpose", "purpose"),
                              ("Background", "background"), ("Summary of progress", "summary")):
            doc.heading(heading, 1)
            PARTS[part](doc, ctx)
        if ctx.rows:
            progress_section(doc, ctx, report_by(ctx))
        measures_and_indicators(doc, ctx)
        if ctx.overdue:
            doc.heading("Overdue actions", 1)
            overdue(doc, ctx)
        if ctx.previous is not None and ctx.changes:
            doc.heading("Changes since the previous report", 1)
            changes(doc, ctx)
        doc.heading("Implications", 1)
        implications(doc, ctx)
        if p.background_papers:
            doc.heading("Background papers", 1)
            background_papers(doc, ctx)
    if ctx.rows:
        appendix_plan(doc, ctx)
    if ctx.indicators:
        appendix_indicators(doc, ctx, "B" if ctx.rows else "A")
    add_glossary(doc, doc.all_text(), ctx.strategy.glossary)
    return doc


def committee_body(doc: Document, ctx: Context) -> None:
    """The council's own headings in its order (`committee:`), each with the council's text from `sections:`
    and the part it names; then, under their usual headings, the parts no heading names that have
    something to show (the progress tables, measures ...)."""
    s = ctx.strategy
    if s.committee.numbered_paragraphs:
        doc.number_paragraphs()
    sections = context.committee_sections(ctx)
    placed = {section.part for section in sections}
    for section in sections:
        doc.heading(section.heading, 1)
        for text in section.paragraphs:
            doc.paragraph(text, numbered=True)
        if section.items:
            doc.bullets(section.items)
        if section.part is not None:
            PARTS[section.part](doc, ctx, placed)
    for part in context.committee_rest(ctx, sections):
        if part == "progress":
            progress_section(doc, ctx, report_by(ctx))
        elif part in ("measures", "indicators"):
            if part == "measures" or "measures" not in context.committee_rest(ctx, sections):
                doc.heading("Measures and indicators", 1)
            PARTS[part](doc, ctx)
        else:
            doc.heading(REST_HEADINGS[part], 1)
            PARTS[part](doc, ctx, placed)
    doc.number_paragraphs(False)


def recommendations(doc: Document, ctx: Context, placed=()) -> None:
    if ctx.progress is not None and ctx.progress.recommendations and doc._numbered is None:
        doc.bullets(ctx.recommendations)
    elif ctx.progress is not None and ctx.progress.recommendations:
        for text in ctx.recommendations:  # numbered paragraphs: each recommendation its own, as 3.1, 3.2 ...
            doc.paragraph(text, numbered=True)
    else:
        doc.paragraph(ctx.recommendations[0], numbered=True)


def purpose(doc: Document, ctx: Context, placed=()) -> None:
    doc.paragraphs(ctx.progress.purpose if ctx.progress is not None and ctx.progress.purpose
                   else f"To report progress on the {ctx.strategy.title} as at {day(ctx.as_at)}.")


def background(doc: Document, ctx: Context, placed=()) -> None:
    doc.paragraphs(ctx.progress.background if ctx.progress is not None and ctx.progress.background
                   else f"The {ctx.strategy.title} covers {ctx.period_text}. {ctx.actions_sentence}")


def summary(doc: Document, ctx: Context, placed=()) -> None:
    p = ctx.progress
    if p is not None and p.summary:
        doc.paragraphs(p.summary)
    if ctx.headlines:
        doc.paragraph("Headlines:", keep_with_next=True)
        scorecard.headlines(doc, ctx.headlines)
    if ctx.rows:  # a scorecard with no action plan has no actions to sum up
        # what has nothing to show is said here in a sentence, not under headings of its own
        quiet = [] if ctx.overdue else ["No action is overdue."]
        if ctx.previous is None:
            quiet.append("This is the first progress report on this plan.")
        elif not ctx.changes:
            quiet.append(f"Nothing has changed since the report as at {day(ctx.previous.as_at)}.")
        if quiet:
            doc.paragraph(" ".join(quiet))
        status_summary(doc, ctx)


def measures_and_indicators(doc: Document, ctx: Context, placed=()) -> None:
    doc.heading("Measures and indicators" if ctx.rows else "Indicators", 1)
    measures(doc, ctx)
    if ctx.indicators:
        indicators_section(doc, ctx)


def measures(doc: Document, ctx: Context, placed=()) -> None:
    if ctx.measures:
        measures_table(doc, ctx)
    elif ctx.rows:
        doc.paragraph("The plan sets no measures for its actions.")


def indicators(doc: Document, ctx: Context, placed=()) -> None:
    if ctx.indicators:
        indicators_section(doc, ctx)
    else:
        doc.paragraph("The plan sets no performance indicators.")


def both(doc: Document, ctx: Context, placed=()) -> None:
    measures(doc, ctx)
    if ctx.indicators:
        indicators_section(doc, ctx)


def overdue(doc: Document, ctx: Context, placed=()) -> None:
    if not ctx.overdue:
        doc.paragraph("No action is overdue.")
        return
    doc.paragraph(f"Actions due before {day(ctx.as_at)} and neither complete nor dropped:", keep_with_next=True)
    doc.table(["Id", "Action", "Lead", "Due", "Status"],
              [[r.action.id, r.action.title, r.lead_text, r.due_text, status_cell(r)] for r in ctx.overdue],
              caption="Overdue actions")


def changes(doc: Document, ctx: Context, placed=()) -> None:
    if ctx.previous is None:
        doc.paragraph("This is the first progress report on this plan.")
    elif not ctx.changes:
        doc.paragraph(f"Nothing has changed since the report as at {day(ctx.previous.as_at)}.")
    else:
        doc.paragraph(f"Changes since the report as at {day(ctx.previous.as_at)}:", keep_with_next=True)
        doc.table(["Id", "Action", "What changed"],
                  [[c.action.id, c.action.title, c.what] for c in ctx.changes],
                  caption=f"Changes since {day(ctx.previous.as_at)}")


def implications(doc: Document, ctx: Context, placed=()) -> None:
    """The implications as a table, and a sentence naming those the report does not state (with the
    council's own headings, only those no heading of its own takes)."""
    shown = ctx.implications_except(placed)
    stated = [(heading.replace(" implications", ""), text) for heading, text in shown if text]
    unstated = [heading.replace(" implications", "").lower() for heading, text in shown if not text]
    if stated:
        doc.table(["Implication", "What the report says"], stated, caption="Implications of this report",
                  show_caption=False)
    if unstated and not placed:
        doc.paragraph(f"The report states no {_or(unstated)} implications.")


def implication(key: str):
    """The filler of a heading that names one implication: its text, or a sentence saying there is none."""
    def fill(doc: Document, ctx: Context, placed=()) -> None:
        text = context.implication_text(ctx.progress, key)
        if text:
            doc.paragraphs(text, numbered=True)
        else:
            doc.paragraph("None stated in this report.", numbered=True)
    return fill


def background_papers(doc: Document, ctx: Context, placed=()) -> None:
    papers = list(ctx.progress.background_papers) if ctx.progress is not None else []
    if len(papers) > 1:
        doc.bullets(papers)
    else:
        doc.paragraph(papers[0] if papers else "None.", numbered=True)


def contact(doc: Document, ctx: Context, placed=()) -> None:
    c = ctx.progress.contact if ctx.progress is not None else None
    lines = [(label, value) for label, value in (("Name", c.name), ("Role", c.role), ("Telephone", c.phone),
                                                 ("Email", c.email)) if value] if c is not None else []
    for label, value in lines:
        doc.paragraph(value, bold_prefix=f"{label}: ")
    if not lines:
        doc.paragraph("Not stated.")


def progress_part(doc: Document, ctx: Context, placed=()) -> None:
    progress_body(doc, ctx, report_by(ctx))


PARTS = {
    "recommendations": recommendations, "purpose": purpose, "background": background, "summary": summary,
    "progress": progress_part, "measures": measures, "indicators": indicators, "measures_and_indicators": both,
    "overdue": overdue, "changes": changes, "implications": implications, "background_papers": background_papers,
    "contact": contact, "action_plan": lambda doc, ctx, placed=(): doc.paragraph(
        "The action plan, with each action's status, is in Appendix A."),
    **{key: implication(key) for key in context.IMPLICATION_KEYS},
}
REST_HEADINGS = {"recommendations": "Recommendations", "purpose": "Purpose", "background": "Background",
                 "summary": "Summary of progress", "overdue": "Overdue actions",
                 "changes": "Changes since the previous report", "implications": "Implications",
                 "background_papers": "Background papers"}


def _all_statuses(ctx: Context) -> list:
    seen, out = set(), []
    for _, counts in ctx.history:
        for status, label, n in counts:
            if status not in seen:
                seen.add(status)
                out.append((status, label, n))
    order = [status for status, _, _ in ctx.status_counts]
    return sorted(out, key=lambda s: order.index(s[0]) if s[0] in order else len(order))


def _or(words) -> str:
    """'a', 'a or b', 'a, b or c'."""
    words = list(words)
    return " or ".join(words) if len(words) < 3 else ", ".join(words[:-1]) + " or " + words[-1]
