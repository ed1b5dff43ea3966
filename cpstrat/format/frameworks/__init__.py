"""Statutory frameworks: each is one YAML data file in this folder.

Adding a framework (Northern Ireland, Wales, a later amendment in England)
means adding one file here; no code names a principle.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

DEFAULT = "england-2017"


@dataclass(frozen=True)
class Principle:
    id: str
    title: str
    wording: str
    ref: str = ""  # e.g. "(a)"
    citation: str = ""  # e.g. "s.1(1)(a)"
    local: bool = False  # declared by the strategy, not by statute


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    act: str
    citation: str
    source: str
    jurisdiction: str
    status: str  # "in-force" or "prospective"
    commencement: str
    preamble: str
    principles: tuple[Principle, ...]

    def ids(self) -> list[str]:
        return [p.id for p in self.principles]

    def get(self, pid: str) -> Principle | None:
        return next((p for p in self.principles if p.id == pid), None)


@cache
def available() -> dict[str, Framework]:
    """Every framework shipped with cpstrat, by id."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            data = yaml.load(entry.read_text("utf-8"), Loader=loader)
            principles = tuple(
                Principle(p["id"], p["title"], p["wording"], p.get("ref", ""), p.get("citation", ""))
                for p in data["principles"]
            )
            fields = {k: str(data.get(k, "")) for k in
                      ("id", "title", "act", "citation", "source", "jurisdiction", "status", "commencement", "preamble")}
            out[data["id"]] = Framework(**fields, principles=principles)
    return out


def get(framework_id: str | None) -> Framework | None:
    return available().get(framework_id or DEFAULT)


def unknown(value: str, file: str = "<command line>", line: int = 0, column: int = 0, suggest=None):
    """The diagnostic for a framework id that names no framework (CP028)."""
    from cpstrat.format.diagnostics import make
    from cpstrat.format.diagnostics import suggest as one_suggestion

    known = list(available())
    return make("CP028", file, line, column, value=value, suggestion=(suggest or one_suggestion)(value, known),
                allowed=", ".join(known))


def require(framework_id: str) -> Framework:
    """The framework named on a command line, or CpstratError (CP028) saying which exist."""
    from cpstrat.format.diagnostics import CpstratError

    fw = available().get(framework_id)
    if fw is None:
        raise CpstratError([unknown(framework_id)])
    return fw
