"""Command-line values the xlsx commands share: dates, periods, and a strategy that checks clean."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cpstrat.format import frameworks
from cpstrat.format.diagnostics import CpstratError, make


def parse_date(option: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise CpstratError([make("CP087", "<command line>", option=option, value=value,
                                 problem="not a date", hint="write the date as YYYY-MM-DD, e.g. 2023-03-31")]) \
            from None


def parse_period(value: str) -> tuple[dt.date, dt.date]:
    start, colon, end = value.partition(":")
    hint = "write --period START:END, e.g. --period 2022-04-01:2025-03-31"
    if not colon:
        raise CpstratError([make("CP087", "<command line>", option="--period", value=value,
                                 problem="no ':' between start and end", hint=hint)])
    first, last = parse_date("--period", start), parse_date("--period", end)
    if last < first:
        raise CpstratError([make("CP087", "<command line>", option="--period", value=value,
                                 problem="the period ends before it starts", hint=hint)])
    return first, last


def parse_framework(value: str) -> None:
    frameworks.require(value)


def checked_strategy(path: Path):
    """The strategy at `path`, or CpstratError when it cannot be read or has errors."""
    from cpstrat.checks.run import check

    result = check(path)
    if result.strategy is None or result.errors:
        unreadable = [d for d in result.errors if d.exit_code == 2]
        if unreadable or result.strategy is None:
            raise CpstratError(unreadable or result.errors)
        raise CpstratError([make("CP089", str(path), count=len(result.errors), path=path)])
    return result.strategy
