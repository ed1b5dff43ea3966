"""Council, title and period of an imported plan: from the options, else from the text above the table."""

from __future__ import annotations

import datetime as dt
import re

from cpstrat.excel.dates import MONTHS, end_of_month
from cpstrat.excel.plan import Plan

_LABELLED = re.compile(r"\s*\w+(?:\s+\w+)?\s*:")
_PERIOD = re.compile(r"(?:\b([A-Za-z]+)\s+)?\b((?:19|20)\d\d)\s*(?:-|–|—|/|to)\s*(?:([A-Za-z]+)\s+)?((?:19|20)?\d\d)\b")


def fill_strategy_keys(plan: Plan, council: str | None, title: str | None, period: tuple | None) -> None:
    """Council, title and period: from the options, else read from the title block, else left to finish."""
    block = [" ".join(t.split()) for t in plan.title_texts if not _LABELLED.match(t) or "council" in t.lower()]
    if council:
        plan.council = council
    else:
        for line in block:
            m = re.search(r"((?:[A-Z][\w'’.-]*\s+){0,5}?(?:[A-Z][\w'’.-]*\s+)*Council)\b", line)
            if m:
                plan.council = m[1].strip()
                plan.council_note = f"from the sheet's title: '{line}': check"
                break
    if title:
        plan.title = title
    elif block:
        for line in block:
            rest = line.replace(plan.council, "").strip(" -–:,") if plan.council else line
            if rest:
                plan.title = rest
                plan.title_note = f"from the sheet's title: '{line}': check"
                break
    if period:
        plan.period = period
        return
    for line in block:
        m = _PERIOD.search(line)
        if m:
            start = int(m[2])
            end = int(m[4]) if len(m[4]) == 4 else int(m[2][:2] + m[4])
            first, last = MONTHS.get((m[1] or "").lower()), MONTHS.get((m[3] or "").lower())
            if first and last and (end, last) > (start, first):
                plan.period = (dt.date(start, first, 1), end_of_month(end, last))
                plan.period_note = f"from '{m[0]}' in the sheet's title: check"
                return
            if end > start:
                plan.period = (dt.date(start, 4, 1), dt.date(end, 3, 31))
                plan.period_note = (f"from '{m[2]}-{m[4]}' in the sheet's title, read as financial years "
                                    f"(April to March): check")
                return
