"""Statutory frameworks: each is one YAML data file in this folder.

Adding a framework (Northern Ireland, Wales, a later amendment in England)
means adding one file here; no code names a principle. A strategy may also
name a framework file of its own (`framework: frameworks/our-own.yaml`,
relative to strategy.yaml, in the same shape as these): a partner body, a
Welsh council under the charter, or a council with local principles brings its
own that way (docs/frameworks.md). A framework records
the law as it changes: which Act and section it comes from, when it came (or
comes) into force, what amended it, and for a principle whose wording an
amendment changed, the wording before and the day it changed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

DEFAULT = "england-2017"


@dataclass(frozen=True)
class Amendment:
    """One change made by a later Act: to a whole framework, or to one principle's wording."""

    by: str  # the amending Act and provision
    effect: str = ""  # what it does, in words
    status: str = "in-force"  # "in-force" or "prospective"
    commencement: dt.date | None = None
    previous: str = ""  # a principle's wording before the change
    wording_source: str = ""  # where the text was read, when it is not the enacted Act
    enacted: dt.date | None = None  # Royal Assent of the amending Act

    def in_force(self, day: dt.date | None) -> bool:
        return in_force(self.status, self.commencement, day)


@dataclass(frozen=True)
class Principle:
    id: str
    title: str
    wording: str
    ref: str = ""  # e.g. "(a)"
    citation: str = ""  # e.g. "s.1(1)(a)"
    local: bool = False  # declared by the strategy, not by statute
    amendments: tuple[Amendment, ...] = ()


@dataclass(frozen=True)
class Duty:
    """A duty the framework's Act places beside the principles (e.g. to collaborate)."""

    id: str
    title: str
    wording: str
    citation: str
    applies_to: str = ""
    status: str = "in-force"
    commencement: dt.date | None = None
    wording_source: str = ""

    def in_force(self, day: dt.date | None) -> bool:
        return in_force(self.status, self.commencement, day)


@dataclass(frozen=True)
class Framework:
    id: str
    title: str
    act: str
    citation: str
    source: str
    jurisdiction: str
    status: str  # "in-force" or "prospective"
    commencement: str  # YYYY-MM-DD, or "" when not confirmed
    preamble: str
    principles: tuple[Principle, ...]
    applies_to: str = ""
    enacted: str = ""  # Royal Assent, YYYY-MM-DD, when recorded
    wording_source: str = ""  # where the wording was read, when it is not the enacted Act
    amended_by: tuple[Amendment, ...] = ()
    duties: tuple[Duty, ...] = ()

    def ids(self) -> list[str]:
        return [p.id for p in self.principles]

    def get(self, pid: str) -> Principle | None:
        return next((p for p in self.principles if p.id == pid), None)

    def when(self) -> str:
        """When the framework applies, in words: 'in force from 2018-04-01', or that it is not yet."""
        if self.status == "in-force":
            return f"in force from {self.commencement}" if self.commencement else "in force"
        start = f"comes into force on {self.commencement}" if self.commencement else \
            "not yet in force (commencement date not confirmed)"
        return f"enacted {self.enacted}, {start}" if self.enacted else start


def in_force(status: str, commencement: dt.date | None, day: dt.date | None) -> bool:
    """Whether a provision applied on `day`: in force with no date known applies on every day."""
    if status != "in-force":
        return False
    return commencement is None or day is None or day >= commencement


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value:
        return dt.date.fromisoformat(value)
    return None


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _amendment(data: dict[str, Any]) -> Amendment:
    return Amendment(by=data["by"], effect=data.get("effect", ""), status=data.get("status", "in-force"),
                     commencement=_date(data.get("commencement")), previous=data.get("previous", ""),
                     wording_source=data.get("wording_source", ""), enacted=_date(data.get("enacted")))


def parse(data: dict[str, Any]) -> Framework:
    """A framework from its YAML data."""
    principles = tuple(
        Principle(p["id"], p["title"], p["wording"], p.get("ref", ""), p.get("citation", ""),
                  amendments=tuple(_amendment(a) for a in p.get("amended_by") or ()))
        for p in data["principles"]
    )
    duties = tuple(
        Duty(d["id"], d["title"], d["wording"], d["citation"], d.get("applies_to", ""), d.get("status", "in-force"),
             _date(d.get("commencement")), d.get("wording_source", ""))
        for d in data.get("duties") or ()
    )
    fields = {k: _text(data.get(k)) for k in
              ("id", "title", "act", "citation", "source", "jurisdiction", "status", "commencement", "preamble",
               "applies_to", "enacted", "wording_source")}
    return Framework(**fields, principles=principles, duties=duties,
                     amended_by=tuple(_amendment(a) for a in data.get("amended_by") or ()))


@cache
def available() -> dict[str, Framework]:
    """Every framework shipped with cpstrat, by id."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    out = {}
    for entry in sorted(resources.files(__name__).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            fw = parse(yaml.load(entry.read_text("utf-8"), Loader=loader))
            out[fw.id] = fw
    return out


def summary(fw: Framework) -> str:
    """One line for `principles --list`: id, citation, when it applies, for whom, and any amendment."""
    line = f"{fw.id}\t{fw.citation}; {fw.when()}; {len(fw.principles)} principles"
    if fw.applies_to:
        line += f"; for {fw.applies_to}"
    for a in fw.amended_by:
        line += f"; amended by {a.by} ({'in force' if a.in_force(None) else 'not yet in force'})"
    if fw.wording_source:
        line += f"; wording: {fw.wording_source}"
    return line


def law(fw: Framework) -> dict[str, Any]:
    """The framework's history as plain data (for --json)."""
    def amendment(a: Amendment) -> dict[str, Any]:
        return {"by": a.by, "effect": a.effect, "status": a.status,
                "commencement": a.commencement.isoformat() if a.commencement else None,
                "previous": a.previous or None, "wording_source": a.wording_source or None,
                "enacted": a.enacted.isoformat() if a.enacted else None}

    return {
        "applies_to": fw.applies_to or None, "enacted": fw.enacted or None,
        "wording_source": fw.wording_source or None,
        "amended_by": [amendment(a) for a in fw.amended_by],
        "duties": [{"id": d.id, "title": d.title, "citation": d.citation, "wording": d.wording,
                    "status": d.status, "commencement": d.commencement.isoformat() if d.commencement else None,
                    "wording_source": d.wording_source or None} for d in fw.duties],
    }


def get(framework_id: str | None, strategy_path: str = "") -> Framework | None:
    """The framework a strategy names: a bundled one by id, or its own file (relative to strategy_path's
    folder); None when there is no such framework or the file cannot be used (file_problem says why)."""
    if is_file(framework_id):
        try:
            return from_file(resolve(framework_id or "", strategy_path))
        except FrameworkFileProblem:
            return None
    return available().get(framework_id or DEFAULT)


# -- a framework of the strategy's own -----------------------------------------------------------

FILE_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 1 << 20  # a framework is a few principles: a megabyte is far above any


class FrameworkFileProblem(Exception):
    """A framework file that cannot be used: what is wrong, and the line (0 when not known)."""

    def __init__(self, problem: str, line: int = 0) -> None:
        super().__init__(problem)
        self.line = line


def is_file(value: str | None) -> bool:
    """Whether a strategy's `framework:` names a file of its own rather than a bundled framework's id."""
    return isinstance(value, str) and value.lower().endswith(FILE_SUFFIXES)


def resolve(value: str, strategy_path: str) -> str:
    """A framework file's path: as written when absolute, else relative to the strategy file's folder."""
    import os

    if os.path.isabs(value) or not strategy_path:
        return value
    return os.path.join(os.path.dirname(strategy_path), value)


def file_problem(value: str, strategy_path: str) -> Any:
    """The diagnostic (CP260) saying why the framework file a strategy names cannot be used, or None."""
    path = resolve(value, strategy_path)
    try:
        from_file(path)
    except FrameworkFileProblem as exc:
        return unusable(path, exc)
    return None


def unusable(path: str, exc: FrameworkFileProblem) -> Any:
    """The diagnostic for a framework file that cannot be used (CP260), at the line of the problem."""
    from cpstrat.format.diagnostics import make

    return make("CP260", path, exc.line, 0, problem=str(exc))


@cache
def from_file(path: str) -> Framework:
    """A framework from a file in the bundled frameworks' shape; FrameworkFileProblem when it is not one."""
    import yaml

    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise FrameworkFileProblem(f"cannot read it ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise FrameworkFileProblem(f"it is more than {MAX_FILE_BYTES // (1 << 20)} MiB")
    try:
        node = yaml.compose(data.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        raise FrameworkFileProblem(f"it is not YAML ({getattr(exc, 'problem', None) or exc})",
                                   mark.line + 1 if mark else 0) from None
    _check_shape(node)
    return parse(yaml.safe_load(data.decode("utf-8")))


# What a framework file must give: the framework's id and title, and each principle's id, title and wording.
FRAMEWORK_KEYS = ("id", "title")
PRINCIPLE_KEYS = ("id", "title", "wording")


def _check_shape(node: Any) -> None:
    import yaml

    def text(mapping: Any, key: str, where: str) -> None:
        value = next((v for k, v in mapping.value if k.value == key), None)
        if not isinstance(value, yaml.ScalarNode) or not str(value.value).strip():
            line = (value or mapping).start_mark.line + 1
            raise FrameworkFileProblem(f"{where} needs `{key}:` with text", line)

    if not isinstance(node, yaml.MappingNode):
        raise FrameworkFileProblem("it is not a mapping of keys (id, title, principles...)",
                                   node.start_mark.line + 1 if node is not None else 0)
    for key in FRAMEWORK_KEYS:
        text(node, key, "the framework")
    principles = next((v for k, v in node.value if k.value == "principles"), None)
    if not isinstance(principles, yaml.SequenceNode) or not principles.value:
        raise FrameworkFileProblem("the framework needs `principles:`, a list of {id, title, wording}",
                                   (principles or node).start_mark.line + 1)
    for i, item in enumerate(principles.value):
        if not isinstance(item, yaml.MappingNode):
            raise FrameworkFileProblem(f"principle {i + 1} is not a mapping of id, title and wording",
                                       item.start_mark.line + 1)
        for key in PRINCIPLE_KEYS:
            text(item, key, f"principle {i + 1}")


def unknown(value: str, file: str = "<command line>", line: int = 0, column: int = 0, suggest: Any=None) -> Any:
    """The diagnostic for a framework id that names no framework (CP028)."""
    from cpstrat.format.diagnostics import make
    from cpstrat.format.diagnostics import suggest as one_suggestion

    known = list(available())
    return make("CP028", file, line, column, value=value, suggestion=(suggest or one_suggestion)(value, known),
                allowed=", ".join(known))


def require(framework_id: str) -> Framework:
    """The framework named on a command line, or CpstratError (CP028) saying which exist."""
    from cpstrat.format.diagnostics import CpstratError

    if is_file(framework_id):  # a framework file of a council's own, relative to the working folder
        try:
            return from_file(framework_id)
        except FrameworkFileProblem as exc:
            raise CpstratError([unusable(framework_id, exc)]) from None
    fw = available().get(framework_id)
    if fw is None:
        raise CpstratError([unknown(framework_id)])
    return fw
