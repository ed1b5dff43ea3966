"""The scorecard's inputs: catalogue indicators filled in, published figures read and checked, commentary asked for.

  resolve()     an indicator naming `catalogue:` takes the catalogue's name, definition, unit, polarity and data
                column and filters wherever it gives none of its own (CP196, CP197)
  figures()     each published CSV named under `data:` read once, for every indicator that reads it: a file that
                cannot be read (CP190, CP191), a council or filter value no row has (CP192, CP193)
  commentary()  an indicator worse than the period before, or off target, with no commentary (CP195)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from cpstrat.checks.findings import Findings
from cpstrat.format import model, published
from cpstrat.format.diagnostics import listing
from cpstrat.format.load import Map

CATALOGUE_KEYS = ("name", "definition", "unit", "polarity", "cohort")


def check(strategy: model.Strategy, folder: Path, found: Findings) -> model.Strategy:
    """The strategy with its catalogue indicators filled in and its published figures read."""
    strategy = resolve(strategy, found)
    strategy = figures(strategy, folder, found)
    commentary(strategy, found)
    return strategy


def resolve(strategy: model.Strategy, found: Findings) -> model.Strategy:
    if not strategy.indicators:
        return strategy
    entries = published.catalogue()
    out = []
    for ind in strategy.indicators:
        entry = entries.get(ind.catalogue) if ind.catalogue else None
        if ind.catalogue and entry is None and ind.raw is not None:
            found.at("CP196", strategy.path, ind.raw, "catalogue", value=ind.catalogue,
                     suggestion=found.suggest(ind.catalogue, entries), allowed=listing(entries))
        if entry is not None:
            changes = {k: entry[k] for k in CATALOGUE_KEYS if not getattr(ind, k) and entry.get(k)}
            if ind.data.file and not ind.data.column and entry.get("column"):
                data_changes = {"column": entry["column"]}
                if not ind.data.filters and entry.get("filters"):
                    data_changes["filters"] = dict(entry["filters"])
                changes["data"] = dataclasses.replace(ind.data, **data_changes)
            if not ind.source and entry.get("release"):
                changes["source"] = entry["release"]
            ind = dataclasses.replace(ind, **changes)
        if not ind.name and ind.raw is not None and ind.id:
            found.at("CP197", strategy.path, ind.raw, "id", id=ind.id)
        out.append(ind)
    return dataclasses.replace(strategy, indicators=tuple(out))


def figures(strategy: model.Strategy, folder: Path, found: Findings) -> model.Strategy:
    reading = [ind for ind in strategy.indicators if ind.data.file and ind.data.raw is not None]
    if not reading:
        return strategy
    bench = strategy.benchmarks
    if not bench.la_code:
        for ind in reading:
            found.at("CP194", strategy.path, ind.raw, "data", at_key=True, id=ind.id)
        return strategy
    neighbours = [code for code in dict.fromkeys(bench.statistical_neighbours) if code != bench.la_code]
    by_file: dict[str, list[model.Indicator]] = {}
    for ind in reading:
        if not ind.data.column:
            found.at("CP198", strategy.path, ind.raw, "data", at_key=True, id=ind.id, csv=ind.data.file)
            continue
        by_file.setdefault(ind.data.file, []).append(ind)
    read: dict[str, published.IndicatorFigures] = {}
    for file, inds in by_file.items():
        path = _path(strategy, folder, file, inds[0], found)
        if path is None:
            continue
        queries = {ind.id: published.Query(ind.data.column, tuple((str(k), str(v)) for k, v in
                                                                  ind.data.filters.items())) for ind in inds}
        display = _display(strategy, file)
        try:
            table = published.read(path, display, list(dict.fromkeys(queries.values())),
                                   [bench.la_code, *neighbours])
        except published.Unreadable as exc:
            found.add("CP190", display, exc.line, exc.column, problem=exc.problem,
                      hint=exc.hint or "download the release's CSV data file again")
            continue
        if _councils_found(strategy, table, found) and _filters_found(strategy, table, inds, found):
            for ind in inds:
                read[ind.id] = published.for_council(table, queries[ind.id], bench.la_code, neighbours)
    return dataclasses.replace(strategy, figures=read) if read else strategy


def _display(strategy: model.Strategy, file: str) -> str:
    return str(Path(strategy.path).parent / file) if strategy.path else file


def _path(strategy: model.Strategy, folder: Path, file: str, ind: model.Indicator, found: Findings) -> Path | None:
    """The CSV's path: inside the strategy folder (a strategy from elsewhere reads no other file)."""
    where = Path(file)
    if where.is_absolute() or ".." in where.parts:
        found.at("CP191", strategy.path, ind.data.raw, "file", id=ind.id, csv=file,
                 problem="a data file is named relative to the strategy folder, inside it",
                 hint="copy the CSV into the strategy folder (e.g. data/) and name it from there")
        return None
    path = folder / where
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a loop of links
        inside = False
    if path.exists() and not inside:  # a link out of the folder is as good as a path out of it
        found.at("CP191", strategy.path, ind.data.raw, "file", id=ind.id, csv=file,
                 problem="it leads outside the strategy folder (a link)",
                 hint="copy the CSV into the strategy folder (e.g. data/) and name it from there")
        return None
    if not path.is_file():
        found.at("CP191", strategy.path, ind.data.raw, "file", id=ind.id, csv=file, problem="no such file",
                 hint="download the CSV from explore-education-statistics.service.gov.uk into the strategy "
                      "folder, and give its path from there")
        return None
    return path


def _councils_found(strategy: model.Strategy, table: published.Table, found: Findings) -> bool:
    bench = strategy.benchmarks
    if not table.missing_codes:
        return True
    codes = listing(sorted(table.la_codes))
    raw = bench.raw
    for code in table.missing_codes:
        if code == bench.la_code:
            found.at("CP192", strategy.path, raw, "la_code", csv=table.path, who="the council", la=code,
                     codes=codes, suggestion=found.suggest(code, table.la_codes))
        else:
            seq = raw.get("statistical_neighbours") if raw is not None else None
            place = next((i for i, c in enumerate(seq or ()) if c == code), 0)
            found.at("CP192", strategy.path, seq if seq is not None else raw,
                     place if seq is not None else "statistical_neighbours", csv=table.path,
                     who="the statistical neighbour", la=code, codes=codes,
                     suggestion=found.suggest(code, table.la_codes))
    return False


def _filters_found(strategy: model.Strategy, table: published.Table, inds: Any, found: Findings) -> bool:
    if not table.unmatched:
        return True
    for column, value, values in table.unmatched:
        for ind in inds:
            filters = ind.data.raw.get("filters") if ind.data.raw is not None else None
            if ind.data.filters.get(column) == value:
                container, place = (filters, column) if isinstance(filters, Map) else (ind.raw, "data")
                found.at("CP193", strategy.path, container, place, csv=table.path, filter=column, value=value,
                         suggestion=found.suggest(value, values), allowed=listing(values))
                break
    return False


def commentary(strategy: model.Strategy, found: Findings) -> None:
    """A warning for each indicator worse than the period before, or off target, that no commentary explains."""
    latest = strategy.latest
    said = latest.commentary if latest is not None else {}
    for ind in strategy.indicators:
        figs = strategy.figures.get(ind.id)
        if figs is None or not figs.periods or ind.id in said:
            continue
        now = figs.periods[-1]
        value = figs.council[now].value
        why = []
        if len(figs.periods) > 1:
            before = figs.council[figs.periods[-2]].value
            if published.direction(before, value, ind.polarity) == published.WORSE:
                why.append(f"worse than in {figs.periods[-2].label}")
        if published.meets(value, ind.target.value, ind.polarity) is False:
            why.append("off target")
        if not why:
            continue
        name, reason = ind.name or ind.id, " and ".join(why)
        if latest is not None and latest.raw is not None:
            container = latest.raw
            place = "commentary" if "commentary" in container else next(iter(container), None)
            if place is None:
                found.add("CP195", latest.path, 1, 1, id=ind.id, name=name, why=reason, period=now.label,
                          where="in the progress file")
            else:
                found.at("CP195", latest.path, container, place, at_key=True, id=ind.id, name=name,
                         why=reason, period=now.label, where="in the progress file")
        elif ind.raw is not None:
            found.at("CP195", strategy.path, ind.raw, "id", id=ind.id, name=name, why=reason, period=now.label,
                     where="(there is no progress file to give it)")
