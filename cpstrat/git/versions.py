"""The two versions a diff compares: each read from a path or from git, checked, and snapshotted.

A version is checked exactly as `cpstrat check` would check it, so a diff
sees the same model; one with ordinary check errors is still compared (the
caller says so), one that cannot be read at all is not. Large versions are
read in parallel, one in a forked process, because parsing dominates.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from cpstrat.analysis import diff
from cpstrat.checks import shape
from cpstrat.checks.findings import Findings
from cpstrat.checks.run import check
from cpstrat.format import model
from cpstrat.format.diagnostics import CpstratError, Diagnostic
from cpstrat.format.files import STRATEGY_FILE, display_path
from cpstrat.format.load import load_file, not_a_mapping
from cpstrat.git import source as gitsource
from cpstrat.util.background import cpus

# Both versions together above this size are read in two processes.
PARALLEL_BYTES = 512 * 1024
# A progress file has `as_at:` at the top and none of a strategy's own keys.
_PROGRESS_KEY = re.compile(r"^as_at[ \t]*:", re.M)
_STRATEGY_KEY = re.compile(r"^(council|actions|period|vision|voices|priorities)[ \t]*:", re.M)


@dataclass
class Version:
    label: str
    snapshot: diff.Snapshot | None  # None when the version could not be read at all
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # the version in a reader's words: 'the version of strategies/x committed on 6 March 2024 (commit 1a2b3c4)'
    described: str = ""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def load(spec: str, cwd: Path | str | None = None) -> Version:
    """Read, check and snapshot one version: a path, or REV:path from git."""
    cwd = Path(cwd or Path.cwd())
    try:
        if not gitsource.is_git_spec(spec, cwd):
            return _load_path(cwd / spec, spec)
        ref = gitsource.resolve(spec, cwd)
        with tempfile.TemporaryDirectory(prefix="cpstrat-diff-") as tmp:
            target = gitsource.materialise(ref, Path(tmp))
            version = _load_path(target, spec)
            shown = f"{ref.rev}:{ref.path}" if ref.path else f"{ref.rev}:"
            version.diagnostics = [_relabel(d, str(target), shown) for d in version.diagnostics]
            version.described = gitsource.described(ref)
            return version
    except CpstratError as exc:
        return Version(spec, None, exc.diagnostics)


def _relabel(d: Diagnostic, temporary: str, shown: str) -> Diagnostic:
    if d.file.startswith(temporary):
        rest = d.file[len(temporary):].lstrip("/")
        name = shown + ("/" if rest and not shown.endswith(":") else "") + rest if rest else shown
        return dataclasses.replace(d, file=name)
    return d


def _load_path(path: Path, label: str) -> Version:
    if path.is_file() and is_progress_file(path):
        return _load_progress(path, label)
    result = check(path, text_rules=False)  # plain-language warnings do not change what differs
    if result.strategy is None:
        return Version(label, None, result.diagnostics)
    return Version(label, diff.snapshot_strategy(result.strategy), result.diagnostics, f"the version in {label}")


def is_progress_file(path: Path) -> bool:
    try:
        head = path.read_bytes()[:65536].decode("utf-8", "replace")
    except OSError:
        return False
    return bool(_PROGRESS_KEY.search(head)) and not _STRATEGY_KEY.search(head)


def _load_progress(path: Path, label: str) -> Version:
    source = load_file(path, display_path(path))
    out = list(source.diagnostics)
    if not isinstance(source.data, dict):
        out.append(not_a_mapping(source.path, source.data))
        return Version(label, None, out)
    shape.check(source.data, "Progress", source.path, Findings(out))
    progress = model.build("Progress", source.data, path=source.path)
    return Version(label, diff.snapshot_progress(progress), out, f"the version in {label}")


def load_pair(old: str, new: str, cwd: Path | str | None = None) -> tuple[Version, Version]:
    """Both versions; the old one in a forked process when they are large and there is a spare CPU."""
    cwd = Path(cwd or Path.cwd())
    if _size(old, cwd) + _size(new, cwd) < PARALLEL_BYTES or cpus() < 2:
        return load(old, cwd), load(new, cwd)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: starting a fresh interpreter costs more than it saves
        return load(old, cwd), load(new, cwd)
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        pending = pool.submit(load, old, cwd)
        second = load(new, cwd)
        return pending.result(), second


def _size(spec: str, cwd: Path) -> int:
    """Bytes of the strategy a version names; a git version counts as large (its size is not known cheaply)."""
    path = cwd / spec
    try:
        if path.is_dir():
            path = path / STRATEGY_FILE
        return path.stat().st_size
    except OSError:
        return PARALLEL_BYTES if gitsource.is_git_spec(spec, cwd) else 0
