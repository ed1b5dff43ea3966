"""A diff as Markdown, to paste into a board paper: headings and tables with header rows."""

from __future__ import annotations

from cpstrat.outputs.views.diff import counts, show, status_lines, titles
from cpstrat.util.escape import md_inline


def render(diff, old_label: str, new_label: str) -> str:
    out = [f"# Changes from {_cell(old_label)} to {_cell(new_label)}", ""]
    _body(diff, out, level=2)
    if not diff.differs:
        out += ["No changes.", ""]
    return "\n".join(out).rstrip() + "\n"


def _body(diff, out: list[str], level: int) -> None:
    h = "#" * level
    if diff.meta:
        out += [f"{h} {'Strategy' if diff.kind == 'strategy' else 'Report'}", "",
                "| Field | Before | After |", "|---|---|---|"]
        out += [f"| {name} | {_cell(show(old))} | {_cell(show(new))} |" for name, (old, new) in diff.meta.items()]
        out.append("")
    for name, keyed in diff.sections.items():
        if not keyed:
            continue
        title = titles(diff, name)
        out += [f"{h} {title}", "", f"{counts(keyed).capitalize()}.", "",
                "| Id | Change | Field | Before | After |", "|---|---|---|---|---|"]
        renamed = {r.old: r for r in keyed.renamed}
        renamed_to = {r.new for r in keyed.renamed}
        for item in keyed.added:
            if item.id not in renamed_to:
                out.append(f"| {_cell(item.id)} | added | | | {_cell(item.label)} |")
        for item in keyed.removed:
            r = renamed.get(item.id)
            if r is None:
                out.append(f"| {_cell(item.id)} | removed | | {_cell(item.label)} | |")
            else:
                out.append(f"| {_cell(r.old)} -> {_cell(r.new)} | likely renamed | id "
                           f"| {_cell(r.old)} | {_cell(r.new)} |")
                out += [f"| {_cell(r.new)} | likely renamed | {f} | {_cell(show(o))} | {_cell(show(n))} |"
                        for f, (o, n) in r.fields.items()]
        for change in keyed.changed:
            out += [f"| {_cell(change.id)} | changed | {f} | {_cell(show(o))} | {_cell(show(n))} |"
                    for f, (o, n) in change.fields.items()]
        out.append("")
    moves = status_lines(diff)
    if moves:
        out += [f"{h} Status", ""] + [f"- {_cell(m)}" for m in moves] + [""]
    if diff.coverage:
        out += [f"{h} Principle coverage", "", "| Principle | Actions before | Actions after |", "|---|---|---|"]
        out += [f"| {_cell(pid)} ({_cell(title)}) | {old} | {new} |"
                for pid, (title, old, new) in diff.coverage.items()]
        out.append("")
    if diff.values:
        out += [f"{h} Measure values", "", "| Action | Measure | Before | After |", "|---|---|---|---|"]
        out += [f"| {_cell(v.action)} | {_cell(v.measure)} | {show(v.old)} | {show(v.new)} |" for v in diff.values]
        out.append("")
    if diff.progress_added or diff.progress_removed or diff.progress_changed:
        out += [f"{h} Progress files", ""]
        out += [f"- added {_cell(n)}" for n in diff.progress_added]
        out += [f"- removed {_cell(n)}" for n in diff.progress_removed]
        out.append("")
        for name, sub in diff.progress_changed.items():
            out += [f"{h}# Progress file {_cell(name)}", ""]
            _body(sub, out, min(level + 2, 6))


def _cell(text) -> str:
    """Text safe inside a Markdown table cell, heading or list item: one line, no structure, blanks collapsed."""
    return md_inline(" ".join(str(text).split()))
