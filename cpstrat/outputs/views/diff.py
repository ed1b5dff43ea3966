"""What every diff format shows, in words: section names and values as readers see them.

Shared by the text and Markdown renderers so both say the same thing.
"""

from __future__ import annotations

from cpstrat.format.nouns import nouns

NONE = "(none)"


def show(value, limit: int | None = None) -> str:
    """A field value in words: lists comma-separated, unset as (none), long text cut at `limit`."""
    if value is None:
        text = NONE
    elif isinstance(value, list):
        text = ", ".join(show(v) for v in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{k}: {show(v)}" for k, v in value.items())
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    else:
        text = " ".join(str(value).split())
    if limit and len(text) > limit:
        text = text[: limit - 3].rstrip() + "..."
    return text


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def counts(keyed) -> str:
    parts = [f"{len(keyed.added)} added", f"{len(keyed.removed)} removed", f"{len(keyed.changed)} changed"]
    if keyed.renamed:
        parts.append(f"{len(keyed.renamed)} likely renamed")
    return ", ".join(parts)


def status_lines(diff) -> list[str]:
    """'3 actions moved to complete (A01, A02, A03)', one line per status moved to."""
    out = []
    for status, moves in diff.moved_to():
        ids = ", ".join(m.id for m in moves[:12]) + (f", ... ({len(moves) - 12} more)" if len(moves) > 12 else "")
        out.append(f"{plural(len(moves), 'action', 'actions')} moved to {status} ({ids})")
    return out


def coverage_lines(diff) -> list[str]:
    """'adulthood (to prepare ... for adulthood): 5 -> 3 actions'."""
    return [f"{pid}: {old} -> {plural(new, 'action', 'actions')}" for pid, (_, old, new) in diff.coverage.items()]


def titles(diff, name: str) -> str:
    return nouns()[name if diff.kind == "strategy" else "updates"].title
