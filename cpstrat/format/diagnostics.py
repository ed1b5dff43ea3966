"""Diagnostics: what every stage reports instead of raising.

A Diagnostic carries a stable rule code (catalogued in rules.yaml), the place
it points at and a hint. Stages append to a list; nothing here knows the CLI.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Diagnostic:
    code: str
    severity: str  # "error" or "warning"
    message: str
    hint: str
    file: str
    line: int = 0  # 1-based; 0 when the problem is the file as a whole
    column: int = 0

    @property
    def exit_code(self) -> int:
        return 2 if rules()[self.code].get("exit") == 2 else 1

    @property
    def where(self) -> str:
        # A finding about a whole file (or the command line) has no line: "plan.xlsx:0:0" reads as a place
        # that does not exist, so only the places that are known are printed.
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}" if not self.column else f"{self.file}:{self.line}:{self.column}"

    def as_text(self, markup: bool = False) -> str:
        """The one way a diagnostic is shown to people: `path:line:column: severity CODE message`,
        the hint indented on the next line. With markup, the same in rich's console markup."""
        if not markup:
            return f"{self.where}: {self.severity} {self.code} {self.message}\n    hint: {self.hint}"
        style = "red" if self.severity == "error" else "yellow"
        return (f"[bold]{escape_markup(self.where)}[/bold]: [{style}]{self.severity}[/{style}] {self.code} "
                f"{escape_markup(self.message)}\n    [dim]hint: {escape_markup(self.hint)}[/dim]")

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "hint": self.hint,
        }


def escape_markup(text: str) -> str:
    """Text shown through rich's console markup, with its square brackets taken literally."""
    return text.replace("[", "\\[")


@cache
def rules() -> dict[str, Any]:
    """The rule catalogue: code -> {name, severity, message, hint}."""
    import yaml

    text = resources.files("cpstrat.format").joinpath("rules.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


class CpstratError(Exception):
    """Input that stops a stage outright (unreadable file, invalid strategy).

    Carries the diagnostics that explain it; the CLI prints them and exits.
    """

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("; ".join(d.message for d in diagnostics))

    @property
    def exit_code(self) -> int:
        return max((d.exit_code for d in self.diagnostics), default=1)


def make(code: str, file: str, line: int = 0, column: int = 0, **params: Any) -> Diagnostic:
    """Build the diagnostic for rule `code`, filling its templates with params."""
    rule = rules()[code]
    params.setdefault("suggestion", "")
    return Diagnostic(
        code=code,
        severity=rule["severity"],
        message=rule["message"].format(**params),
        hint=rule["hint"].format(**params),
        file=file,
        line=line,
        column=column,
    )


# Finding a near miss costs one string comparison per choice. A badly broken or
# hostile file (200,000 unknown keys; unknown ids against 10,000 actions) would
# spend minutes on suggestions nobody reads, so each check gets this many
# comparisons; past them, messages go without a suggestion.
SUGGESTION_BUDGET = 200_000


class Suggester:
    """Near-miss suggestions within one budget of comparisons: one per check, passed to its rules."""

    def __init__(self, budget: int = SUGGESTION_BUDGET) -> None:
        self.left = budget

    def __call__(self, value: object, choices: Any) -> str:
        """A ' (did you mean X?)' suffix when one choice is close to value."""
        if not isinstance(value, str):
            return ""
        choices = list(choices)
        self.left -= len(choices)
        if self.left < 0:
            return ""
        match = difflib.get_close_matches(value, choices, n=1, cutoff=0.6)
        if not match:
            lowered = {c.lower(): c for c in choices}
            if value.lower() in lowered:
                match = [lowered[value.lower()]]
        return f" (did you mean '{match[0]}'?)" if match else ""


def suggest(value: object, choices: Any) -> str:
    """A ' (did you mean X?)' suffix when one choice is close to value (a single question, its own budget)."""
    return Suggester()(value, choices)


def listing(choices: Any, limit: int = 12) -> str:
    """Choices as a short comma list, cut after `limit` items."""
    items = list(choices)
    shown = ", ".join(items[:limit])
    return shown + (f", ... ({len(items) - limit} more)" if len(items) > limit else "") if items else "(none declared)"

