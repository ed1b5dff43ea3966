"""Issued papers as records: a progress file with `issued: DATE`, read back as it was issued.

An issued paper never changes, so building it later must give what the board
was given: the plan (and every other file the report reads) as committed in git
when the paper was issued, not as it stands today. The record is found in git:

- the last commit dated on or before the issued day in which the progress file
  says `issued: DATE` (the paper as issued, and the plan as it stood beside it);
- else, when the file was first committed as issued only after that day, the plan
  as committed on or before the issued day (or, when nothing was committed by then,
  as committed with the paper), with the file as first committed;
- else (the file not committed yet), the plan as committed on or before the
  issued day, with the file as it is on disk (and a reminder to commit it).

Dates are the committer's, in the committer's own time zone, read as days: a
commit on the issued day counts. Where no record can be found (no git, nothing
committed by then), CP183 says why and what to do, and nothing is built.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cpstrat.format.diagnostics import CpstratError, Diagnostic, make
from cpstrat.format.files import PROGRESS_DIR, STRATEGY_FILE
from cpstrat.format.load import value_pos
from cpstrat.git import source as gitsource

# A snapshot holds the strategy folder's files: at most this many, and this many bytes in all.
MAX_FILES = 5_000
MAX_TOTAL = 200 * 2**20


@dataclass
class Record:
    """Where an issued paper's record was found: the commit of its plan and, if another, of the file."""

    name: str  # the progress file's name, e.g. 2026-09-30.yaml
    issued: dt.date
    plan_commit: str
    plan_date: str
    file_commit: str | None  # None: the file is not committed yet and is read from disk
    file_date: str
    blob: bytes  # the progress file as issued
    late: bool = False  # nothing was committed by the issued day: the plan is the one committed with the paper

    def note(self, display: str) -> str:
        """The one line a build prints about the record of the progress file shown as `display`."""
        if self.late:
            line = (f"{display}: issued on {self.issued}, read as issued, with the plan as committed in git "
                    f"with it on {self.plan_date} (commit {self.plan_commit[:10]}; nothing was committed by "
                    f"{self.issued})")
        else:
            line = (f"{display}: issued on {self.issued}, read as issued, with the plan as committed in git "
                    f"on {self.plan_date} (commit {self.plan_commit[:10]})")
        if self.file_commit is None:
            line += "; the file itself is not committed yet: commit it to keep the record"
        return line


class Repository:
    """The repository a strategy folder is in, and what its history says about issued papers."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        out = gitsource.git(["rev-parse", "--show-toplevel"], cwd=self.folder)
        if out.returncode != 0:
            raise NotInGit(f"{self.folder} is not in a git repository")
        self.root = Path(out.stdout.decode("utf-8", "surrogateescape").strip())
        try:
            rel = self.folder.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            raise NotInGit(f"{self.folder} is outside its git repository") from None
        self.rel = "" if rel == "." else rel
        log = gitsource.git(["log", "--format=%H %cd", "--date=short", "HEAD", "--"], cwd=self.root)
        # newest first; empty for a repository with no commit yet
        self.commits = [tuple(line.split(" ", 1)) for line in log.stdout.decode().splitlines() if " " in line] \
            if log.returncode == 0 else []

    def path(self, *parts: str) -> str:
        return posixpath.join(self.rel, *parts) if self.rel else posixpath.join(*parts)

    def last_by(self, day: dt.date) -> tuple[str, str] | None:
        """The newest commit dated on or before `day`."""
        return next(((sha, when) for sha, when in self.commits if when <= day.isoformat()), None)

    def versions(self, rel: str) -> list[tuple[str, str, bytes | None]]:
        """(commit, date, blob) of every commit that changed the file `rel`, newest first."""
        from cpstrat.git.history import _read_all

        log = gitsource.git(["log", "--format=%H %cd", "--date=short", "HEAD", "--", rel], cwd=self.root)
        found = [line.split(" ", 1) for line in log.stdout.decode().splitlines() if " " in line] \
            if log.returncode == 0 else []
        blobs = _read_all(self.root, [f"{sha}:{rel}" for sha, _ in found])
        return [(sha, when, blob) for (sha, when), blob in zip(found, blobs, strict=True)]

    def has(self, commit: str, rel: str) -> bool:
        return gitsource.git(["cat-file", "-e", f"{commit}:{rel}"], cwd=self.root).returncode == 0

    def record(self, progress_file: Path, issued: dt.date) -> Record:
        """The record of the issued progress file; RecordMissing when git cannot give one."""
        name = progress_file.name
        rel = self.path(PROGRESS_DIR, name)
        as_issued = [(sha, when, blob) for sha, when, blob in self.versions(rel) if _issued_in(blob) == issued]
        on_time = [v for v in as_issued if v[1] <= issued.isoformat()]
        plan: tuple[str, str] | None
        strategy = self.path(STRATEGY_FILE)
        by_then = self.last_by(issued)
        if by_then is not None and not self.has(by_then[0], strategy):
            by_then = None
        late = False
        if on_time:
            sha, when, blob = on_time[0]
            plan = (sha, when)
            file_commit, file_date = sha, when
        elif as_issued:  # first committed as issued only after the day: the file as first committed
            file_commit, file_date, blob = as_issued[-1]
            # the plan as it stood on the day; when none was committed by then, as the paper was committed
            late = by_then is None
            plan = by_then or (file_commit, file_date)
        else:
            file_commit, file_date = None, ""
            blob = progress_file.read_bytes()
            plan = by_then
        if plan is None:
            raise RecordMissing(f"no commit on or before {issued} holds {strategy}, and {rel} is not committed "
                                "as issued", f"commit {rel} as the board was given it (with the plan); "
                                "while the paper is a draft, leave `issued:` out")
        if not self.has(plan[0], strategy):
            raise RecordMissing(f"{strategy} is not in the commit that issued the paper "
                                f"({plan[0][:10]}, {plan[1]})", "commit the plan as the board saw it; while the "
                                "paper is a draft, leave `issued:` out")
        return Record(name, issued, plan[0], plan[1], file_commit, file_date, blob or b"", late)

    def materialise(self, record: Record, into: Path) -> Path:
        """The strategy folder as the record holds it, written under `into`; the folder to check."""
        from cpstrat.git.history import _read_all

        tree = f"{record.plan_commit}:{self.rel}" if self.rel else record.plan_commit
        out = gitsource.git(["ls-tree", "-r", "-z", tree], cwd=self.root)
        if out.returncode != 0:
            raise RecordMissing(f"git could not list {self.rel or 'the repository'} at {record.plan_commit[:10]}",
                                "check the repository with `git status` and `git log`")
        entries = []
        for item in out.stdout.split(b"\0"):
            info, _, name = item.partition(b"\t")
            parts = info.split()
            if len(parts) == 3 and parts[1] == b"blob" and parts[0] != b"120000":  # no symbolic links
                entries.append(name.decode("utf-8", "surrogateescape"))
        if len(entries) > MAX_FILES:
            raise RecordMissing(f"the strategy folder held {len(entries)} files then, more than cpstrat reads "
                                f"({MAX_FILES})", "keep the strategy folder to the strategy's own files")
        folder = into / (self.folder.resolve().name or "strategy")
        blobs = _read_all(self.root, [f"{record.plan_commit}:{self.path(e)}" for e in entries])
        total = 0
        for entry, blob in zip(entries, blobs, strict=True):
            if blob is None:
                continue
            total += len(blob)
            if total > MAX_TOTAL:
                raise RecordMissing(f"the strategy folder held more than {MAX_TOTAL // 2**20} MB then",
                                    "keep large data files out of the strategy folder")
            target = folder / entry
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blob)
        progress = folder / PROGRESS_DIR / record.name
        progress.parent.mkdir(parents=True, exist_ok=True)
        progress.write_bytes(record.blob)
        return folder


class NotInGit(Exception):
    """The strategy folder is not in a git repository (or git cannot read it)."""


class RecordMissing(Exception):
    def __init__(self, reason: str, hint: str):
        super().__init__(reason)
        self.reason, self.hint = reason, hint


def _issued_in(blob: bytes | None) -> dt.date | None:
    """The `issued:` date a version of a progress file gives (None if none, or unreadable)."""
    from cpstrat.format.load import parse

    if not blob:
        return None
    try:
        data = parse(blob.decode("utf-8-sig", "replace"), "progress").data
    except CpstratError:
        return None
    value = data.get("issued") if isinstance(data, dict) else None
    return value if isinstance(value, dt.date) else None


def issued_chain(strategy, upto=None) -> list:
    """The issued progress files among a strategy's reports (up to and including `upto`)."""
    reports = list(strategy.progress)
    if upto is not None and upto in reports:
        reports = reports[: reports.index(upto) + 1]
    return [p for p in reports if p.issued and p.path]


def unavailable(progress, reason: str, hint: str) -> Diagnostic:
    line, column = value_pos(progress.raw, "issued")
    return make("CP183", progress.path, line, column, issued=progress.issued, reason=reason, hint=hint)


class Snapshots:
    """The issued papers of one strategy as records, each checked as a strategy of its own.

    as_issued() gives {progress file name: the strategy as that paper was issued}, what the
    view-model reads earlier reports from; notes() the lines a build prints. The snapshots are
    written to a temporary folder, removed by close().
    """

    def __init__(self, strategy_path: Path):
        self.strategy_path = Path(strategy_path)
        self.scratch: Path | None = None
        self.repo: Repository | None = None
        self.found: dict[str, object] = {}
        self.lines: list[str] = []

    def as_issued(self, reports) -> dict:
        """The strategy as each issued report in `reports` was issued; CpstratError (CP183) when one cannot be."""
        from cpstrat.checks.run import check

        for progress in reports:
            name = Path(progress.path).name
            if name in self.found:
                continue
            try:
                if self.repo is None:
                    self.repo = Repository(self.strategy_path)
                record = self.repo.record(Path(self.strategy_path) / PROGRESS_DIR / name, progress.issued)
                if self.scratch is None:
                    self.scratch = Path(tempfile.mkdtemp(prefix="cpstrat-issued-"))
                into = self.scratch / str(len(self.found))
                into.mkdir()
                folder = self.repo.materialise(record, into)
            except NotInGit as exc:
                raise CpstratError([unavailable(
                    progress, f"{exc}, and an issued paper is rebuilt from the plan as committed in git",
                    "put the strategy folder in git and commit it as the board saw it (git init, git add, "
                    "git commit); while the paper is a draft, leave `issued:` out")]) from None
            except RecordMissing as exc:
                raise CpstratError([unavailable(progress, exc.reason, exc.hint)]) from None
            result = check(folder, text_rules=False)
            if result.strategy is None or result.errors:
                first = result.errors[0] if result.errors else None
                raise CpstratError([unavailable(
                    progress, f"the plan as committed on {record.plan_date} (commit {record.plan_commit[:10]}) "
                              f"has errors" + (f", the first: {first.message}" if first else ""),
                    "the record cannot be rebuilt as it stands; check it out with "
                    f"`git worktree add ../as-issued {record.plan_commit[:10]}` to see it")]) from None
            self.found[name] = result.strategy
            self.lines.append(record.note(progress.path))
        return dict(self.found)

    def changed(self, strategy) -> list[Diagnostic]:
        """CP182 for each issued paper of the strategy changed since it was issued (what `check` reports)."""
        return changed_since_issued(strategy)

    def close(self) -> None:
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None


def changed_since_issued(strategy) -> list[Diagnostic]:
    """CP182 for each issued progress file that differs from the file as committed when it was issued."""
    reports = issued_chain(strategy)
    if not reports or not strategy.path:
        return []
    folder = Path(strategy.path).parent
    try:
        repo = Repository(folder)
    except (NotInGit, CpstratError):
        return []  # the build says why it cannot rebuild such a paper; check has nothing to compare
    out = []
    for progress in reports:
        path = Path(progress.path)
        try:
            record = repo.record(folder / PROGRESS_DIR / path.name, progress.issued)
            now = (folder / PROGRESS_DIR / path.name).read_bytes()
        except (RecordMissing, OSError):
            continue
        if record.file_commit is None or now == record.blob:
            continue
        line, what = _first_difference(record.blob, now)
        out.append(make("CP182", progress.path, line, 1, issued=progress.issued, commit=record.file_commit[:10],
                        date=record.file_date, what=what, path=repo.path(PROGRESS_DIR, path.name)))
    return out


def _first_difference(old: bytes, new: bytes) -> tuple[int, str]:
    a = old.decode("utf-8", "replace").splitlines()
    b = new.decode("utf-8", "replace").splitlines()
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i + 1, f"line {i + 1} was {x.strip()[:60]!r}"
    if len(b) > len(a):
        return len(a) + 1, f"lines were added from line {len(a) + 1}"
    return max(len(b), 1), f"lines were removed after line {len(b)}"

