"""Dates: the strategy period, and the dates of actions and progress reports within it. Reads the model."""

from __future__ import annotations

from cpstrat.checks.findings import Findings
from cpstrat.format import model


def check(s: model.Strategy, found: Findings) -> None:
    period = s.period
    if period.start and period.end and period.end < period.start:
        found.at("CP027", s.path, period.raw, "end", start=period.start, end=period.end)
    elif period.start and period.end:
        for a in s.actions:
            if a.due and not period.contains(a.due):
                found.at("CP040", s.path, a.raw, "due", id=a.id, due=a.due, start=period.start, end=period.end)
    for progress in s.progress:
        if progress.as_at and period.start and period.end and not period.contains(progress.as_at):
            found.at("CP044", progress.path, progress.raw, "as_at", as_at=progress.as_at, start=period.start,
                     end=period.end)
