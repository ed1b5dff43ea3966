"""`cpstrat history` as text: one block per commit that changed an action, then its status over time."""

from __future__ import annotations

from cpstrat.outputs.views.diff import show


def render(action_id: str, entries: list) -> str:
    """One block per commit that changed the action, then its status over time."""
    title = next((e.title for e in reversed(entries) if e.title), "")
    lines = [f"History of action {action_id}: {title}"]
    for e in entries:
        lines.append(f"{e.date}  {e.commit[:10]}  {e.subject}")
        if e.change == "added":
            lines.append(f"    added (status: {show(e.status)})")
        elif e.change == "removed":
            lines.append("    removed")
        elif e.change == "unreadable":
            lines.append("    the strategy file could not be read at this commit")
        lines += [f"    {k}: {show(o, 100)} -> {show(n, 100)}" for k, (o, n) in e.fields.items()]
        for name, changes in e.progress.items():
            lines += [f"    progress {name}: {k}: {show(o, 100)} -> {show(n, 100)}" for k, (o, n) in changes.items()]
    statuses: list[tuple[str, str]] = []
    for e in entries:
        if e.change in ("added", "changed", "removed"):
            word = "removed" if e.change == "removed" else show(e.status)
            if not statuses or statuses[-1][0] != word:
                statuses.append((word, e.commit[:10]))
    lines.append("Status over time: " + " -> ".join(f"{w} ({c})" for w, c in statuses))
    reported = {}
    for e in entries:
        for name, changes in e.progress.items():
            if "status" in changes:
                reported[name] = changes["status"][1]
    if reported:
        lines.append("Status in progress reports: " + "; ".join(f"{n}: {show(s)}" for n, s in sorted(reported.items())))
    return "\n".join(lines)
