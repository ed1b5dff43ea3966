"""The view-model every output format renders: plain data, computed once.

Statuses and measure values are carried forward: an action's status at a
reporting point is the one its latest update up to that point gives, else the
status in the strategy. Nothing here formats for a particular output.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from cpstrat.analysis import scorecard
from cpstrat.analysis.status import as_issued
from cpstrat.format import model
from cpstrat.format.shipped import statuses
from cpstrat.format.types import day_in_words

FINISHED = ("complete", "dropped")
IMPLICATIONS = (("financial", "Financial implications"), ("legal", "Legal implications"),
                ("equalities", "Equalities implications"), ("environmental", "Environmental implications"),
                ("human_resources", "Human resources implications"), ("risks", "Risk implications"),
                ("safeguarding", "Safeguarding implications"))
# the keys of Context.implications in order (consultation last, where a progress file gives it)
IMPLICATION_KEYS = tuple(key for key, _ in IMPLICATIONS) + ("consultation",)
# An update that gives no status is progress all the same: it is not "not reported".
NO_STATUS = ("no-status", "Updated, no status")


def status_label(status: str) -> str:
    return statuses().get(status or "", {}).get("label", status or statuses()[""]["label"])


def status_fill(status: str) -> str:
    return statuses().get(status or "", {}).get("fill", "")


def day(value: dt.date | None) -> str:
    """A date as a board paper writes it: 31 March 2023."""
    return day_in_words(value) if value else ""


def titled(title: str, kind: str) -> str:
    """'Title: action plan', unless the title already says it is one."""
    return title if kind in title.lower() else f"{title}: {kind}"


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def dates_in_words(text: str) -> str:
    """Every ISO date in the text as a board paper writes it: 2023-03-31 -> 31 March 2023."""
    def words(m):
        try:
            return day(dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
        except ValueError:
            return m.group(0)
    return _ISO_DATE.sub(words, text)


def number(value) -> str:
    """A figure as the documents print it: thousands separated, at most two decimal places; one too large
    for a table (beyond LARGEST) in short scientific form, never as hundreds of digits (a target of 1.0e+308
    printed as a 309-digit number)."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if abs(value) >= LARGEST:
        try:
            return f"{float(value):.3g}"
        except OverflowError:  # an int beyond any float
            from decimal import Decimal

            return f"{Decimal(value):.2e}"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


# Figures from this size up are printed in scientific form (a thousand million million: no council counts so far).
LARGEST = 10 ** 15


def percent(share: float) -> str:
    """A share of a whole, always to one decimal place, so shares side by side read alike: 27.0% beside 35.1%."""
    return f"{share:.1f}%"


def with_unit(value, unit: str) -> str:
    if value is None:
        return "Not reported"
    text = number(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


@dataclass
class MeasureRow:
    action: model.Action
    measure: model.Measure
    actual: float | int | None = None
    previous: float | int | None = None
    as_at: dt.date | None = None  # the reporting date it is judged at
    start: dt.date | None = None  # when the baseline was taken: the strategy's start
    due_by: dt.date | None = None  # the action's due date's last day, else the strategy's end

    @property
    def target_text(self) -> str:
        return with_unit(self.measure.target, self.measure.unit) if self.measure.target is not None else "None set"

    @property
    def actual_text(self) -> str:
        return with_unit(self.actual, self.measure.unit)

    @property
    def previous_text(self) -> str:
        return with_unit(self.previous, self.measure.unit)

    @property
    def baseline_text(self) -> str:
        return with_unit(self.measure.baseline, self.measure.unit) if self.measure.baseline is not None else ""

    @property
    def against_target(self) -> str:
        """Met, on course, behind, not yet due or not met: judged against the action's due date."""
        from cpstrat.analysis.targets import judge

        return judge(self.actual, self.measure.target, as_at=self.as_at, baseline=self.measure.baseline,
                     due=self.due_by, start=self.start)


@dataclass
class ActionRow:
    """One action as the documents show it. Its texts are worked out once, when the row is made: a plan
    prints each action in several tables, and nothing changes a row once it is made."""

    action: model.Action
    status: str
    update: model.Update | None
    principle_titles: list[str]
    priority_titles: list[str]
    measures: list[MeasureRow]
    overdue: bool = False
    ask_texts: list[str] = field(default_factory=list)  # the young people's asks it answers
    # The status, or NO_STATUS's key for an update that gives none (for counts and charts).
    status_key: str = field(init=False)
    status_label: str = field(init=False)
    status_fill: str = field(init=False)
    due_text: str = field(init=False)
    measures_text: str = field(init=False)
    lead_text: str = field(init=False)
    partners_text: str = field(init=False)

    def __post_init__(self) -> None:
        action = self.action
        self.status_key = status_key(self.status, self.update)
        self.status_label = NO_STATUS[1] if self.status_key == NO_STATUS[0] else status_label(self.status)
        self.status_fill = status_fill(self.status)
        self.due_text = action.due.text if action.due else "No date set"
        texts = [f"{m.measure.text} (target {m.target_text})" if m.measure.target is not None
                 else m.measure.text for m in self.measures]
        if len(texts) > 1:  # several in one cell: bullets keep them apart
            texts = [f"\u2022 {t}" for t in texts]
        self.measures_text = "\n".join(texts) or "None set"
        self.lead_text = action.lead_text or "Not stated"
        self.partners_text = ", ".join(action.partners) or "None stated"

    @property
    def progress_parts(self) -> list[str]:
        """This report's update in pieces: summary, each achievement, each challenge, each milestone's progress."""
        u = self.update
        if u is None:
            return []
        parts = ([u.summary] if u.summary else []) + list(u.achievements) + [f"Challenge: {c}" for c in u.challenges]
        for m, status, summary in self.milestones:
            due = f", {m.due.text}" if m.due else ""
            parts.append(f"Milestone {m.id} ({m.title}{due}): {status}" + (f", {summary}" if summary else ""))
        return parts

    @property
    def progress_sentences(self) -> str:
        """The update's pieces run together as sentences, for a table cell of one line."""
        return " ".join(p if p.rstrip()[-1:] in ".!?" else p.rstrip() + "." for p in self.progress_parts)

    @property
    def milestones(self) -> list[tuple[model.Milestone, str, str]]:
        """(milestone, status in words, this report's summary of it) for each of the action's milestones."""
        given = {m.id: m for m in (self.update.milestones if self.update else ())}
        out = []
        for m in self.action.milestones:
            update = given.get(m.id)
            status = update.status if update is not None and update.status else m.status
            out.append((m, status_label(status) if status else NO_STATUS[1], update.summary if update else ""))
        return out


@dataclass
class Group:
    """A heading's worth of actions: a principle or a priority."""

    id: str
    title: str
    wording: str = ""
    citation: str = ""
    description: str = ""
    outcomes: tuple = ()
    local: bool = False
    rows: list[ActionRow] = field(default_factory=list)


@dataclass
class AskRow:
    voice: model.Voice
    ask: model.Ask
    rows: list[ActionRow]


@dataclass
class OfferRow:
    """An offer of the local offer for care leavers and the actions that deliver it."""

    id: str
    title: str
    area: str  # the statutory area's wording, e.g. "accommodation"
    citation: str
    rows: list[ActionRow]

    @property
    def actions_text(self) -> str:
        return "\n".join(f"{r.action.id}: {r.action.title}" for r in self.rows) or "No action names this offer"


@dataclass
class Change:
    action: model.Action
    what: str  # a sentence a board member reads


@dataclass
class IndicatorRow:
    """A plan-level indicator with its value at each reporting point up to this one."""

    id: str
    name: str
    unit: str
    polarity: str
    cohort: str
    baseline: float | int | None
    baseline_at: dt.date | None
    target: float | int | None
    target_by: dt.date | None
    comparators: dict
    source: str
    values: list[tuple[dt.date, float | int | None]]  # (as_at, value) per progress file
    definition: str = ""
    commentary: str = ""  # the report's progress file's commentary on it

    def text(self, value) -> str:
        return value if isinstance(value, str) else with_unit(value, self.unit)

    @property
    def numeric_comparators(self) -> dict:
        """The comparators given as numbers (a chart draws these; words are printed beside it)."""
        return {k: v for k, v in self.comparators.items() if not isinstance(v, str)}

    @property
    def latest(self):
        return next((v for _, v in reversed(self.values) if v is not None), None)

    @property
    def against_target(self) -> str:
        """The latest value against the target, in the direction the indicator counts as better."""
        latest = self.latest
        if self.target is None:
            return "No target"
        if latest is None:
            return "Not reported"
        from cpstrat.analysis.targets import MET, NOT_MET, judge

        lower = self.polarity == "lower-is-better"
        when = next((at for at, v in reversed(self.values) if v is not None), None)
        word = judge(latest, self.target, as_at=when, due=self.target_by, baseline=self.baseline,
                     start=self.baseline_at, lower_is_better=lower)
        if word == MET:
            return "Target met"
        if word == NOT_MET:
            return "Above target" if lower else "Below target"
        return word


@dataclass
class Context:
    strategy: model.Strategy
    framework_citation: str
    progress: model.Progress | None
    previous: model.Progress | None
    as_at: dt.date | None
    rows: list[ActionRow]
    principles: list[Group]
    priorities: list[Group]
    no_priority: list[ActionRow]
    asks: list[AskRow]
    coverage_header: list[str]
    coverage: list[list[str]]
    status_counts: list[tuple[str, str, int]]  # (status, label, count)
    measures: list[MeasureRow]
    overdue: list[ActionRow]
    changes: list[Change]
    implications: list[tuple[str, str]]  # (heading, text or "")
    cover: list[tuple[str, str]] = field(default_factory=list)  # (label, value), only the fields given
    history: list[tuple[dt.date | None, list[tuple[str, str, int]]]] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    offers: list[OfferRow] = field(default_factory=list)
    scorecard: Any = None  # analysis.scorecard.Scorecard: the indicators read from published figures
    headlines: tuple[str, ...] = ()

    @property
    def actions_sentence(self) -> str:
        """'It has 12 actions.', or for a scorecard with no action plan what the report covers instead."""
        n = len(self.rows)
        if not n:
            return "It sets no actions: this report is on its performance indicators."
        return f"It has {n} action{'s' if n != 1 else ''}."

    @property
    def benchmarks_text(self) -> str:
        """Whom the published figures compare the council with, in a sentence ('' without benchmarks)."""
        b = self.strategy.benchmarks
        if not b.la_code:
            return ""
        n = len(b.statistical_neighbours)
        said = (f"Published figures are read for council code {b.la_code} and compared with England, its "
                f"region and {n} statistical neighbour{'s' if n != 1 else ''}")
        return said + (f" (neighbours from: {b.neighbours_source})." if b.neighbours_source else ".")

    implication_keys = IMPLICATION_KEYS

    def implication(self, key: str) -> str:
        return _implication(self.progress, key)

    def implications_except(self, placed) -> list[tuple[str, str]]:
        """(heading, text) of each implication no council heading of its own takes."""
        return [pair for key, pair in zip(IMPLICATION_KEYS, self.implications, strict=False) if key not in placed]

    def committee_sections(self) -> list[Section]:
        return committee_sections(self)

    def committee_rest(self, sections) -> list[str]:
        return committee_rest(self, sections)

    @property
    def unanswered(self) -> list[AskRow]:
        return [a for a in self.asks if not a.rows]

    @property
    def as_at_text(self) -> str:
        return day(self.as_at) if self.as_at else "no progress reported yet"

    @property
    def background(self) -> list[tuple[str, tuple[str, ...]]]:
        """The strategy's lists that set the scene, as (heading, items), only those it gives."""
        s = self.strategy
        sections = [("As a council we will", s.commitments), ("Strengths", s.strengths),
                    ("Challenges", s.challenges), ("Legislation", s.legislation)]
        return [(heading, items) for heading, items in sections if items]

    def reported_once(self, by: str) -> list[tuple[Group, list[ActionRow], list[ActionRow]]]:
        """(group, rows first reported under it, rows already reported above) by priority or principle,
        so that each action's update is given once."""
        seen: set[str] = set()
        out = []
        for group in self.priority_groups if by == "priority" else self.principles:
            first = [r for r in group.rows if r.action.id not in seen]
            also = [r for r in group.rows if r.action.id in seen]
            seen.update(r.action.id for r in group.rows)
            out.append((group, first, also))
        return out

    @property
    def board_names(self) -> dict[str, str]:
        """Board id -> name, for reports_to."""
        return {b.id: b.name for b in self.strategy.governance.boards if b.id}

    @property
    def pledges(self) -> list[tuple[model.Pledge, str, list[ActionRow]]]:
        """(pledge, the voice that co-produced it, the actions that deliver it) for each pledge."""
        voices = {v.id: v.name for v in self.strategy.voices}
        return [(p, voices.get(p.from_voice, ""), [r for r in self.rows if p.id in r.action.pledges])
                for p in self.strategy.pledges]

    @property
    def priority_groups(self) -> list[Group]:
        """The local priorities, and a group of its own for actions under none, so every view shows every action."""
        if not self.no_priority:
            return list(self.priorities)
        return [*self.priorities, Group("", "Actions under no local priority", rows=list(self.no_priority))]

    @property
    def plan_title(self) -> str:
        """The strategy's title as the plan's title, without saying "action plan" twice."""
        return titled(self.strategy.title, "action plan")

    @property
    def report_title(self) -> str:
        p = self.progress
        return (p.title if p and p.title else "") or titled(self.strategy.title, "progress report")

    @property
    def recommendations(self) -> list[str]:
        """The progress file's own recommendations, else asking the body the paper goes to to note it."""
        p = self.progress
        if p is None:
            return []
        if p.recommendations:
            return list(p.recommendations)
        body = p.meeting.body if p.meeting else ""
        return [f"The {body if body and len(body) <= 80 else 'board'} is asked to note the progress reported."]

    @property
    def period_text(self) -> str:
        p = self.strategy.period
        return f"{day(p.start)} to {day(p.end)}"


def build(strategy: model.Strategy, progress: model.Progress | None = None, issued: dict | None = None) -> Context:
    """The view-model at a reporting point: `progress` (default the latest), or the plan alone.

    issued: {progress file name: the strategy as that paper was issued} (from git): each earlier report is
    read as issued, its own updates over the plan as it stood then, so that what changed since it, its
    column of statuses and its values are what the board was given.
    """

    reports = list(strategy.progress)
    if progress is None:
        progress = reports[-1] if reports else None
    upto = reports[: reports.index(progress) + 1] if progress in reports else ([progress] if progress else [])
    previous = upto[-2] if len(upto) > 1 else None
    as_at = progress.as_at if progress else None
    views = [as_issued(report, strategy, upto[: i + 1], issued or {}) for i, report in enumerate(upto)]
    principle_list = strategy.principles()
    before_view = views[-2] if len(views) > 1 else None
    rows = _action_rows(strategy, principle_list, upto, before_view, as_at)
    principles, priorities, no_priority = _groups(strategy, principle_list, rows)
    header, coverage = _coverage(strategy, principle_list, rows)
    fw = strategy.statute()
    council_paper = bool(strategy.committee.headings and progress is not None)
    counts = _status_counts(strategy, rows, council_paper)
    return Context(
        strategy=strategy,
        framework_citation=fw.citation if fw else strategy.framework,
        progress=progress,
        previous=previous,
        as_at=as_at,
        rows=rows,
        principles=principles,
        priorities=priorities,
        no_priority=no_priority,
        asks=_ask_rows(strategy, rows),
        coverage_header=header,
        coverage=coverage,
        status_counts=counts,
        measures=[m for r in rows for m in r.measures],
        overdue=[r for r in rows if r.overdue],
        changes=_changes(upto, rows, before_view) if before_view else [],
        implications=_implications(progress),
        cover=_cover(strategy, progress, as_at),
        history=[(report.as_at, status_counts(status_key(*_status(a, earlier)) for a in plan.actions))
                 for report, (plan, earlier) in zip(upto, views, strict=True)],
        indicators=_indicators(strategy, [chain[-1] for _, chain in views]),
        offers=_offers(strategy, rows),
        scorecard=scorecard.build(strategy, progress),
        headlines=tuple(progress.headlines) if progress is not None else (),
    )


def _action_rows(strategy: model.Strategy, principle_list, upto, before_view, as_at) -> list[ActionRow]:
    """One row per action: its status and update at the reporting point, its measures and their values."""
    ptitle = {p.id: p.title for p in principle_list}
    prio_title = {p.id: p.title for p in strategy.priorities}
    ask_text = {a.id: a.text for _, a in strategy.asks()}
    rows = []
    for action in strategy.actions:
        status, update = _status(action, upto)
        actuals = _values(action, upto)
        before = _values(action, before_view[1]) if before_view else {}
        due_by = action.due.last if action.due and action.due.last else strategy.period.end
        mrows = [MeasureRow(action, m, actuals.get(m.id), before.get(m.id), as_at, strategy.period.start, due_by)
                 for m in action.measures]
        overdue = bool(as_at and action.due and action.due.overdue(as_at) and status not in FINISHED)
        rows.append(ActionRow(action, status, update, [ptitle.get(i, i) for i in action.principles],
                              [prio_title.get(i, i) for i in action.priorities], mrows, overdue,
                              [ask_text.get(i, i) for i in action.responds_to]))
    if strategy.committee.headings and upto:
        # the council's own paper speaks the council's status words ("Amber (at risk)")
        words = council_words(strategy)
        for r in rows:
            if r.status in words:
                r.status_label = f"{words[r.status]} ({r.status_label.lower()})"
    return rows


def _groups(strategy: model.Strategy, principle_list, rows: list[ActionRow]):
    """Each principle's and priority's rows, in plan order, gathered in one pass over the actions."""
    serving: dict[str, list] = {}
    delivering: dict[str, list] = {}
    for r in rows:
        for pid in dict.fromkeys(r.action.principles):
            serving.setdefault(pid, []).append(r)
        for qid in dict.fromkeys(r.action.priorities):
            delivering.setdefault(qid, []).append(r)
    principles = [Group(p.id, p.title, p.wording, p.citation, local=p.local, rows=list(serving.get(p.id, ())))
                  for p in principle_list]
    priorities = [Group(p.id, p.title, description=p.description, outcomes=p.outcomes,
                        rows=list(delivering.get(p.id, ()))) for p in strategy.priorities]
    no_priority = [r for r in rows if not r.action.priorities] if strategy.priorities else []
    return principles, priorities, no_priority


def _ask_rows(strategy: model.Strategy, rows: list[ActionRow]) -> list[AskRow]:
    answering: dict[str, list] = {}  # ask id -> the rows of the actions that answer it, in plan order
    for r in rows:
        for ask_id in dict.fromkeys(r.action.responds_to):
            answering.setdefault(ask_id, []).append(r)
    return [AskRow(v, a, list(answering.get(a.id, ()))) for v, a in strategy.asks()]


def _coverage(strategy: model.Strategy, principle_list, rows: list[ActionRow]):
    """The header and rows of the table of actions per (principle, priority), counted in one pass."""
    header = ["Principle"] + [p.title for p in strategy.priorities]
    pairs = Counter((pid, qid) for r in rows for pid in set(r.action.principles) for qid in set(r.action.priorities))
    coverage = []
    for p in principle_list:
        line = [p.title]
        for prio in strategy.priorities:
            n = pairs[p.id, prio.id]
            line.append(f"{n} action{'s' if n != 1 else ''}" if n else "None")
        coverage.append(line)
    return header, coverage


def _status_counts(strategy: model.Strategy, rows: list[ActionRow], council_paper: bool):
    counts = status_counts(r.status_key for r in rows)
    if council_paper:
        words = council_words(strategy)
        counts = [(st, f"{words[st]} ({label.lower()})" if st in words else label, n) for st, label, n in counts]
    return counts


def _implications(progress) -> list:
    implications = [(heading, _implication(progress, key)) for key, heading in IMPLICATIONS]
    if _implication(progress, "consultation"):  # stated only where given: most boards' papers have no such part
        implications.append(("Consultation", _implication(progress, "consultation")))
    return implications


def council_words(strategy: model.Strategy) -> dict[str, str]:
    """Each status the council has a word for -> its first word (status_words: {Amber: at-risk, A: at-risk})."""
    words: dict[str, str] = {}
    for word, status in strategy.status_words.items():
        words.setdefault(status, word)
    return words


@dataclass
class Section:
    """One of the council's own headings (`committee: headings:`) and what fills it."""

    heading: str
    part: str | None  # the part of the report that fills it (committee.yaml), or None: the council's text alone
    paragraphs: list[str]  # the progress file's `sections:` text under it, a paragraph each
    items: list[str]  # or its list of text, as bullets


# The parts of the report in the order a report without the council's own headings gives them; with
# them, each part no heading names follows the council's headings in this order, when it has something.
PARTS = ("recommendations", "purpose", "background", "summary", "progress", "measures", "indicators", "overdue",
         "changes", "implications", "background_papers")


def committee_sections(ctx: Context) -> list[Section]:
    """The council's headings in its order, each with the part it names and the council's text under it."""
    from cpstrat.format import committee

    p = ctx.progress
    given = dict(p.sections) if p is not None else {}
    raw = p.raw.get("sections") if p is not None and p.raw is not None else None
    out = []
    for heading in ctx.strategy.committee.headings:
        key = committee.sections_key(given, heading)
        value = given.get(key, ()) if key is not None else ()
        as_list = isinstance(raw, dict) and isinstance(raw.get(key), list)
        paragraphs = [] if as_list else [b.strip() for t in value for b in re.split(r"\n\s*\n", t) if b.strip()]
        out.append(Section(heading, committee.part_of(heading), paragraphs, list(value) if as_list else []))
    return out


def committee_rest(ctx: Context, sections: list[Section]) -> list[str]:
    """The parts no council heading names that still have something to show, in the report's usual order."""
    p = ctx.progress
    placed = {s.part for s in sections}
    if "measures_and_indicators" in placed:
        placed |= {"measures", "indicators"}
    if "implications" in placed:
        placed |= set(IMPLICATION_KEYS)
    has = {
        "recommendations": bool(p and p.recommendations), "purpose": bool(p and p.purpose),
        "background": bool(p and p.background), "summary": True, "progress": bool(ctx.rows),
        "measures": bool(ctx.measures),
        "indicators": bool(ctx.indicators), "overdue": bool(ctx.overdue),
        "changes": bool(ctx.previous is not None and ctx.changes),
        "implications": any(text for _, text in ctx.implications_except(placed)),
        "background_papers": bool(p and p.background_papers),
    }
    return [part for part in PARTS if part not in placed and has[part]]


def status_counts(keys) -> list[tuple[str, str, int]]:
    """(status, label, count) of the actions' status keys, in display order; an empty bucket only for the
    real statuses."""
    tally = Counter(key or "" for key in keys)
    counts = []
    for status, spec in statuses().items():
        if status == "" and tally[NO_STATUS[0]]:
            counts.append((NO_STATUS[0], NO_STATUS[1], tally[NO_STATUS[0]]))
        if tally[status] or status:
            counts.append((status, spec["label"], tally[status]))
    return counts


def status_key(status: str, update: model.Update | None) -> str:
    """The status, or NO_STATUS's key for an update that gives none (for counts and charts)."""
    return NO_STATUS[0] if not status and update is not None else status


def status_bar(status: str) -> str:
    """The chart colour of a status (NO_STATUS shares the colour of no report)."""
    spec = statuses()
    return spec.get(status, spec[""])["bar"]


def implication_text(progress, key: str) -> str:
    """An implication's text (financial, risks, consultation ...), or ""."""
    return _implication(progress, key)


def _implication(progress, key: str) -> str:
    """An implication's text: from `implications:`, or a top-level key (risks, safeguarding)."""
    if progress is None:
        return ""
    return getattr(progress.implications, key, "") or getattr(progress, key, "") or ""


def _field(obj, *names):
    """The first of the named attributes that `obj` has and that is set (text, number or date)."""
    for name in names:
        value = getattr(obj, name, None) if obj is not None else None
        if value not in (None, "", (), []):
            return value
    return None


def _cover(strategy: model.Strategy, progress, as_at) -> list[tuple[str, str]]:
    """The committee report's cover block: each field the files give, nothing invented."""
    if progress is None:
        return []
    meeting = getattr(progress, "meeting", None)
    if isinstance(meeting, str):
        name, when, item = meeting, None, None
    else:
        name, when, item = _field(meeting, "name"), _field(meeting, "date"), _field(meeting, "agenda_item")
    gov = strategy.governance
    contact = getattr(progress, "contact", None)
    if contact is not None and not isinstance(contact, str):
        parts = [_field(contact, "name"), _field(contact, "role"), _field(contact, "email"), _field(contact, "phone")]
        contact = ", ".join(str(p) for p in parts if p)
    rows = [
        ("Report to", name),
        ("Date of meeting", day(when) if isinstance(when, dt.date) else when),
        ("Agenda item", item),
        ("Report title", progress.title or f"{strategy.title}: progress report"),
        ("Report of", _field(progress, "report_of")),
        ("Decision designation", _field(progress, "decision_designation") or _field(gov, "decision_designation")),
        ("Key decision", _yes_no(_field(progress, "key_decision"))),
        ("Wards affected", _field(progress, "wards_affected") or _field(gov, "wards_affected")),
        ("Contact officer", contact),
        ("Author", progress.author),
        ("Progress as at", day(as_at)),
    ]
    return [(label, str(value)) for label, value in rows if value not in (None, "")]


def _yes_no(value):
    return {True: "Yes", False: "No"}.get(value, value) if isinstance(value, bool) else value


def _indicators(strategy: model.Strategy, upto) -> list[IndicatorRow]:
    """Plan-level indicators with their value at every reporting point (none where not given)."""
    out = []
    for ind in getattr(strategy, "indicators", ()) or ():
        baseline, target = getattr(ind, "baseline", None), getattr(ind, "target", None)
        values = []
        for report in upto:
            given = getattr(report, "indicators", None) or {}
            values.append((report.as_at, given.get(ind.id)))
        out.append(IndicatorRow(
            id=ind.id, name=getattr(ind, "name", "") or ind.id, unit=getattr(ind, "unit", "") or "",
            polarity=getattr(ind, "polarity", "") or "", cohort=getattr(ind, "cohort", "") or "",
            baseline=_field(baseline, "value"), baseline_at=_field(baseline, "as_at"),
            target=_field(target, "value"), target_by=_field(target, "by"),
            comparators=dict(getattr(ind, "comparators", None) or {}), source=getattr(ind, "source", "") or "",
            values=values, definition=getattr(ind, "definition", "") or "",
            commentary=(upto[-1].commentary.get(ind.id, "") if upto else "")))
    return out


def _offers(strategy: model.Strategy, rows: list[ActionRow]) -> list[OfferRow]:
    """The local offer's offers with the actions that say they deliver them (empty without an offer)."""
    from cpstrat.format import local_offer

    lo = strategy.local_offer
    if lo is None:
        return []
    statute = local_offer.statute()
    out = []
    for o in lo.offers:
        area = statute.area(o.area)
        out.append(OfferRow(o.id, o.title, area.wording if area else o.area,
                            f"{statute.act} {area.citation}" if area else "",
                            [r for r in rows if o.id in r.action.offers]))
    return out


def _status(action: model.Action, reports) -> tuple[str, model.Update | None]:
    """The action's status as a run of reports leaves it, and its update in the last of them."""
    status, latest = action.status, None
    for report in reports:
        update = report.update_for(action.id)
        if update is not None:
            if update.status:
                status = update.status
            if report is reports[-1]:
                latest = update
    return status, latest


def _values(action: model.Action, reports) -> dict:
    """The action's measure values as a run of reports leaves them."""
    values: dict = {}
    for report in reports:
        update = report.update_for(action.id)
        if update is not None:
            values.update(update.measures)
    return values


def _changes(upto, rows: list[ActionRow], before_view: tuple) -> list[Change]:
    """What moved between the previous report, as it was issued, and this one, per action."""
    plan, earlier = before_view
    then = {a.id: a for a in plan.actions}
    current = upto[-1]
    out = []
    for row in rows:
        old = then.get(row.action.id)
        if old is None:
            out.append(Change(row.action, "added to the plan since the previous report"))
        else:
            old_status, _ = _status(old, earlier)
            if old_status != row.status:
                out.append(Change(row.action, f"status changed from {status_label(old_status)} "
                                              f"to {status_label(row.status)}"))
        for m in row.measures:
            if m.actual is not None and m.actual != m.previous:
                was = f"from {m.previous_text}" if m.previous is not None else "first reported"
                out.append(Change(row.action, f"{m.measure.text}: {m.actual_text} ({was})"))
        update = current.update_for(row.action.id)
        if update is not None and update.achievements:
            n = len(update.achievements)
            out.append(Change(row.action, f"{n} new achievement{'s' if n != 1 else ''} reported"))
    return out


def report_by(ctx: Context) -> str:
    """'priority' or 'principle': the progress file's `report_by`, else priorities when the plan has them
    (a plan without local priorities can only be grouped by principle)."""
    chosen = ctx.progress.report_by if ctx.progress is not None else ""
    return "priority" if ctx.priorities and chosen != "principle" else "principle"
