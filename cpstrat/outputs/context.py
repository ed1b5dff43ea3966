"""The view-model every output format renders: plain data, computed once.

Statuses and measure values are carried forward: an action's status at a
reporting point is the one its latest update up to that point gives, else the
status in the strategy. Nothing here formats for a particular output.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from cpstrat.format import model
from cpstrat.outputs import template_file

FINISHED = ("complete", "dropped")
IMPLICATIONS = (("financial", "Financial implications"), ("legal", "Legal implications"),
                ("equalities", "Equalities implications"), ("environmental", "Environmental implications"),
                ("human_resources", "Human resources implications"))


@cache
def statuses() -> dict:
    """status -> {label, fill, bar}, in display order (from templates/status.yaml)."""
    import yaml

    text = template_file("status.yaml").read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def status_label(status: str) -> str:
    return statuses().get(status or "", {}).get("label", status or "Not reported")


def status_fill(status: str) -> str:
    return statuses().get(status or "", {}).get("fill", "")


def day(value: dt.date | None) -> str:
    """A date as a board paper writes it: 31 March 2023."""
    return f"{value.day} {value:%B %Y}" if value else ""


def number(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


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
        """Met / not met in words; 'no target' when there is nothing to compare."""
        if self.measure.target is None or self.actual is None:
            return "No target" if self.measure.target is None else "Not reported"
        baseline = self.measure.baseline
        lower_is_better = baseline is not None and self.measure.target < baseline
        met = self.actual <= self.measure.target if lower_is_better else self.actual >= self.measure.target
        return "Met" if met else "Not met"


@dataclass
class ActionRow:
    action: model.Action
    status: str
    update: model.Update | None
    principle_titles: list[str]
    priority_titles: list[str]
    measures: list[MeasureRow]
    overdue: bool = False

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def status_fill(self) -> str:
        return status_fill(self.status)

    @property
    def due_text(self) -> str:
        return day(self.action.due) if self.action.due else "No date set"

    @property
    def measures_text(self) -> str:
        texts = [f"{m.measure.text} (target {m.target_text})" if m.measure.target is not None
                 else m.measure.text for m in self.measures]
        if len(texts) > 1:  # several in one cell: bullets keep them apart
            texts = [f"\u2022 {t}" for t in texts]
        return "\n".join(texts) or "None set"

    @property
    def lead_text(self) -> str:
        return self.action.lead or "Not stated"

    @property
    def partners_text(self) -> str:
        return ", ".join(self.action.partners) or "None stated"


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
class Change:
    action: model.Action
    what: str  # a sentence a board member reads


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

    @property
    def period_text(self) -> str:
        p = self.strategy.period
        return f"{day(p.start)} to {day(p.end)}"


def build(strategy: model.Strategy, progress: model.Progress | None = None) -> Context:
    """The view-model at a reporting point: `progress` (default the latest), or the plan alone."""
    from cpstrat.format import frameworks

    updates = _Updates()
    reports = list(strategy.progress)
    if progress is None:
        progress = reports[-1] if reports else None
    upto = reports[: reports.index(progress) + 1] if progress in reports else ([progress] if progress else [])
    previous = upto[-2] if len(upto) > 1 else None
    as_at = progress.as_at if progress else None

    principle_list = strategy.principles()
    ptitle = {p.id: p.title for p in principle_list}
    prio_title = {p.id: p.title for p in strategy.priorities}

    rows = []
    for action in strategy.actions:
        status, update = updates.status(action, upto)
        actuals = updates.values(action, upto)
        before = updates.values(action, upto[:-1])
        mrows = [MeasureRow(action, m, actuals.get(m.id), before.get(m.id)) for m in action.measures]
        overdue = bool(as_at and action.due and action.due < as_at and status not in FINISHED)
        rows.append(ActionRow(action, status, update, [ptitle.get(i, i) for i in action.principles],
                              [prio_title.get(i, i) for i in action.priorities], mrows, overdue))

    principles = []
    for p in principle_list:
        principles.append(Group(p.id, p.title, p.wording, p.citation, local=p.local,
                                rows=[r for r in rows if p.id in r.action.principles]))
    priorities = [Group(p.id, p.title, description=p.description, outcomes=p.outcomes,
                        rows=[r for r in rows if p.id in r.action.priorities]) for p in strategy.priorities]
    no_priority = [r for r in rows if not r.action.priorities] if strategy.priorities else []

    answering: dict[str, list] = {}  # ask id -> the rows of the actions that answer it, in plan order
    for r in rows:
        for ask_id in dict.fromkeys(r.action.responds_to):
            answering.setdefault(ask_id, []).append(r)
    asks = [AskRow(v, a, list(answering.get(a.id, ()))) for v, a in strategy.asks()]

    header = ["Principle"] + [p.title for p in strategy.priorities]
    # actions per (principle, priority), counted in one pass over the actions
    pairs = Counter((pid, qid) for r in rows for pid in set(r.action.principles) for qid in set(r.action.priorities))
    coverage = []
    for p in principle_list:
        line = [p.title]
        for prio in strategy.priorities:
            n = pairs[p.id, prio.id]
            line.append(f"{n} action{'s' if n != 1 else ''}" if n else "None")
        coverage.append(line)

    counts = []
    for status, spec in statuses().items():
        n = sum(1 for r in rows if (r.status or "") == status)
        if n or status:
            counts.append((status, spec["label"], n))

    fw = frameworks.get(strategy.framework)
    implications = [(heading, getattr(progress.implications, key, "") if progress else "")
                    for key, heading in IMPLICATIONS]
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
        asks=asks,
        coverage_header=header,
        coverage=coverage,
        status_counts=counts,
        measures=[m for r in rows for m in r.measures],
        overdue=[r for r in rows if r.overdue],
        changes=_changes(updates, upto, rows) if previous else [],
        implications=implications,
    )


class _Updates:
    """Each report's updates by action id, for one build (update_for() scans the list, and plans can
    have thousands of actions). Keyed by identity: reports are not hashable."""

    def __init__(self):
        self.index: dict = {}

    def get(self, report: model.Progress, action_id: str) -> model.Update | None:
        entry = self.index.get(id(report))
        if entry is None or entry[0] is not report:
            by_action: dict = {}
            for update in report.updates:
                by_action.setdefault(update.action, update)
            entry = self.index[id(report)] = (report, by_action)  # holding the report keeps its id from being reused
        return entry[1].get(action_id)

    def status(self, action: model.Action, reports) -> tuple[str, model.Update | None]:
        status, latest = action.status, None
        for report in reports:
            update = self.get(report, action.id)
            if update is not None:
                if update.status:
                    status = update.status
                if report is reports[-1]:
                    latest = update
        return status, latest

    def values(self, action: model.Action, reports) -> dict:
        values: dict = {}
        for report in reports:
            update = self.get(report, action.id)
            if update is not None:
                values.update(update.measures)
        return values


def _changes(updates: _Updates, upto, rows: list[ActionRow]) -> list[Change]:
    """What moved between the previous progress file and this one, per action."""
    earlier = upto[:-1]
    current = upto[-1]
    out = []
    for row in rows:
        old_status, _ = updates.status(row.action, earlier)
        if old_status != row.status:
            out.append(Change(row.action, f"status changed from {status_label(old_status)} "
                                          f"to {status_label(row.status)}"))
        for m in row.measures:
            if m.actual is not None and m.actual != m.previous:
                was = f"from {m.previous_text}" if m.previous is not None else "first reported"
                out.append(Change(row.action, f"{m.measure.text}: {m.actual_text} ({was})"))
        update = updates.get(current, row.action.id)
        if update is not None and update.achievements:
            n = len(update.achievements)
            out.append(Change(row.action, f"{n} new achievement{'s' if n != 1 else ''} reported"))
    return out
