"""What one check collects: its diagnostics, and the state its rules share.

Each check makes its own Findings and hands it to every rule, so two checks
in one process (batch, diff, a test run) never share a suggestion budget or a
list of diagnostics.
"""

from __future__ import annotations

from typing import Any

from cpstrat.format.diagnostics import Diagnostic, Suggester, make
from cpstrat.format.load import key_pos, value_pos


class Findings:
    def __init__(self, out: list[Diagnostic] | None = None) -> None:
        self.out: list[Diagnostic] = [] if out is None else out
        self.suggest = Suggester()

    def add(self, code: str, file: str, line: int = 0, column: int = 0, /, **params: Any) -> None:
        self.out.append(make(code, file, line, column, **params))

    def at(self, code: str, file: str, container: Any, place: Any, /, at_key: bool = False, **params: Any) -> None:
        """Report rule `code` at `place` (a key, or a list index) of a loaded mapping or list, or at its value."""
        line, col = key_pos(container, place) if at_key else value_pos(container, place)
        self.out.append(make(code, file, line, col, **params))
