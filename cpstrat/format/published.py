"""Reading the Department for Education's published statistics (explore-education-statistics CSV files).

One row per time period, geographic level and filter values; the standard columns (`time_period`,
`time_identifier`, `geographic_level`, `region_code`, `new_la_code`, ...), then filter columns, then
indicator columns. A cell of an indicator column is a number or a symbol (`c`, `k`, `low`, `u`, `x`, `z`,
`:` or empty, see published.yaml); a symbol is kept as a symbol, never read as a number.

`read()` goes through a file once, as a stream, and keeps only the rows an indicator asks for: England's
(National), the regions' (Regional), and the councils named (Local authority), for every indicator read
from the file at once. Bad input raises `Unreadable` with the line and, for a header problem, the column.
"""

from __future__ import annotations

import csv
import difflib
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

MiB = 1024 * 1024
# A whole England release at local-authority level with every filter is a few hundred thousand rows;
# a million rows is about 130 MB. Past this the file is refused before a byte of it is parsed.
MAX_BYTES = 512 * MiB
# A cell longer than this is no figure: the file is not in the published shape (or not CSV at all).
MAX_CELL = 64 * 1024
# Nor is a line longer than this (a published row is a few hundred characters): past it reading stops,
# rather than holding a file's worth of text that has no line breaks.
MAX_LINE = 1024 * 1024


@cache
def _data() -> dict[str, Any]:
    import yaml

    text = resources.files("cpstrat.format").joinpath("published.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def symbols() -> dict[str, dict[str, Any]]:
    """Each symbol the files use for a missing figure: {symbol: {word, meaning, confirmed}}."""
    symbols: dict[str, dict[str, Any]] = _data()["symbols"]
    return symbols


def symbol_word(symbol: str) -> str:
    """How a document prints a symbol ("suppressed" for c)."""
    found = symbols().get(symbol.strip())
    return found["word"] if found else symbol


class Unreadable(Exception):
    """The file cannot be read as a published statistics file: what is wrong, where, and how to fix it."""

    def __init__(self, problem: str, line: int = 0, column: int = 0, hint: str = "") -> None:
        super().__init__(problem)
        self.problem, self.line, self.column, self.hint = problem, line, column, hint


@dataclass(frozen=True)
class Cell:
    """A figure: a number, or the symbol the file gives in its place ('' for an empty cell)."""

    value: float | None
    symbol: str = ""

    @property
    def word(self) -> str:
        """The symbol in words ("suppressed"); '' for a number."""
        return "" if self.value is not None else symbol_word(self.symbol)


NO_ROW = Cell(None, "")  # a place the file has no row for at all


@dataclass(frozen=True, order=True)
class Period:
    """A time period as the file writes it, and as a reader writes it ("2023-24")."""

    order: tuple[Any, ...]
    time_period: str = field(compare=False)
    time_identifier: str = field(compare=False)
    label: str = field(compare=False)


def period(time_period: str, time_identifier: str) -> Period:
    """202324 with 'Financial year' reads '2023-24'; 2024 with 'Reporting year' reads '2024'."""
    text = time_period.strip()
    styles = _data()["periods"].get(time_identifier.strip(), {})
    label = ""
    if len(text) == 6 and text.isdigit() and "six" in styles:
        label = styles["six"].format(start=text[:4], end=text[4:])
    elif len(text) == 4 and text.isdigit() and "four" in styles:
        label = styles["four"].format(year=text)
    if not label:
        label = f"{text} {time_identifier.strip()}".strip()
    year = int(text[:4]) if text[:4].isdigit() else 0
    return Period((year, text, time_identifier), text, time_identifier.strip(), label)


@dataclass(frozen=True)
class Query:
    """What one indicator reads: its column, and the filter values that pick its rows."""

    column: str
    filters: tuple[tuple[str, str], ...] = ()


@dataclass
class Figures:
    """One query's figures, by period: England's, each region's and each council's asked for."""

    national: dict[Period, Cell] = field(default_factory=dict)
    regional: dict[Period, dict[str, Cell]] = field(default_factory=dict)
    local: dict[Period, dict[str, Cell]] = field(default_factory=dict)

    @property
    def periods(self) -> list[Period]:
        return sorted(set(self.national) | set(self.regional) | set(self.local))


@dataclass
class Table:
    """What a file gave: each query's figures, and what is known of the councils asked for."""

    path: str
    figures: dict[Query, Figures]
    region_of: dict[str, str]      # council code -> its region_code
    names: dict[str, str]          # council or region code -> its name in the file
    missing_codes: list[str]       # councils asked for that no row names
    unmatched: list[tuple[str, str, list[str]]]  # (filter column, value, values the file has) matching no row
    la_codes: set[str] = field(default_factory=set)  # every council code the file has (for a suggestion)


def read(path: Path, display: str, queries: list[Query], councils: list[str],
         max_bytes: int = MAX_BYTES) -> Table:
    """Read a published CSV once, keeping the rows of the queries for England, the regions and `councils`."""
    try:
        size = os.stat(path).st_size
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror or exc}",
                         hint="check the path under `data: file:`; it is relative to the strategy folder") from None
    if size > max_bytes:
        raise Unreadable(f"the file is {size / MiB:.0f} MB, larger than the {max_bytes / MiB:.0f} MB cpstrat reads",
                         hint="download the local-authority file of the release, not a whole-release archive")
    try:
        with open(path, "rb") as raw:
            start = raw.read(8192)
        if b"\0" in start or start[:2] == b"PK":
            raise Unreadable("the file is not CSV text (it is binary, e.g. a spreadsheet or a zip)", 1,
                             hint="download the release's CSV data file, or save the sheet as CSV (UTF-8)")
        with open(path, encoding="utf-8-sig", newline="") as handle:
            return _read(handle, display, queries, councils)
    except UnicodeDecodeError as exc:
        raise Unreadable(f"the file is not UTF-8 text (byte {exc.start} of a line cannot be decoded)",
                         hint="download the CSV again, or save it as CSV UTF-8") from None
    except csv.Error as exc:
        raise Unreadable(f"the file is not CSV: {exc}", _line(exc),
                         hint="download the release's CSV data file again") from None
    except OSError as exc:
        raise Unreadable(f"cannot read the file: {exc.strerror or exc}") from None


def _line(exc: csv.Error) -> int:
    import re

    found = re.search(r"line (\d+)", str(exc))
    return int(found.group(1)) if found else 0


def _column(header: list[str], name: str, what: str) -> int:
    try:
        return header.index(name)
    except ValueError:
        close = difflib.get_close_matches(name, header, n=1, cutoff=0.6)
        lowered = {h.lower(): h for h in header}
        hint = close[0] if close else lowered.get(name.lower(), "")
        mean = f" (did you mean '{hint}'?)" if hint else ""
        raise Unreadable(f"the header line has no {what} column '{name}'{mean}", 1,
                         hint=f"the header line is: {_shorten(','.join(header))}") from None


def _lines(handle: Any) -> Iterator[Any]:
    """The file's lines, each read with a bound on its length (Unreadable past MAX_LINE)."""
    number = 0
    while True:
        line = handle.readline(MAX_LINE + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE:
            raise Unreadable(f"line {number} is longer than {MAX_LINE // 1024} KB: the file is not a published "
                             "statistics CSV", number, hint="download the release's CSV data file again")
        yield line


def _shorten(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[:limit] + " ..."


def _read(handle: Any, display: str, queries: list[Query], councils: list[str]) -> Table:
    csv.field_size_limit(MAX_CELL)
    reader = csv.reader(_lines(handle))
    header = _header(reader)
    scan = _Scan(header, queries, councils)
    width, take = len(header), scan.take
    for row in reader:
        if len(row) != width:
            if not row:
                continue  # a blank line
            raise Unreadable(f"line {reader.line_num} has {len(row)} cells where the header has {width}",
                             reader.line_num, hint="the file has been cut short or edited; download it again")
        take(row, reader.line_num)
    return scan.table(display)


def _header(reader: Any) -> list[str]:
    """The header line, refused unless it is the header of a published statistics file."""
    header = next(reader, None)
    if header is None:
        raise Unreadable("the file is empty: it has no header line", 1,
                         hint="download the release's CSV data file again")
    header = [h.strip() for h in header]
    missing = [c for c in _data()["required_columns"] if c not in header]
    if missing:
        raise Unreadable(f"the first line is not the header of a published statistics file (it has no "
                         f"{', '.join(missing)} column)", 1,
                         hint=f"the first line is: {_shorten(','.join(header))}; a published file starts with "
                              "time_period,time_identifier,geographic_level,...")
    return header


class _Plan:
    """One query's columns and the figures it has found so far."""

    def __init__(self, header: list[str], query: Query):
        self.query = query
        self.column = _column(header, query.column, "indicator")
        self.filters = tuple((_column(header, name, "filter"), value) for name, value in query.filters)
        self.figures = Figures()

    def matches(self, row: list[str]) -> bool:
        for i, value in self.filters:
            if row[i] != value:
                return False
        return True


class _Scan:
    """What one pass over the rows keeps: the rows of the places and filter values asked for."""

    def __init__(self, header: list[str], queries: list[Query], councils: list[str]):
        levels = _data()["levels"]
        self.national, self.regional, self.local = levels["national"], levels["regional"], levels["local"]
        self.i_period, self.i_ident, self.i_level = (header.index(c) for c in
                                                     ("time_period", "time_identifier", "geographic_level"))
        self.i_la = _column(header, "new_la_code", "standard") if councils else -1
        self.i_region = _optional(header, "region_code")
        self.i_la_name, self.i_region_name = _optional(header, "la_name"), _optional(header, "region_name")
        self.plans = [_Plan(header, q) for q in queries]
        self.filter_names = {i: name for plan in self.plans
                             for (i, _), (name, _) in zip(plan.filters, plan.query.filters, strict=True)}
        self.seen_values: dict[int, set[str]] = {i: set() for i in self.filter_names}
        self.councils = list(councils)
        self.wanted = set(councils)
        self.found_codes: set[str] = set()
        self.la_codes: set[str] = set()
        self.region_of: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.periods: dict[tuple[str, str], Period] = {}

    def take(self, row: list[str], line: int) -> None:
        for i, values in self.seen_values.items():
            values.add(row[i])
        level = row[self.i_level]
        if level == self.local:
            code = row[self.i_la]
            if code not in self.wanted:
                self.la_codes.add(code)
                return
            if code not in self.found_codes:
                self._council(code, row)
        elif level == self.regional:
            if self.i_region < 0:
                return
            if self.i_region_name >= 0:
                self.names.setdefault(row[self.i_region], row[self.i_region_name])
        elif level != self.national:
            return
        key = (row[self.i_period], row[self.i_ident])
        when = self.periods.get(key)
        if when is None:
            when = self.periods[key] = period(*key)
        for plan in self.plans:
            if plan.matches(row):
                self._store(plan, row, level, when, line)

    def _council(self, code: str, row: list[str]) -> None:
        self.found_codes.add(code)
        if self.i_region >= 0:
            self.region_of[code] = row[self.i_region]
        if self.i_la_name >= 0:
            self.names[code] = row[self.i_la_name]

    def _store(self, plan: _Plan, row: list[str], level: str, when: Period, line: int) -> None:
        cell = _cell(row[plan.column], line, plan.query.column)
        figures = plan.figures
        if level == self.national:
            figures.national[when] = cell
        elif level == self.regional:
            figures.regional.setdefault(when, {})[row[self.i_region]] = cell
        else:
            figures.local.setdefault(when, {})[row[self.i_la]] = cell

    def table(self, display: str) -> Table:
        unmatched: list[tuple[str, str, list[str]]] = []
        for plan in self.plans:
            for (i, value), (name, _) in zip(plan.filters, plan.query.filters, strict=True):
                if value not in self.seen_values[i] and (name, value) not in [(n, v) for n, v, _ in unmatched]:
                    unmatched.append((name, value, sorted(self.seen_values[i])))
        return Table(display, {plan.query: plan.figures for plan in self.plans}, self.region_of, self.names,
                     [c for c in self.councils if c not in self.found_codes], unmatched,
                     self.la_codes | self.found_codes)


def _optional(header: list[str], name: str) -> int:
    return header.index(name) if name in header else -1


_NUMBER_CACHE: dict[str, Cell] = {}


def _cell(text: str, line: int, column: str) -> Cell:
    cell = _NUMBER_CACHE.get(text)
    if cell is not None:
        return cell
    stripped = text.strip()
    if stripped in symbols():
        cell = Cell(None, stripped)
    else:
        try:
            number = float(stripped.replace(",", ""))
            if not math.isfinite(number):  # 'nan' and 'inf' are words, not figures
                raise ValueError(stripped)
            cell = Cell(number)
        except ValueError:
            raise Unreadable(f"line {line}: '{_shorten(stripped, 40)}' in column '{column}' is neither a number "
                             f"nor one of the symbols {', '.join(repr(s) for s in symbols() if s)}", line,
                             hint="check that `column:` names an indicator column, not a filter") from None
    if len(_NUMBER_CACHE) < 100_000:
        _NUMBER_CACHE[text] = cell
    return cell


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator's figures for one council, by period: its own, England's, its region's, its neighbours'."""

    file: str
    periods: tuple[Period, ...]
    council: dict[Period, Cell]
    england: dict[Period, Cell]
    region: dict[Period, Cell]
    neighbours: dict[Period, dict[str, Cell]]  # every neighbour, NO_ROW where the file has no row
    neighbour_codes: tuple[str, ...]
    council_name: str = ""
    region_code: str = ""
    region_name: str = ""
    names: dict[str, str] = field(default_factory=dict)


def for_council(table: Table, query: Query, la_code: str, neighbours: list[str]) -> IndicatorFigures:
    """The figures of `query` from the point of view of council `la_code` and its statistical neighbours."""
    figures = table.figures[query]
    region = table.region_of.get(la_code, "")
    periods = tuple(figures.periods)
    local = figures.local
    return IndicatorFigures(
        file=table.path, periods=periods,
        council={p: local.get(p, {}).get(la_code, NO_ROW) for p in periods},
        england={p: figures.national.get(p, NO_ROW) for p in periods},
        region={p: figures.regional.get(p, {}).get(region, NO_ROW) for p in periods},
        neighbours={p: {code: local.get(p, {}).get(code, NO_ROW) for code in neighbours} for p in periods},
        neighbour_codes=tuple(neighbours), council_name=table.names.get(la_code, ""), region_code=region,
        region_name=table.names.get(region, ""), names=dict(table.names))


BETTER, WORSE, SAME = "better", "worse", "no change"


def direction(old: float | None, new: float | None, polarity: str) -> str:
    """Whether a move from old to new is better, worse or no change by the indicator's polarity
    ('' when either is no number, or the polarity is not stated)."""
    if old is None or new is None or polarity not in ("higher-is-better", "lower-is-better"):
        return ""
    if round(new - old, 9) == 0:
        return SAME
    up = new > old
    return BETTER if up == (polarity == "higher-is-better") else WORSE


def meets(value: float | None, target: float | None, polarity: str) -> bool | None:
    """Whether a value meets its target by polarity (None when either is missing or polarity unknown)."""
    if value is None or target is None or polarity not in ("higher-is-better", "lower-is-better"):
        return None
    return value >= target if polarity == "higher-is-better" else value <= target


@cache
def catalogue() -> dict[str, dict[str, Any]]:
    """cpstrat's catalogue of common indicators (indicators.yaml): {id: {name, definition, ...}}."""
    import yaml

    text = resources.files("cpstrat.format").joinpath("indicators.yaml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return data
