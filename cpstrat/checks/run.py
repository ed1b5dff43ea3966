"""Checking one strategy: load its files, run every rule, collect the diagnostics into a Result.

The rules, each raised from one place (the text of each is in format/rules.yaml):
  shape.py       each file against the declared format: types, required and unknown keys
  references.py  ids unique, and every id named is declared (the framework too)
  coverage.py    actions with no principle; principles, priorities and asks with no action
  dates.py       the period, and dates within it
  links.py       links are web addresses (http or https)
  scorecard.py   catalogue indicators, the published figures they read, commentary where a figure is worse
  plain.py, privacy.py  warnings on published text (texts.py walks it once for both)
Nothing stops at the first problem.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpstrat.format.load import Source

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from cpstrat.checks import committee, coverage, dates, links, offer, placeholders, references, scorecard, shape, statute
from cpstrat.checks.findings import Findings
from cpstrat.format import model
from cpstrat.format.diagnostics import CpstratError, Diagnostic
from cpstrat.format.files import OFFER_FILE, STRATEGY_FILE, display_path, locate, unreadable
from cpstrat.format.load import load_file, not_a_mapping, parse


@dataclass
class Result:
    """What checking one strategy gave: the model (if it could be built) and diagnostics."""

    path: str
    strategy: model.Strategy | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def add(self, more: list[Diagnostic]) -> None:
        """More diagnostics of the same strategy (e.g. its text warnings, worked out apart), in order."""
        self.diagnostics.extend(more)
        in_order(self.diagnostics, self.strategy.path if self.strategy else self.path)

    @property
    def exit_code(self) -> int:
        return max((d.exit_code for d in self.errors), default=0)

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)


def check(path: Path | str, extra_rules: Any=(), text_rules: bool = True, texts: dict[str, Any] | None = None) -> Result:
    """Load, shape-check and rule-check one strategy (file or folder).

    text_rules=False leaves out the plain-language and personal-data warnings
    (text_warnings): for commands that only read the strategy (compare), or
    work them out apart (build). texts, when given, maps files of the strategy
    (its strategy file, progress files) to text checked in place of what is on
    disk: a merge not yet written. The other files are read where they are.
    """
    path = Path(path)
    alone = offer_alone(path)
    if alone is not None:
        return _check_offer_alone(path, alone, text_rules)
    try:
        main, progress_files = locate(path)
        instead = {Path(p).resolve(): text for p, text in (texts or {}).items()}
        if instead:  # a progress file a merge would add is checked with the others
            known = {p.resolve() for p in progress_files}
            folder = (main.parent / "progress").resolve()
            progress_files = sorted([*progress_files, *(p for p in instead if p.parent == folder and p not in known)])
        source = _load(main, instead)
    except CpstratError as exc:
        return Result(str(path), None, exc.diagnostics)
    except OSError as exc:  # the path itself is unusable, e.g. a name too long for the file system
        return Result(str(path), None, [unreadable(str(path), exc.strerror or str(exc))])
    found = Findings(list(source.diagnostics))
    if not isinstance(source.data, dict):
        found.out.append(not_a_mapping(source.path, source.data))
        return Result(str(path), None, found.out)
    shape.check(source.data, "Strategy", source.path, found)
    strategy = model.build("Strategy", source.data, path=source.path)
    progress = []
    for pfile in progress_files:
        try:
            psource = _load(pfile, instead)
        except CpstratError as exc:
            found.out.extend(exc.diagnostics)
            continue
        found.out.extend(psource.diagnostics)
        if not isinstance(psource.data, dict):
            found.out.append(not_a_mapping(psource.path, psource.data))
            continue
        shape.check(psource.data, "Progress", psource.path, found, words=set(strategy.status_words))
        progress.append(model.build("Progress", psource.data, strategy.status_words, path=psource.path))
    progress.sort(key=lambda p: (p.as_at or dt.date.min, p.path))
    strategy = dataclasses.replace(strategy, progress=tuple(progress))
    offer_file = main.parent / OFFER_FILE
    if main.name == STRATEGY_FILE and offer_file.is_file():
        lo = offer.load(offer_file, display_path(offer_file), found.out)
        if lo is not None:
            strategy = dataclasses.replace(strategy, local_offer=lo)
            found.out.extend(offer.rules(lo))
    dates.check(strategy, found)
    references.check(strategy, found)
    coverage.check(strategy, found)
    committee.check(strategy, found)
    links.check(strategy, found)
    strategy = scorecard.check(strategy, main.parent, found)
    out = found.out
    out.extend(placeholders.check(strategy))
    out.extend(offer.action_offers(strategy))
    out.extend(statute.changed_in_force(strategy, dt.date.today()))
    if text_rules:
        out.extend(text_warnings(strategy))
    for rule in extra_rules:
        out.extend(rule(strategy))
    in_order(out, source.path)
    return Result(str(path), strategy, out)


def _load(file: Path, instead: dict[Path, Any]) -> Source:
    """A file of the strategy as loaded: from the text given in its place (check(texts=...)), or from disk."""
    text = instead.get(file.resolve()) if instead else None
    return load_file(file, display_path(file)) if text is None else parse(text, display_path(file))


def text_warnings(strategy: model.Strategy) -> list[Diagnostic]:
    """The rules on published text, CP050-CP069 and CP185 (plain language and personal data; both read one walk).

    All are warnings but CP185 (a child identified), so a build works them out while it renders
    (check(text_rules=False)) and writes nothing until it has them."""
    from cpstrat.checks import plain, privacy, texts

    out = []
    if strategy.raw is not None:
        items = texts.published(strategy)
        out += [*plain.check(strategy, items), *privacy.check(strategy, items)]
    lo = strategy.local_offer
    if lo is not None and lo.raw is not None:
        out += privacy.identifying(strategy, texts.in_file(lo.raw, lo.path, "the local offer"))
    return out


def in_order(diagnostics: list[Diagnostic], main: str) -> None:
    """The order every report lists a strategy's diagnostics in: its main file first, then by place and code."""
    diagnostics.sort(key=lambda d: (d.file != main, d.file, d.line, d.column, d.code))


def offer_alone(path: Path) -> Path | None:
    """The local-offer.yaml to check on its own: given directly, or in a folder with no strategy.yaml."""
    try:
        if path.is_dir() and not (path / STRATEGY_FILE).exists() and (path / OFFER_FILE).is_file():
            return path / OFFER_FILE
        if path.name == OFFER_FILE and path.is_file() and not (path.parent / STRATEGY_FILE).exists():
            return path
    except OSError:
        return None
    return None


def _check_offer_alone(path: Path, file: Path, text_rules: bool = True) -> Result:
    out: list[Diagnostic] = []
    lo = offer.load(file, display_path(file), out)
    if lo is not None:
        out.extend(offer.rules(lo))
        alone = model.Strategy(path="", local_offer=lo)
        out.extend(placeholders.check(alone))
        if text_rules:
            out.extend(text_warnings(alone))
    out.sort(key=lambda d: (d.file, d.line, d.column, d.code))
    if lo is None:
        return Result(str(path), None, out)
    return Result(str(path), model.Strategy(path=display_path(file), council=lo.council, local_offer=lo), out)
