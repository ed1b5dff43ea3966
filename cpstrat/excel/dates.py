"""Due dates as councils write them in spreadsheets, turned into dates.

A real Excel date is taken as is. Text is read as:
  31/03/2022, 31-03-22, 2022-03-31, 31 March 2022   that day (day first: UK usage)
  March 2022, Mar-22, end of March 2022             the last day of that month
  Q3 2022/23, 2022-23 Q3                            the last day of that financial quarter
                                                    (Q1 April-June ... Q4 January-March)
  2022/23, 2022-2023                                the end of that financial year (31 March)
  by end of Q2 2023/24                              (by, due, end of... are dropped first)
  April 2023 - March 2024                           the end of the range
  Ongoing, continuous, throughout                   no due date; the word is kept as a note
Anything else (TBC, Spring 2023, Q3 2022 without a financial year) is not
guessed: it is kept as text so that `cpstrat check` asks for a date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
NO_DATE = {"ongoing", "on going", "on-going", "continuous", "continual", "throughout", "throughout the strategy",
           "rolling", "annually", "annual", "monthly", "quarterly", "as required", "as needed", "business as usual",
           "n/a", "na", "not applicable"}
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_PREFIX = re.compile(r"^(?:by|due|before|until|to|the)\s+|^(?:by\s+)?(?:the\s+)?end\s+(?:of\s+)?", re.I)


class Due:
    """What a due cell gave: a date, no date with a note, or text left for the officer."""

    def __init__(self, date: dt.date | None = None, note: str = "", text: str = "", how: str = ""):
        self.date, self.note, self.text, self.how = date, note, text, how


def end_of_month(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _year(text: str) -> int | None:
    y = int(text)
    if len(text) == 2:
        y += 2000
    return y if 1990 <= y <= 2100 else None


def parse_due(value) -> Due:
    if isinstance(value, dt.datetime):
        return Due(value.date(), how="Excel date")
    if isinstance(value, dt.date):
        return Due(value, how="Excel date")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # a date serial in a cell formatted as a number
            return Due(_EXCEL_EPOCH + dt.timedelta(days=int(value)), how=f"Excel date number {value:g}")
        return Due(text=f"{value:g}")
    raw = " ".join(str(value).split())
    text = raw.lower().rstrip(".")
    if not text:
        return Due()
    if text in NO_DATE:
        return Due(note=raw, how=f"'{raw}': no due date")
    date = _parse_text(_strip_prefix(text))
    if date:
        return Due(date, how=f"'{raw}' read as {date.isoformat()}")
    # a range ("April 2023 - March 2024", "Q1 to Q2 2023/24" aside): due at its end
    parts = re.split(r"\s+(?:-|–|—|to|until)\s+", text)
    if len(parts) == 2:
        first, last = _parse_text(_strip_prefix(parts[0])), _parse_text(_strip_prefix(parts[1]))
        if first and last and first <= last:
            return Due(last, how=f"'{raw}' read as its end, {last.isoformat()}")
    return Due(text=raw)


def _strip_prefix(text: str) -> str:
    while True:
        shorter = _PREFIX.sub("", text).strip()
        if shorter == text:
            return text
        text = shorter


def _parse_text(t: str) -> dt.date | None:
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", t):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", t):
            year = _year(m[3])
            return dt.date(year, int(m[2]), int(m[1])) if year else None
        if m := re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?[ -]([a-z]+)[ -,]*(\d{2}|\d{4})", t):
            month, year = MONTHS.get(m[2]), _year(m[3])
            return dt.date(year, month, int(m[1])) if month and year else None
        if m := re.fullmatch(r"([a-z]+)[ -](\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", t):
            month, year = MONTHS.get(m[1]), _year(m[3])
            return dt.date(year, month, int(m[2])) if month and year else None
        if m := re.fullmatch(r"([a-z]+)[ ,'-]*(\d{2}|\d{4})", t):
            month, year = MONTHS.get(m[1]), _year(m[2])
            return end_of_month(year, month) if month and year else None
        fy = r"(\d{4}|\d{2})\s*[/-]\s*(\d{2}|\d{4})"
        if m := re.fullmatch(rf"q([1-4])\s*(?:fy\s*)?{fy}", t) or re.fullmatch(rf"(?:fy\s*)?{fy}\s*q([1-4])", t):
            quarter, first, second = (m[1], m[2], m[3]) if t.startswith("q") else (m[3], m[1], m[2])
            start = _financial_start(first, second)
            if start is None:
                return None
            quarter = int(quarter)
            year, month = (start, 3 + 3 * quarter) if quarter < 4 else (start + 1, 3)
            return end_of_month(year, month)
        if m := re.fullmatch(rf"(?:fy\s*)?{fy}", t):
            start = _financial_start(m[1], m[2])
            return dt.date(start + 1, 3, 31) if start is not None else None
        if m := re.fullmatch(r"(\d{4})", t):
            return None  # a year alone: which day of it? left for the officer
    except ValueError:
        return None
    return None


def _financial_start(first: str, second: str) -> int | None:
    """The first calendar year of a financial year written 2022/23, 22/23 or 2022-2023."""
    a, b = _year(first), _year(second)
    if a is None or b is None or b != a + 1:
        return None
    return a
