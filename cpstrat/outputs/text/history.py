"""`cpstrat history` as text: one block per commit that changed an action, then its status over time."""

from __future__ import annotations

from cpstrat.analysis.status import in_words
from cpstrat.outputs.views.diff import show


def render(action_id: str, entries: list, now: dict | None = None) -> str:
    """One block per commit that changed the action, then its status: in the strategy over time, at each
    report, and its one current status (`now`, from commands.history)."""
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
    lines.append("Status in the strategy file over time: " + " -> ".join(f"{w} ({c})" for w, c in statuses))
    now = now or {}
    if now.get("reports"):
        lines.append("Status at each report: " + "; ".join(
            f"{_day(r['as_at'])}: {in_words(r['status']) if r['status'] else 'Not reported'}" for r in now["reports"]))
    if "current_status" in now:
        current = now["current_status"]
        lines.append("Current status: " + (f"{in_words(current['status']) if current['status'] else 'Not set'} "
                                           f"(from {current['from']})" if current else "removed from the plan"))
    return "\n".join(lines)


def _day(iso: str | None) -> str:
    import datetime as dt

    from cpstrat.format.types import day_in_words

    return day_in_words(dt.date.fromisoformat(iso)) if iso else "no date"
