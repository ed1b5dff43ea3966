"""`cpstrat history ID [PATH]`: the commits in which one action changed, and what changed.

Reads every committed version of the strategy file (one `git cat-file
--batch` process for all of them), finds the action by id in each and
compares it with the version before, field by field, as `cpstrat diff` does.
For a strategy folder, the action's updates in its progress files are
followed too, since that is where a board sees its status move.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cpstrat.analysis import diff
from cpstrat.format import model
from cpstrat.format.diagnostics import CpstratError, make
from cpstrat.format.files import PROGRESS_DIR, STRATEGY_FILE, not_found
from cpstrat.git import source as gitsource


@dataclass
class Entry:
    commit: str
    date: str
    subject: str
    change: str  # added, changed, removed, unreadable, or progress (only its progress updates changed)
    status: str | None  # the action's status in the strategy after this commit
    fields: dict = field(default_factory=dict)  # strategy field -> (old, new)
    title: str = ""
    progress: dict = field(default_factory=dict)  # progress file name -> {field: (old, new)}

    def to_json(self) -> dict:
        return {"commit": self.commit, "date": self.date, "subject": self.subject, "change": self.change,
                "status": self.status, "title": self.title, "fields": _pairs(self.fields),
                "progress": {name: _pairs(changes) for name, changes in self.progress.items()}}


def _pairs(changes: dict) -> dict:
    return {k: {"old": o, "new": n} for k, (o, n) in changes.items()}


def locate(path: Path) -> tuple[Path, str, str | None]:
    """The repository root, the strategy file's path in it, and its progress folder's (None for a file)."""
    path = Path(path)
    if not path.exists():
        raise CpstratError([not_found(str(path))])
    root, _ = gitsource.repo_root(path if path.is_dir() else path.parent, str(path))
    file = path / STRATEGY_FILE if path.is_dir() else path
    try:
        rel = file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise CpstratError([gitsource.outside_repository(str(file), str(path))]) from None
    folder = rel.rpartition("/")[0]
    progress = (f"{folder}/" if folder else "") + PROGRESS_DIR if path.is_dir() else None
    return root, rel, progress


def history(action_id: str, path: Path) -> list[Entry]:
    root, rel, progress_dir = locate(path)
    paths = [rel] + ([progress_dir] if progress_dir else [])
    log = gitsource.git(["log", "--reverse", "--date=short", "--format=%H%x1f%ad%x1f%s", "--", *paths], cwd=root)
    if log.returncode != 0:
        raise CpstratError([gitsource.git_failed(log.stderr.decode(errors="replace").strip())])
    commits = [line.split("\x1f", 2) for line in log.stdout.decode("utf-8", "replace").splitlines() if line]
    blobs = _read_all(root, [f"{sha}:{rel}" for sha, _, _ in commits])
    entries: list[Entry] = []
    before: diff.Item | None = None
    updates_before: dict = {}
    for (sha, date, subject), blob in zip(commits, blobs, strict=True):
        updates = _updates(root, sha, progress_dir, action_id) if progress_dir else {}
        progress = _progress_changes(updates_before, updates)
        updates_before = updates
        try:
            now = _action(blob, action_id, rel)
        except CpstratError:
            entries.append(Entry(sha, date, subject, "unreadable", before and before.fields.get("status"),
                                 progress=progress))
            continue
        entry = _entry(sha, date, subject, before, now, progress)
        if entry is not None:
            entries.append(entry)
        before = now
    if not any(e.change == "added" for e in entries) and not any(e.progress for e in entries):
        raise CpstratError([make("CP097", gitsource.WHERE, id=action_id, path=rel)])
    return entries


def _entry(sha: str, date: str, subject: str, before: diff.Item | None, now: diff.Item | None,
           progress: dict) -> Entry | None:
    """What one commit did to the action: added, removed, changed or only its progress (None: nothing)."""
    status = now.fields.get("status") if now else None
    title = now.label if now else (before.label if before else "")
    if now is None and before is not None:
        return Entry(sha, date, subject, "removed", None, title=title, progress=progress)
    if now is not None and before is None:
        return Entry(sha, date, subject, "added", status, title=title, progress=progress)
    changed = diff.compare_items([before], [now], renames=False).changed if now and before else []
    if changed or progress:
        return Entry(sha, date, subject, "changed" if changed else "progress", status,
                     changed[0].fields if changed else {}, title, progress)
    return None


def _action(blob: bytes | None, action_id: str, rel: str) -> diff.Item | None:
    from cpstrat.format.load import parse

    if blob is None:
        return None
    data = parse(blob.decode("utf-8-sig", "replace"), rel).data
    actions = data.get("actions") if isinstance(data, dict) else None
    for raw in actions if isinstance(actions, list) else ():
        if isinstance(raw, dict) and raw.get("id") == action_id:
            return diff.item(model.build("Action", raw), "title")
    return None


def _updates(root: Path, sha: str, progress_dir: str, action_id: str) -> dict:
    """Progress file name -> the action's update in it (its fields), at one commit."""
    from cpstrat.format.load import parse

    listing = gitsource.git(["ls-tree", "-z", f"{sha}:{progress_dir}"], cwd=root)
    if listing.returncode != 0:
        return {}
    names = []
    for record in listing.stdout.split(b"\0"):
        info, _, name = record.partition(b"\t")
        text = name.decode("utf-8", "surrogateescape")
        if info.split()[1:2] == [b"blob"] and text.endswith((".yaml", ".yml")):
            names.append(text)
    out = {}
    for name, blob in zip(names, _read_all(root, [f"{sha}:{progress_dir}/{n}" for n in names]), strict=True):
        try:
            data = parse((blob or b"").decode("utf-8-sig", "replace"), name).data
        except CpstratError:
            continue  # a progress file broken at this commit tells nothing about the action
        if isinstance(data, dict):
            for update in diff.snapshot_progress(model.build("Progress", data)).sections["actions"]:
                if update.id == action_id:
                    out[name] = update.fields
                    break
    return out


def _progress_changes(before: dict, after: dict) -> dict:
    """Progress file name -> {field: (old, new)} for the action's updates that differ."""
    out = {}
    for name in sorted({*before, *after}):
        was, now = before.get(name) or {}, after.get(name) or {}
        changes = {k: (was.get(k), now.get(k)) for k in {**was, **now} if was.get(k) != now.get(k)}
        if changes:
            out[name] = changes
    return out


def _read_all(root: Path, names: list[str]) -> list[bytes | None]:
    """The blobs named `commit:path`, read through one `git cat-file --batch`; None for a missing one,
    and for one larger than cpstrat reads any file (asked with --batch-check first, so it is never read)."""
    from cpstrat.format.load import MAX_BYTES

    if not names:
        return []
    request = "".join(n + "\n" for n in names).encode()
    sizes = gitsource.git(["cat-file", "--batch-check"], cwd=root, input=request).stdout.splitlines()
    wanted = [i for i, line in enumerate(sizes[:len(names)])
              if len(parts := line.split()) == 3 and parts[1] == b"blob" and parts[2].isdigit()
              and int(parts[2]) <= MAX_BYTES]
    blobs: list[bytes | None] = [None] * len(names)
    if not wanted:
        return blobs
    out = gitsource.git(["cat-file", "--batch"], cwd=root, input="".join(names[i] + "\n" for i in wanted).encode())
    data, pos = out.stdout, 0
    for i in wanted:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        pos = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        blobs[i] = data[pos:pos + size]
        pos += size + 1
    return blobs
