"""What import-xlsx reads from a workbook before it writes YAML: tables, columns, actions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cpstrat.format import frameworks
from cpstrat.format.diagnostics import Diagnostic

# Fields written from one cell each; the rest (notes, update, unknown) gather into notes.
KEPT_IN_NOTES = ("update", "notes")


@dataclass
class Column:
    index: int  # 1-based
    header: str
    field: str | None  # None: kept in notes under its header
    letter: str = ""


@dataclass
class Action:
    row: int
    id: str = ""
    title: str = ""
    description: str = ""
    principles: list[str] = field(default_factory=list)
    principles_note: str = ""
    priorities: list[str] = field(default_factory=list)
    lead: str = ""
    partners: list[str] = field(default_factory=list)
    due: object = None
    due_note: str = ""
    status: str = ""
    status_note: str = ""
    measures: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    last_row: int = 0
    sheet: str = ""  # set when the plan spans several sheets


@dataclass
class Table:
    """One sheet's action table: where its header is and what each column holds."""

    sheet: str
    header_row: int
    columns: list[Column]
    first_row: int = 0
    last_row: int = 0


@dataclass
class Plan:
    source: str
    tables: list[Table]
    title_block: list[str]  # as kept in `source`
    footer: list[str]
    priorities: dict[str, str]  # id -> title
    actions: list[Action]
    council: str = ""
    council_note: str = ""
    title: str = ""
    title_note: str = ""
    period: tuple[dt.date, dt.date] | None = None
    period_note: str = ""
    framework: str = frameworks.DEFAULT
    warnings: list[Diagnostic] = field(default_factory=list)
    # the same lines as the sheet has them, searched for council, title and period
    title_texts: list[str] = field(default_factory=list)
