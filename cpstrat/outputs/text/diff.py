"""A diff as text for a terminal: rich markup when colour is on, plain text otherwise.

Every change is said in words (added, removed, changed) as well as marked,
so nothing depends on colour.
"""

from __future__ import annotations

from cpstrat.outputs.views.diff import counts, coverage_lines, show, status_lines, titles

LIMIT = 120
_STYLE = {"added": "green", "removed": "red", "changed": "yellow", "renamed": "cyan", "head": "bold"}


def render(diff, old_label: str, new_label: str, colour: bool = False) -> str:
    lines: list[tuple[str, str]] = []
    add = lines.append
    add(("head", f"Changes from {old_label} to {new_label}"))
    _body(diff, add, indent="")
    if not diff.differs:
        add(("", "No changes."))
    return "\n".join(_line(style, text, colour) for style, text in lines)


def _body(diff, add, indent: str) -> None:
    if diff.meta:
        add(("head", f"{indent}{'Strategy' if diff.kind == 'strategy' else 'Report'}"))
        for name, (old, new) in diff.meta.items():
            add(("changed", f"{indent}  changed {name}: {show(old, LIMIT)} -> {show(new, LIMIT)}"))
    for name, keyed in diff.sections.items():
        if keyed:
            _section(diff, name, keyed, add, indent)
    moves = status_lines(diff)
    if moves:
        add(("head", f"{indent}Status"))
        for text in moves:
            add(("", f"{indent}  {text}"))
    if diff.coverage:
        add(("head", f"{indent}Principle coverage"))
        for text in coverage_lines(diff):
            add(("", f"{indent}  {text}"))
    if diff.values:
        add(("head", f"{indent}Measure values"))
        for v in diff.values:
            add(("changed", f"{indent}  {v.action} {v.measure}: {show(v.old)} -> {show(v.new)}"))
    if diff.progress_added or diff.progress_removed or diff.progress_changed:
        _progress_files(diff, add, indent)


def _section(diff, name: str, keyed, add, indent: str) -> None:
    """One section's items: added, removed or likely renamed, and changed, each with its fields."""
    add(("head", f"{indent}{titles(diff, name)}: {counts(keyed)}"))
    renamed = {r.old: r for r in keyed.renamed}
    renamed_to = {r.new for r in keyed.renamed}
    for item in keyed.added:
        if item.id not in renamed_to:
            add(("added", f"{indent}  + added {item.id}: {show(item.label, LIMIT)}"))
    for item in keyed.removed:
        r = renamed.get(item.id)
        if r is None:
            add(("removed", f"{indent}  - removed {item.id}: {show(item.label, LIMIT)}"))
            continue
        how = "same text" if r.similarity == 1 else f"{round(r.similarity * 100)}% similar text"
        add(("renamed", f"{indent}  > likely renamed {r.old} -> {r.new} ({how}): {show(r.label, LIMIT)}"))
        for field, (old, new) in r.fields.items():
            add(("renamed", f"{indent}      {field}: {show(old, LIMIT)} -> {show(new, LIMIT)}"))
    for change in keyed.changed:
        add(("changed", f"{indent}  ~ changed {change.id}: {show(change.label, LIMIT)}"))
        for field, (old, new) in change.fields.items():
            add(("changed", f"{indent}      {field}: {show(old, LIMIT)} -> {show(new, LIMIT)}"))


def _progress_files(diff, add, indent: str) -> None:
    add(("head", f"{indent}Progress files"))
    for name in diff.progress_added:
        add(("added", f"{indent}  + added {name}"))
    for name in diff.progress_removed:
        add(("removed", f"{indent}  - removed {name}"))
    for name, sub in diff.progress_changed.items():
        add(("changed", f"{indent}  ~ changed {name}"))
        _body(sub, add, indent + "    ")


def _line(style: str, text: str, colour: bool) -> str:
    if not colour or not style:
        return text.replace("[", "\\[") if colour else text
    tag = _STYLE[style]
    return f"[{tag}]{text.replace('[', chr(92) + '[')}[/{tag}]"
