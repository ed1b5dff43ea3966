"""`cpstrat history ID [PATH]`: the commits in which one action changed, and what changed.

Reads every committed version of the strategy file (one `git cat-file
--batch` process for all of them), finds the action by id in each and
compares it with the version before, field by field, as `cpstrat diff` does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cpstrat import diff, gitsource, model, validate
from cpstrat.diagnostics import CpstratError, make
from cpstrat.render.diff_view import show


@dataclass
class Entry:
    commit: str
    date: str
    subject: str
    change: str  # added, changed, removed, unreadable
    status: str | None  # the action's status after this commit
    fields: dict = field(default_factory=dict)  # name -> (old, new)
    title: str = ""

    def to_json(self) -> dict:
        return {"commit": self.commit, "date": self.date, "subject": self.subject, "change": self.change,
                "status": self.status, "title": self.title,
                "fields": {k: {"old": o, "new": n} for k, (o, n) in self.fields.items()}}


def strategy_file(path: Path) -> tuple[Path, str]:
    """The repository root and the strategy file's path in it, for a file or folder on disk."""
    path = Path(path)
    if not path.exists():
        raise CpstratError([make("CP001", str(path))])
    root, _ = gitsource.repo_root(path if path.is_dir() else path.parent, str(path))
    file = path / validate.STRATEGY_FILE if path.is_dir() else path
    try:
        rel = file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise CpstratError([make("CP098", gitsource.WHERE, path=str(file), spec=str(path))]) from None
    return root, rel


def history(action_id: str, path: Path) -> list[Entry]:
    root, rel = strategy_file(path)
    log = gitsource.git(["log", "--reverse", "--date=short", "--format=%H%x1f%ad%x1f%s", "--", rel], cwd=root)
    if log.returncode != 0:
        raise CpstratError([make("CP094", gitsource.WHERE, reason=log.stderr.decode(errors="replace").strip())])
    commits = [line.split("\x1f", 2) for line in log.stdout.decode("utf-8", "replace").splitlines() if line]
    blobs = _read_all(root, [f"{sha}:{rel}" for sha, _, _ in commits])
    entries: list[Entry] = []
    before: diff.Item | None = None
    for (sha, date, subject), blob in zip(commits, blobs):
        try:
            now = _action(blob, action_id, rel)
        except CpstratError:
            entries.append(Entry(sha, date, subject, "unreadable", before and before.fields.get("status")))
            continue
        if now is None and before is None:
            continue
        if now is None:
            entries.append(Entry(sha, date, subject, "removed", None, title=before.label))
        elif before is None:
            entries.append(Entry(sha, date, subject, "added", now.fields.get("status"), title=now.label))
        else:
            changed = diff.compare_items([before], [now], renames=False).changed
            if changed:
                entries.append(Entry(sha, date, subject, "changed", now.fields.get("status"), changed[0].fields, now.label))
        before = now
    if not any(e.change == "added" for e in entries):
        raise CpstratError([make("CP097", gitsource.WHERE, id=action_id, path=rel)])
    return entries


def _action(blob: bytes | None, action_id: str, rel: str) -> diff.Item | None:
    from cpstrat.load import parse

    if blob is None:
        return None
    data = parse(blob.decode("utf-8-sig", "replace"), rel).data
    actions = data.get("actions") if isinstance(data, dict) else None
    for raw in actions if isinstance(actions, list) else ():
        if isinstance(raw, dict) and raw.get("id") == action_id:
            return diff.item(model.build("Action", raw), "title")
    return None


def _read_all(root: Path, names: list[str]) -> list[bytes | None]:
    """The blobs named `commit:path`, read through one `git cat-file --batch`; None for a missing one."""
    if not names:
        return []
    out = gitsource.git(["cat-file", "--batch"], cwd=root, input="".join(n + "\n" for n in names).encode())
    data, pos, blobs = out.stdout, 0, []
    for _ in names:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            blobs.append(None)
            continue
        size = int(header[2])
        blobs.append(data[pos:pos + size])
        pos += size + 1
    return blobs


def render(action_id: str, entries: list[Entry]) -> str:
    """One line per commit that changed the action, then its status over time."""
    title = next((e.title for e in reversed(entries) if e.title), "")
    lines = [f"History of action {action_id}: {title}"]
    for e in entries:
        head = f"{e.date}  {e.commit[:10]}  {e.subject}"
        if e.change == "added":
            lines.append(f"{head}\n    added (status: {show(e.status)})")
        elif e.change == "removed":
            lines.append(f"{head}\n    removed")
        elif e.change == "unreadable":
            lines.append(f"{head}\n    the strategy file could not be read at this commit")
        else:
            lines.append(head)
            lines += [f"    {k}: {show(o, 100)} -> {show(n, 100)}" for k, (o, n) in e.fields.items()]
    statuses = []
    for e in entries:
        if e.change in ("added", "changed", "removed"):
            word = "removed" if e.change == "removed" else show(e.status)
            if not statuses or statuses[-1][0] != word:
                statuses.append((word, e.commit[:10]))
    lines.append("Status over time: " + " -> ".join(f"{w} ({c})" for w, c in statuses))
    return "\n".join(lines)
