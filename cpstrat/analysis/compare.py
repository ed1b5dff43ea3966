"""Cross-council comparison: the same figures for each strategy, side by side.

`profile()` reads one checked strategy into plain numbers; `Comparison` holds
them for many; `as_dict`, `text_table` and `markdown` render them. The Word
version is in outputs/word/compare.py. Nothing here reads files or prints.

A strategy is a row everywhere (not a column), so 150 councils still read as
a table: one row each, the figures across.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpstrat.format.model import Strategy

from dataclasses import dataclass, field

from cpstrat.format import frameworks

NOT_SET = ""  # an action with no status in the strategy or any update


@dataclass(frozen=True)
class Profile:
    """One strategy's figures."""

    name: str
    path: str
    council: str
    title: str
    framework: str
    start: str
    end: str
    actions: int
    per_principle: dict[str, Any]  # principle id -> actions serving it (framework principles, then local ones)
    principles_without_action: list[Any]
    per_priority: list[Any]  # (priority title, actions)
    with_lead: int
    with_due: int
    with_measure: int  # a numeric measure, an expected outcome in words, or indicators it moves
    smart: int  # actions with all three
    asks: int
    asks_answered: int
    status: dict[str, Any]  # status ("" for not set) -> actions, at the latest progress report
    as_at: str  # date of the latest progress report, or ""
    pledges: int = 0  # promises to children and young people
    pledges_delivered: int = 0  # of them, those some action delivers
    indicators: int = 0  # plan-level performance indicators
    milestones: int = 0
    glossary: dict[str, Any] = field(default_factory=dict, compare=False)  # the strategy's own acronyms
    # indicator (its catalogue id, else its id) -> (name, period, the council's latest published figure in words)
    published: dict[str, Any] = field(default_factory=dict)

    def share(self, count: int) -> float:
        return round(100 * count / self.actions, 1) if self.actions else 0.0


@dataclass
class Comparison:
    profiles: list[Profile] = field(default_factory=list)

    @property
    def frameworks(self) -> list[str]:
        """Frameworks in use, in first-seen order."""
        return list(dict.fromkeys(p.framework for p in self.profiles))

    def principles(self, framework: str) -> list[Any]:
        fw = frameworks.get(framework)
        return list(fw.principles) if fw else []

    def principle_totals(self, framework: str) -> list[tuple[str, int]]:
        return [(p.title, sum(pr.per_principle.get(p.id, 0) for pr in self.profiles if pr.framework == framework))
                for p in self.principles(framework)]


def latest_status(action: Any, progress: list[Any]) -> str:
    """The status the latest update gives an action, else the strategy's, else NOT_SET."""
    status = action.status
    for report in progress:
        update = report.update_for(action.id)
        if update is not None and update.status:
            status = update.status
    return status or NOT_SET


def profile(strategy: Any, name: str = "") -> Profile:
    """One strategy's figures for the comparison."""
    s = strategy
    latest = s.latest
    return Profile(
        name=name or default_name(s),
        path=s.path,
        council=s.council,
        title=s.title,
        framework=_framework(s),
        start=s.period.start.isoformat() if s.period.start else "",
        end=s.period.end.isoformat() if s.period.end else "",
        as_at=latest.as_at.isoformat() if latest and latest.as_at else "",
        glossary=dict(s.glossary),
        published=_published(s),
        **_coverage_figures(s),
        **_action_figures(s.actions),
    )


def _coverage_figures(s: Any) -> dict[str, Any]:
    """What the actions cover: principles, priorities, asks, pledges, and the status mix."""
    actions = s.actions
    per_principle = {p.id: sum(1 for a in actions if p.id in a.principles) for p in s.principles()}
    answered = {ask for a in actions for ask in a.responds_to}
    asks = [a for _, a in s.asks()]
    status: dict[str, int] = {}
    for a in actions:
        key = latest_status(a, s.progress)
        status[key] = status.get(key, 0) + 1
    return dict(
        per_principle=per_principle,
        principles_without_action=[p.id for p in s.principles() if not per_principle[p.id]],
        per_priority=[(p.title, sum(1 for a in actions if p.id in a.priorities)) for p in s.priorities],
        asks=len(asks),
        asks_answered=sum(1 for a in asks if a.id in answered),
        status=status,
        pledges=len(s.pledges),
        pledges_delivered=len({p for a in actions for p in a.pledges} & {p.id for p in s.pledges}),
        indicators=len(s.indicators),
    )


def _action_figures(actions: Any) -> dict[str, Any]:
    """How specific the actions are: how many have a lead, a date, a measure, all three; their milestones."""
    return dict(
        actions=len(actions),
        with_lead=sum(1 for a in actions if a.lead),
        with_due=sum(1 for a in actions if a.due),
        with_measure=sum(1 for a in actions if _measured(a)),
        smart=sum(1 for a in actions if a.lead and a.due and _measured(a)),
        milestones=sum(len(a.milestones) for a in actions),
    )


def _published(strategy: Strategy) -> dict[str, Any]:
    """Each indicator read from published figures, by the key councils share (a catalogue id, else its own
    id): its name, latest period and the council's figure in words."""
    from cpstrat.analysis import scorecard

    out = {}
    for card in scorecard.build(strategy).cards:
        row = card.latest
        if row is not None:
            out[card.indicator.catalogue or card.id] = (card.name, row.period.label, card.text(row.council))
    return out


def _measured(action: Any) -> bool:
    """Success can be told: a numeric measure, an expected outcome in words, or indicators it moves."""
    return bool(action.measures or action.outcome or action.indicators)


def default_name(strategy: Any) -> str:
    years = ""
    if strategy.period.start and strategy.period.end:
        years = f" {strategy.period.start.year}-{strategy.period.end.year}"
    return f"{strategy.council}{years}"


def compare(strategies: list[Strategy | None]) -> Comparison:
    """Profiles of the strategies in order; names made unique when two councils share one."""
    profiles = [profile(s) for s in strategies]
    counts: dict[str, int] = {}
    for p in profiles:
        counts[p.name] = counts.get(p.name, 0) + 1
    out = []
    for p in profiles:
        if counts[p.name] > 1:
            from dataclasses import replace

            p = replace(p, name=f"{p.name} ({p.path})")
        out.append(p)
    return Comparison(out)


def as_dict(c: Comparison) -> dict[str, Any]:
    return {
        "strategies": [{
            "name": p.name, "path": p.path, "council": p.council, "title": p.title, "framework": p.framework,
            "period": {"start": p.start, "end": p.end}, "actions": p.actions,
            "actions_per_principle": p.per_principle,
            "principles_without_action": p.principles_without_action,
            "actions_per_priority": [{"priority": t, "actions": n} for t, n in p.per_priority],
            "with_lead": p.with_lead, "with_due": p.with_due, "with_measure": p.with_measure, "smart": p.smart,
            "share": {"lead": p.share(p.with_lead), "due": p.share(p.with_due),
                      "measure": p.share(p.with_measure), "smart": p.share(p.smart)},
            "asks": p.asks, "asks_answered": p.asks_answered,
            "pledges": p.pledges, "pledges_delivered": p.pledges_delivered, "indicators": p.indicators,
            "milestones": p.milestones,
            "status": {(k or "not-set"): v for k, v in p.status.items()}, "as_at": p.as_at or None,
            "published": {key: {"indicator": name, "period": period, "figure": figure}
                          for key, (name, period, figure) in p.published.items()},
        } for p in c.profiles],
    }


def _framework(s: Any) -> str:
    """The framework a profile is compared under: its id, a framework file's full path, or the default."""
    if s.statute() is None:
        return frameworks.DEFAULT
    if frameworks.is_file(s.framework):
        import os

        return os.path.abspath(frameworks.resolve(s.framework, s.path))
    return str(s.framework)
