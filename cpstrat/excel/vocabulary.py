"""One vocabulary for what people type into a workbook: the same status words and date forms are read
by `import-xlsx` (a council's plan, or an export), `import-xlsx --into` and `collect`.

Statuses: cpstrat's own (on-track ...), the council's `status_words` (as the council spells them), and
the words councils' sheets use (Amber, Not started, Complete ...: columns.yaml). Dates: a real Excel
date, ISO text, and the text forms of excel/dates.py (31/03/2028 day first, March 2028, 2027/28 ...).
"""

from __future__ import annotations

import datetime as dt

from cpstrat.excel import columns, dates
from cpstrat.format import types


def status(text: str, council: dict | None = None) -> tuple[str | None, bool]:
    """(the status as a file writes it, ambiguous) for a cell's text; (None, False) when it is no status.

    A council's own word (`status_words`, typed in any case) is written as the council spells it, so the
    file reads in the council's words; any other word is written as cpstrat's status (Amber with no
    status_words gives at-risk). Two words in one cell ("Amber/Green") give the more cautious status,
    flagged ambiguous."""
    word = " ".join(str(text).split())
    if word in types.STATUSES:
        return word, False
    for own, meant in (council or {}).items():
        if str(own).strip().lower() == word.lower() and meant in types.STATUSES:
            return str(own), False
    return columns.status_for(word)


def due(value):
    """A due date from a cell: the format's own forms (a date, 2025-09, 2025/26, ongoing) as they are,
    else the text forms of dates.py as a day; None when it is neither."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = " ".join(str(value).split())
    if types.parse_due(text) is not None:
        return text
    return day(value)


def day(value) -> dt.date | None:
    """A day from a cell: a real date, ISO text, or a text form of dates.py (31/03/2028, 31 March 2028,
    March 2028 as its last day ...); None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    found = types.as_date(" ".join(str(value).split()))
    if found is not None:
        return found
    return dates.parse_due(value).date
