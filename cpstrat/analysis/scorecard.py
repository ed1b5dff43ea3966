"""The scorecard: each indicator's published figures benchmarked, trended and judged, period by period.

For each indicator read from a published file and each period in it: the council's figure, England's,
its region's, the mean of its statistical neighbours that have a number ("10.6, 3 of 4 neighbours"), its
rank among itself and those neighbours (1st = best by polarity), the change since the period before in
words, and the status against target in words (with a colour that only repeats the words). Symbols are
never averaged or ranked: they print as words. Pure: reads the model, writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cpstrat.format import model, published, types
from cpstrat.format.published import Cell, Period

# Status against target in words, and the action status whose colours (templates/status.yaml) repeat them:
# never the colour alone.
MET, NOT_MET, NO_TARGET, NO_FIGURE = "Target met", "Target not met", "No target", "No figure"
NOT_JUDGED = "Not judged (no polarity given)"
STATUS_AS = {MET: "on-track", NOT_MET: "off-track", NO_TARGET: "", NO_FIGURE: "", NOT_JUDGED: ""}


def number_text(value: float | None, unit: str = "") -> str:
    """10.6, 9, 1,234: at most one decimal place, none when the figure is whole."""
    if value is None:
        return ""
    text = f"{value:,.1f}"
    if text.endswith(".0"):
        text = text[:-2]
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def cell_text(cell: Cell, unit: str = "") -> str:
    """A figure as a document prints it: the number with its unit, or the symbol in words."""
    return number_text(cell.value, unit) if cell.value is not None else cell.word


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class Neighbours:
    """The mean of the neighbours that have a number, and how many of how many do."""

    mean: float | None
    with_figure: int
    total: int

    def text(self, unit: str = "") -> str:
        if not self.total:
            return "No neighbours named"
        if self.mean is None:
            return f"No figure for any of the {self.total} neighbours"
        return f"{number_text(self.mean, unit)}, {self.with_figure} of {self.total} neighbours"


@dataclass(frozen=True)
class Row:
    """One period of one indicator."""

    period: Period
    council: Cell
    england: Cell
    region: Cell
    neighbours: Neighbours
    neighbour_cells: dict[str, Cell]
    rank: int | None          # among the council and its neighbours with a number; None without the council's
    ranked: int               # how many were ranked
    change: str               # better, worse, no change, or '' (no earlier period, or no number either side)
    change_from: Cell | None  # the figure of the period before
    status: str               # MET, NOT_MET, NO_TARGET or NO_FIGURE

    @property
    def rank_text(self) -> str:
        if self.rank is None:
            return "Not ranked (no figure)" if self.council.value is None else "Not ranked (no polarity given)"
        return f"{ordinal(self.rank)} of {self.ranked}"

    @property
    def status_as(self) -> str:
        """The action status whose colours show this status against target (the words say it)."""
        return STATUS_AS[self.status]

    def change_text(self, unit: str = "") -> str:
        """'Better: down from 12% to 9%', 'No change', 'First period', 'Not comparable: 2022-23 suppressed'."""
        if self.change_from is None:
            return "First period shown"
        if not self.change:
            if self.council.value is None:
                return f"Cannot compare (this period {self.council.word})"
            if self.change_from.value is None:
                return f"Cannot compare (the period before {self.change_from.word})"
            return "Cannot compare (no polarity)"
        if self.change == published.SAME:
            return f"No change from {cell_text(self.change_from, unit)}"
        assert self.council.value is not None and self.change_from.value is not None
        way = "up" if self.council.value > self.change_from.value else "down"
        return (f"{self.change.capitalize()}: {way} from {cell_text(self.change_from, unit)} "
                f"to {cell_text(self.council, unit)}")


@dataclass(frozen=True)
class Card:
    """One indicator of the scorecard: what it is, every period's row, and the commentary on it."""

    indicator: model.Indicator
    rows: tuple[Row, ...]
    council_name: str
    region_name: str
    neighbour_names: tuple[str, ...]
    file: str
    commentary: str = ""
    comparators: dict[str, Any] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.indicator.id

    @property
    def name(self) -> str:
        return self.indicator.name or self.indicator.id

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def latest(self) -> Row | None:
        return self.rows[-1] if self.rows else None

    @property
    def target_text(self) -> str:
        t = self.indicator.target
        if t.value is None:
            return "None set"
        by = f" by {types.day_in_words(t.by)}" if t.by else ""
        return f"{number_text(t.value, self.unit)}{by}"

    @property
    def polarity_text(self) -> str:
        return {"higher-is-better": "Higher is better", "lower-is-better": "Lower is better"}.get(
            self.indicator.polarity, "Polarity not stated")

    def text(self, cell: Cell) -> str:
        return cell_text(cell, self.unit)

    @property
    def about(self) -> str:
        """What it counts, which way is better, the target and where the figures come from, in sentences."""
        ind = self.indicator
        parts = [ind.definition.rstrip(".") + "."] if ind.definition else []
        parts.append(f"{self.polarity_text}. Target: {self.target_text}.")
        parts.append(f"Source: {ind.source + ', ' if ind.source else ''}{self.file}.")
        return " ".join(parts)

    def latest_pairs(self) -> list[tuple[str, str, str]]:
        """The latest period's figures as (what, figure in words, status whose colour repeats it)."""
        row = self.latest
        if row is None:
            return []
        against = f"{row.status} (target {self.target_text})" if row.status != NO_TARGET else "No target set"
        out = [(self.council_name or "The council", self.text(row.council), ""),
               ("England", self.text(row.england), ""),
               (self.region_name or "The region", self.text(row.region), ""),
               ("Statistical neighbours (mean)", row.neighbours.text(self.unit), ""),
               ("Rank among the council and its neighbours", row.rank_text, ""),
               ("Change since the period before", row.change_text(self.unit), ""),
               ("Against target", against, row.status_as)]
        out += [(name, value if isinstance(value, str) else number_text(value, self.unit), "")
                for name, value in self.comparators.items()]
        return out

    def plain_words(self) -> str:
        """The latest figures in everyday words, for the young people's version ("How we are doing")."""
        row = self.latest
        if row is None:
            return ""
        said = [f"{self.name}: "]
        if row.council.value is None:
            private = " to keep children's details private" if row.council.symbol == "c" else ""
            said.append(f"our figure for {row.period.label} is {row.council.word}{private}.")
        else:
            said.append(f"{self.text(row.council)} here in {row.period.label}")
            if row.england.value is not None:
                said.append(f", {self.text(row.england)} across England")
            said.append(".")
            versus = published.direction(row.england.value, row.council.value, self.indicator.polarity)
            if versus in (published.BETTER, published.WORSE):
                said.append(f" That is {versus} than across England.")
            if row.change in (published.BETTER, published.WORSE):
                said.append(f" It got {row.change} since {row.change_from and self._before(row)}.")
            elif row.change == published.SAME:
                said.append(" It is the same as the year before.")
        target = self.indicator.target.value
        if target is not None:
            aim = f" We want to get to {number_text(target, self.unit)}"
            said.append(aim + (": we have." if row.status == MET else ": we are not there yet."
                               if row.status == NOT_MET else "."))
        return "".join(said)

    def _before(self, row: Row) -> str:
        index = self.rows.index(row)
        return self.rows[index - 1].period.label if index else ""

    @property
    def needs_commentary(self) -> bool:
        row = self.latest
        return row is not None and not self.commentary and (row.change == published.WORSE or row.status == NOT_MET)


@dataclass(frozen=True)
class Scorecard:
    """Every indicator with published figures, the headlines and who the council is compared with."""

    cards: tuple[Card, ...]
    headlines: tuple[str, ...]
    la_code: str
    neighbours: tuple[str, ...]
    neighbours_source: str
    as_at: object = None  # the progress file's date, when there is one

    def __bool__(self) -> bool:
        return bool(self.cards)


def build(strategy: model.Strategy, progress: model.Progress | None = None) -> Scorecard:
    """The scorecard of a strategy whose figures check has read (strategy.figures), with a progress file's
    headlines and commentary (the latest, unless another is given)."""
    progress = progress if progress is not None else strategy.latest
    said = progress.commentary if progress is not None else {}
    cards = []
    for ind in strategy.indicators:
        figs = strategy.figures.get(ind.id)
        if figs is None:
            continue
        cards.append(Card(ind, tuple(_rows(ind, figs)), figs.council_name, figs.region_name,
                          tuple(figs.names.get(c, c) for c in figs.neighbour_codes), ind.data.file,
                          said.get(ind.id, ""), {k: v for k, v in ind.comparators.items()}))
    bench = strategy.benchmarks
    return Scorecard(tuple(cards), tuple(progress.headlines) if progress is not None else (), bench.la_code,
                     tuple(bench.statistical_neighbours), bench.neighbours_source,
                     progress.as_at if progress is not None else None)


def _rows(ind: model.Indicator, figs: published.IndicatorFigures) -> list[Row]:
    rows = []
    previous: Cell | None = None
    for when in figs.periods:
        council = figs.council[when]
        cells = figs.neighbours[when]
        numbers = [c.value for c in cells.values() if c.value is not None]
        mean = sum(numbers) / len(numbers) if numbers else None
        rank, ranked = _rank(council.value, numbers, ind.polarity)
        change = published.direction(previous.value if previous else None, council.value, ind.polarity)
        hit = published.meets(council.value, ind.target.value, ind.polarity)
        status = NO_TARGET if ind.target.value is None else NO_FIGURE if council.value is None else \
            NOT_JUDGED if hit is None else MET if hit else NOT_MET
        rows.append(Row(when, council, figs.england[when], figs.region[when],
                        Neighbours(mean, len(numbers), len(cells)), dict(cells), rank, ranked, change, previous,
                        status))
        previous = council
    return rows


def _rank(value: float | None, others: list[float], polarity: str) -> tuple[int | None, int]:
    """1 + how many of the others are strictly better (equal figures share a rank)."""
    ranked = len(others) + (1 if value is not None else 0)
    if value is None or polarity not in ("higher-is-better", "lower-is-better"):
        return None, ranked
    higher = polarity == "higher-is-better"
    better = sum(1 for o in others if (o > value if higher else o < value))
    return better + 1, ranked
