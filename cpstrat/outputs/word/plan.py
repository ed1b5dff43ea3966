"""The action plan as a Word document, written through docxlib."""

from __future__ import annotations

from cpstrat.outputs.views.acronyms import add_glossary
from cpstrat.outputs.views.context import Context, day, status_label
from cpstrat.outputs.word.docxlib import Cell, Document, sparse_columns

# The plan is landscape because its main table has seven columns; docxlib sizes them to their content.
ACTION_COLUMNS = ["Id", "Action", "Lead", "Partners", "Due", "Measures", "Status"]
SHORT_COLUMNS = ["Id", "Action", "Lead", "Due", "Status"]


def status_cell(row) -> Cell:
    return Cell(row.status_label, fill=row.status_fill)


def action_text(action) -> str:
    """The action's title, then its description, expected outcome and notes where it has them."""
    lines = [action.title]
    if action.description:
        lines.append(action.description)
    if getattr(action, "outcome", ""):
        lines.append(f"Expected outcome: {action.outcome}")
    if action.notes:
        lines.append(f"Notes: {action.notes}")
    return "\n".join(lines)


def action_table(doc: Document, rows, caption: str, shown: set | None = None) -> None:
    """The actions' full rows; an action already shown in full (in `shown`) gives its title only,
    so its description and notes are printed once however many principles it serves."""
    shown = set() if shown is None else shown
    cells = []
    for r in rows:
        text = r.action.title if r.action.id in shown else action_text(r.action)
        shown.add(r.action.id)
        cells.append([r.action.id, text, r.lead_text, r.partners_text, r.due_text, r.measures_text, status_cell(r)])
    doc.table(ACTION_COLUMNS, cells, caption=caption)


def short_table(doc: Document, rows, caption: str) -> None:
    doc.table(SHORT_COLUMNS, [[r.action.id, r.action.title, r.lead_text, r.due_text, status_cell(r)] for r in rows],
              caption=caption)


def title_page(doc: Document, ctx: Context, title: str, lines) -> None:
    s = ctx.strategy
    doc.set_properties(title=f"{s.council}: {title}", language="en-GB", subject=s.title,
                       author=s.council, keywords="corporate parenting")
    doc.title(title, [s.council, *[line for line in lines if line]])
    doc.page_break()


def render(ctx: Context, reference) -> Document:
    """The action plan: a title page, then each part of the plan in reading order, then the glossary."""
    doc = Document(reference, compact_tables=True)
    doc.landscape()
    for part in (plan_title_page, vision_section, principles_section, priorities_section, pledges_section,
                 asks_section, offers_section, milestones_section, indicators_section, coverage_section,
                 governance_section, links_section):
        part(doc, ctx)
    add_glossary(doc, doc.all_text(), ctx.strategy.glossary)
    return doc


def plan_title_page(doc: Document, ctx: Context) -> None:
    """The title page: period, status, approval and source."""
    s = ctx.strategy
    title_page(doc, ctx, ctx.plan_title, [
        f"Period: {ctx.period_text}",
        f"Status of actions as at {day(ctx.as_at)}" if ctx.as_at else "No progress reported yet",
        f"Document status: {s.status}" if s.status else "",
        f"Approved: {s.approved}" if s.approved else "",
        f"Delivered by: {s.delivered_by}" if getattr(s, "delivered_by", "") else "",
        f"Source: {s.source}" if s.source else "",
    ])


def vision_section(doc: Document, ctx: Context) -> None:
    """The vision, the introduction and the strategy's background."""
    s = ctx.strategy
    doc.heading("Vision", 1)
    doc.paragraphs(s.vision or "The strategy states no vision.")
    if s.introduction:
        doc.heading("Introduction", 2)
        doc.paragraphs(s.introduction)
    for heading, items in ctx.background:
        doc.heading(heading, 2)
        doc.bullets(items)


def principles_section(doc: Document, ctx: Context) -> None:
    """Each principle in the words of the law, with the actions that serve it."""
    doc.heading("The corporate parenting principles", 1)
    doc.paragraph(f"Each principle below is one of the corporate parenting principles of "
                  f"{ctx.framework_citation}, in the words of the law, followed by the actions that serve it. "
                  f"An action can serve more than one principle."
                  + ("" if ctx.rows else " This strategy sets no actions."))
    shown: set = set()
    for group in ctx.principles:
        doc.heading(group.title, 2)
        source = "A local principle of this strategy" if group.local else group.citation
        if group.wording:
            doc.paragraph(group.wording, bold_prefix=f"{source}: " if source else "")
        if group.rows:
            action_table(doc, group.rows, f"Actions for the principle: {group.title}", shown)
        elif ctx.rows:  # a strategy with no actions says so once, above
            doc.paragraph("No action serves this principle yet.")


def priorities_section(doc: Document, ctx: Context) -> None:
    """The actions under each local priority, and those under none."""
    if ctx.priorities:
        doc.heading("Actions by local priority", 1)
        for group in ctx.priorities:
            doc.heading(group.title, 2)
            if group.description:
                doc.paragraphs(group.description)
            if group.outcomes:
                doc.paragraph("Outcomes we want:")
                doc.bullets(group.outcomes)
            if group.rows:
                short_table(doc, group.rows, f"Actions for the priority: {group.title}")
            else:
                doc.paragraph("No action delivers this priority yet.")
        if ctx.no_priority:
            doc.heading("Actions under no local priority", 2)
            short_table(doc, ctx.no_priority, "Actions under no local priority")


def asks_section(doc: Document, ctx: Context) -> None:
    """You said, we will: each voice's asks and the actions that answer them."""
    s = ctx.strategy
    doc.heading("You said, we will", 1)
    if not ctx.asks:
        doc.paragraph("The strategy records no asks from children and young people.")
    for voice in s.voices:
        doc.heading(voice.name, 2)
        if voice.description:
            doc.paragraphs(voice.description)
        asks = [a for a in ctx.asks if a.voice is voice]
        if asks:
            doc.table(["You said", "We will", "Status"], [
                [a.ask.text + (f"\n\u201c{a.ask.quote}\u201d" if a.ask.quote else ""),
                 "\n".join(f"{r.action.id}: {r.action.title}" for r in a.rows) or "No action answers this yet",
                 "\n".join(r.status_label for r in a.rows) or "Not answered"]
                for a in asks], caption=f"What {voice.name} said and what we will do")
    if ctx.asks:
        doc.heading("Asks not yet answered", 2)
        if ctx.unanswered:
            doc.paragraph("No action answers these asks yet:")
            doc.bullets(f"{a.ask.text} ({a.voice.name})" for a in ctx.unanswered)
        else:
            doc.paragraph("Every ask is answered by at least one action.")


def offers_section(doc: Document, ctx: Context) -> None:
    """The local offer for care leavers and the actions that deliver each offer."""
    if ctx.offers:
        doc.heading("Local offer for care leavers", 1)
        doc.paragraph("The council's published local offer and the actions in this plan that deliver each offer.")
        doc.table(["Offer", "Area of the local offer", "Delivered by"],
                  [[o.title, f"{o.area} ({o.citation})" if o.citation else o.area, o.actions_text]
                   for o in ctx.offers],
                  caption="Offers to care leavers and the actions that deliver them")


def coverage_section(doc: Document, ctx: Context) -> None:
    """How many actions serve each principle under each local priority."""
    if ctx.priorities:
        doc.heading("Coverage of the principles by local priority", 1)
        doc.paragraph("How many actions serve each principle under each local priority. "
                      "\u201cNone\u201d marks a gap.")
        doc.table(ctx.coverage_header, ctx.coverage, caption="Actions by principle and local priority")


def governance_section(doc: Document, ctx: Context) -> None:
    """The boards that oversee delivery, and collaboration with relevant authorities."""
    s = ctx.strategy
    doc.heading("Governance", 1)
    gov = s.governance
    doc.paragraphs(gov.text or "The strategy does not describe its governance.")
    if gov.boards:
        names = {b.id: b.name for b in gov.boards if getattr(b, "id", "")}
        columns, _ = sparse_columns([
            ("Board", lambda b: b.name), ("Chair", lambda b: getattr(b, "chair", "")),
            ("Reports to", lambda b: names.get(getattr(b, "reports_to", ""), getattr(b, "reports_to", ""))),
            ("Role", lambda b: b.description), ("Members", lambda b: b.members), ("Meets", lambda b: b.meets)],
            gov.boards)
        doc.table([name for name, _ in columns], [[get(b) for _, get in columns] for b in gov.boards],
                  caption="Boards overseeing delivery")
    if s.collaboration:
        doc.heading("Collaboration with relevant authorities", 2)
        doc.paragraph("The relevant authorities the council collaborates with in its corporate parenting "
                      "(Children's Wellbeing and Schools Act 2026).")
        doc.table(["Relevant authority", "How we work together", "Lead"],
                  [[c.authority, c.how or "Not stated", c.contact or "Not stated"] for c in s.collaboration],
                  caption="Collaboration with relevant authorities")


def links_section(doc: Document, ctx: Context) -> None:
    """Related plans and documents."""
    s = ctx.strategy
    links = getattr(s, "links", ())
    if links:
        doc.heading("Related plans and documents", 1)
        doc.bullets(f"{link.title}: {link.url}" if link.url else link.title for link in links)


def pledges_section(doc: Document, ctx: Context) -> None:
    """The promises made to children and young people, each with the actions that keep it."""
    pledges = getattr(ctx.strategy, "pledges", ())
    if not pledges:
        return
    voices = {v.id: v.name for v in ctx.strategy.voices}
    doc.heading("Our pledges to children and young people", 1)
    rows = []
    for pledge in pledges:
        text = pledge.text + (f"\n{pledge.description}" if pledge.description else "")
        made = getattr(pledge, "from_voice", "")
        if made:
            text += f"\nMade with {voices.get(made, made)}"
        actions = [r for r in ctx.rows if pledge.id in getattr(r.action, "pledges", ())]
        rows.append([text, "\n".join(f"{r.action.id}: {r.action.title}" for r in actions) or "No action yet",
                     "\n".join(r.status_label for r in actions) or "Not started"])
    doc.table(["Our pledge", "The actions that keep it", "Status"], rows, caption="Our pledges and the actions")


def milestones_section(doc: Document, ctx: Context) -> None:
    """Every action's milestones in one table, under the action they belong to."""
    rows = [(r.action, m) for r in ctx.rows for m in getattr(r.action, "milestones", ())]
    if not rows:
        return
    doc.heading("Milestones", 1)
    doc.table(["Action", "Milestone", "Due", "Lead", "Status"],
              [[a.id, f"{m.id}: {m.title}", m.due.text if m.due else "No date set",
                ", ".join(m.lead) if not isinstance(m.lead, str) else m.lead or "Not stated",
                status_label(m.status)] for a, m in rows],
              caption="Milestones of the actions")


def indicators_section(doc: Document, ctx: Context) -> None:
    """The plan's performance indicators: what each counts, baseline, target and comparators."""
    if not ctx.indicators:
        return
    doc.heading("Performance indicators", 1)
    doc.table(["Indicator", "Who it counts", "Baseline", "Target", "Compared with", "Source"],
              [[ind.name + (f" ({ind.unit})" if ind.unit and ind.unit != "%" else "")
                + (f"\n{ind.definition}" if ind.definition else ""),
                ind.cohort.replace("-", " ") or "Not stated",
                (f"{ind.text(ind.baseline)} ({day(ind.baseline_at)})" if ind.baseline_at else ind.text(ind.baseline))
                if ind.baseline is not None else "Not given",
                (f"{ind.text(ind.target)} by {day(ind.target_by)}" if ind.target_by else ind.text(ind.target))
                if ind.target is not None else "None set",
                "\n".join(f"{k}: {ind.text(v)}" for k, v in ind.comparators.items()) or "Not given",
                ind.source or "Not stated"] for ind in ctx.indicators],
              caption="Performance indicators")
    if ctx.benchmarks_text:
        doc.paragraph(ctx.benchmarks_text)
