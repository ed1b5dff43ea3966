"""Dates: the strategy period (after the framework's duties began), and the dates of actions and progress
reports within it. Reads the model."""

from __future__ import annotations

import datetime as dt

from cpstrat.checks.findings import Findings
from cpstrat.format import model, types


def check(s: model.Strategy, found: Findings) -> None:
    period = s.period
    if period.start and period.end and period.end < period.start:
        found.at("CP027", s.path, period.raw, "end", start=period.start, end=period.end)
    elif period.start and period.end:
        for a in s.actions:
            if a.due and a.due.last and not period.contains(a.due.last):
                found.at("CP040", s.path, a.raw, "due", id=a.id, due=a.due.written, start=period.start,
                         end=period.end)
    fw = s.statute()
    commencement = types.as_date(fw.commencement) if fw else None
    if fw and period.start and commencement and period.start < commencement:
        found.at("CP108", s.path, period.raw, "start", start=period.start, framework=fw.id,
                 commencement=commencement, act=fw.act)
    today = dt.date.today()
    for progress in s.progress:
        if progress.issued and progress.as_at and progress.issued < progress.as_at:
            found.at("CP180", progress.path, progress.raw, "issued", issued=progress.issued, as_at=progress.as_at)
        elif progress.issued and progress.issued > today:
            found.at("CP181", progress.path, progress.raw, "issued", issued=progress.issued, today=today)
        if progress.as_at and period.start and period.end and not period.contains(progress.as_at):
            found.at("CP044", progress.path, progress.raw, "as_at", as_at=progress.as_at, start=period.start,
                     end=period.end)
