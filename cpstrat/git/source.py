"""Reading files from git revisions safely: `REV:path` as a user types it.

A revision typed by a user can carry git options (`--output=FILE` makes
`git show` write a file), so git is always run with an argument list (never
a shell), a revision starting with '-' is refused outright, and it is
resolved with `git rev-parse --verify --end-of-options REV^{commit}` to a
commit id before anything else sees it. Every later git call names objects
by that id, so no user text reaches git in a place an option could.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cpstrat.format.diagnostics import CpstratError, Diagnostic, make
from cpstrat.format.files import no_strategy_file, not_found
from cpstrat.format.types import day_in_words

WHERE = "<command line>"


@dataclass(frozen=True)
class GitRef:
    """A file or folder at a commit: `spec` as typed, `commit` resolved, `path` from the repository root."""

    spec: str
    rev: str
    commit: str
    path: str  # "" for the repository root
    root: Path


def git(args: list[str], cwd: Path | str | None = None, input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run git with an argument list; git's own pager, prompts and colour are off."""
    # Literal pathspecs: a file name is never read as pathspec magic such as ":(glob)".
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_PAGER": "cat", "LC_ALL": "C", "GIT_LITERAL_PATHSPECS": "1"}
    try:
        return subprocess.run(["git", "-c", "color.ui=never", *args], cwd=cwd, input=input,
                              capture_output=True, env=env)
    except FileNotFoundError:
        if cwd is not None and not Path(cwd).is_dir():
            raise CpstratError([not_found(str(cwd))]) from None
        raise CpstratError([git_failed("the git program is not installed")]) from None


def git_failed(reason: str) -> Diagnostic:
    return make("CP094", WHERE, reason=reason)


def outside_repository(path: str, spec: str) -> Diagnostic:
    return make("CP098", WHERE, path=path, spec=spec)


def is_git_spec(spec: str, cwd: Path) -> bool:
    """True when `spec` means REV:path (a path that exists on disk always wins, as in git)."""
    if (cwd / spec).exists():
        return False
    rev, sep, _ = spec.partition(":")
    return bool(sep and rev)


def repo_root(cwd: Path, spec: str) -> tuple[Path, str]:
    """The repository's top folder and cwd's path inside it ('' at the top, else ending in '/')."""
    out = git(["rev-parse", "--show-toplevel", "--show-prefix"], cwd=cwd)
    if out.returncode != 0:
        raise CpstratError([make("CP093", WHERE, spec=spec)])
    lines = out.stdout.decode("utf-8", "surrogateescape").splitlines()
    return Path(lines[0]), (lines[1] if len(lines) > 1 else "")


def resolve(spec: str, cwd: Path | str = ".") -> GitRef:
    """Check and resolve `REV:path`; raise CpstratError (exit 2) for a refused or unknown revision or path."""
    cwd = Path(cwd)
    rev, _, path = spec.partition(":")
    if rev.startswith("-") or any(ord(c) < 32 or c == "\x7f" for c in rev):
        raise CpstratError([make("CP091", WHERE, rev=rev)])
    root, prefix = repo_root(cwd, spec)
    found = git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], cwd=cwd)
    if found.returncode != 0:
        raise CpstratError([make("CP090", WHERE, rev=rev)])
    commit = found.stdout.decode().strip()
    return GitRef(spec, rev, commit, repo_path(path, prefix, spec), root)


def described(ref: GitRef) -> str:
    """The version as a reader names it: 'the version of strategies/dudley committed on 6 March 2024
    (commit 1a2b3c4)', never the revision as typed (HEAD~2 means nothing on paper, and moves)."""
    where = ref.path or "the repository"
    shown = git(["show", "-s", "--format=%cI%x00%h", ref.commit], cwd=ref.root)
    try:
        stamp, short = shown.stdout.decode("utf-8", "replace").strip().split("\0")
        day = day_in_words(dt.date.fromisoformat(stamp[:10]))
    except ValueError:  # git said something else: the commit id is still a name a reader can look up
        return f"the version of {where} at commit {ref.commit[:7]}"
    return f"the version of {where} committed on {day} (commit {short})"


def repo_path(path: str, prefix: str, spec: str) -> str:
    """`path` from the repository root; `./x` and `../x` are from the current folder, as git reads them."""
    if path.startswith(("./", "../")) or path in (".", ".."):
        path = prefix + path
    norm = posixpath.normpath(path) if path else ""
    if norm == ".":
        norm = ""
    if norm.startswith("../") or norm == ".." or norm.startswith("/"):
        raise CpstratError([outside_repository(path, spec)])
    return norm


def object_type(ref: GitRef, path: str | None = None) -> str | None:
    """'blob', 'tree' or None for a path at the commit."""
    path = ref.path if path is None else path
    out = git(["cat-file", "-t", f"{ref.commit}:{path}"], cwd=ref.root)
    return out.stdout.decode().strip() if out.returncode == 0 else None


def read_blob(ref: GitRef, path: str) -> bytes:
    """The file at the commit; refused (CP006) before reading when larger than cpstrat reads any file."""
    from cpstrat.format import load

    size = git(["cat-file", "-s", f"{ref.commit}:{path}"], cwd=ref.root)
    if size.returncode == 0 and size.stdout.strip().isdigit() and int(size.stdout) > load.MAX_BYTES:
        raise CpstratError([load.too_large(f"{ref.rev}:{path}", int(size.stdout))])
    out = git(["cat-file", "blob", f"{ref.commit}:{path}"], cwd=ref.root)
    if out.returncode != 0:
        raise CpstratError([make("CP092", WHERE, path=path or ".", rev=ref.rev)])
    return out.stdout


def list_tree(ref: GitRef, path: str) -> list[tuple[str, str]]:
    """(type, name) of the entries of a folder at the commit."""
    out = git(["ls-tree", "-z", f"{ref.commit}:{path}" if path else ref.commit], cwd=ref.root)
    if out.returncode != 0:
        return []
    entries = []
    for record in out.stdout.split(b"\0"):
        if record:
            info, _, name = record.partition(b"\t")
            entries.append((info.split()[1].decode(), name.decode("utf-8", "surrogateescape")))
    return entries


def materialise(ref: GitRef, into: Path) -> Path:
    """Write the strategy file or folder at the commit under `into`; return the path to check.

    A folder gives its strategy.yaml and progress/*.yaml (or .yml), the files a strategy
    is made of; anything else in it is left in git.
    """
    kind = object_type(ref)
    name = posixpath.basename(ref.path) or ref.root.name or "strategy"
    if kind == "blob":
        target = into / name
        target.write_bytes(read_blob(ref, ref.path))
        return target
    if kind != "tree":
        raise CpstratError([make("CP092", WHERE, path=ref.path or ".", rev=ref.rev)])
    folder = into / name
    folder.mkdir()
    inside = [n for t, n in list_tree(ref, ref.path) if t == "blob"]
    if "strategy.yaml" not in inside:
        raise CpstratError([no_strategy_file(ref.spec)])
    join = (lambda *p: posixpath.join(ref.path, *p)) if ref.path else posixpath.join
    text = read_blob(ref, join("strategy.yaml"))
    (folder / "strategy.yaml").write_bytes(text)
    _published_files(ref, join, folder, text)
    if ("tree", "progress") in list_tree(ref, ref.path):
        (folder / "progress").mkdir()
        for t, n in list_tree(ref, join("progress")):
            if t == "blob" and n.endswith((".yaml", ".yml")) and "/" not in n:
                (folder / "progress" / n).write_bytes(read_blob(ref, join("progress", n)))
    return folder


def _published_files(ref: GitRef, join, folder: Path, text: bytes) -> None:
    """The published figures' CSVs the strategy's indicators name (`data: file:`), from the same commit, so a
    version's scorecard reads the figures it was committed with. A name outside the folder is left for check."""
    from cpstrat.format import load, published

    try:
        data = load.parse(text.decode("utf-8"), "strategy.yaml").data
    except (CpstratError, UnicodeDecodeError):
        return  # check reports the strategy file itself
    indicators = data.get("indicators") if isinstance(data, dict) else None
    for ind in indicators if isinstance(indicators, list) else ():
        where = ind.get("data") if isinstance(ind, dict) else None
        name = where.get("file") if isinstance(where, dict) else None
        if not isinstance(name, str) or name.startswith("/") or ".." in name.split("/"):
            continue
        size = git(["cat-file", "-s", f"{ref.commit}:{join(name)}"], cwd=ref.root)
        if size.returncode != 0 or not size.stdout.strip().isdigit() or int(size.stdout) > published.MAX_BYTES:
            continue  # not in the commit, or past the budget: check says so of the file it finds (or not)
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        blob = git(["cat-file", "blob", f"{ref.commit}:{join(name)}"], cwd=ref.root)
        if blob.returncode == 0:
            target.write_bytes(blob.stdout)
