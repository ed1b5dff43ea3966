"""Placeholder text `cpstrat init` writes, still in a file (CP184, an error: build publishes nothing while any remains).

Every placeholder the starter files hold is marked `(replace this)` (format/skeleton.py writes the marker),
so one rule finds them all, in any key of any file: the strategy, its progress files and the local offer.
"First action for:" at the start of a title is the placeholder of starter files written before the marker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cpstrat.format.model import Strategy

import re

from cpstrat.format.diagnostics import Diagnostic, make
from cpstrat.format.load import Map, Seq, value_pos
from cpstrat.format.skeleton import PLACEHOLDER

CODE = "CP184"  # a build --draft lets this one error through (outputs/publish.py)
_FOUND = re.compile(rf"{re.escape(PLACEHOLDER)}|^First action for: ", re.IGNORECASE)


def check(strategy: Strategy) -> list[Diagnostic]:
    """CP184 at each value that still holds a placeholder, in the strategy, its progress files and local offer."""
    out: list[Diagnostic] = []
    if strategy is None:
        return out
    files = [(strategy.raw, strategy.path)] + [(p.raw, p.path) for p in strategy.progress]
    if strategy.local_offer is not None:
        files.append((strategy.local_offer.raw, strategy.local_offer.path))
    for raw, path in files:
        if isinstance(raw, (Map, Seq)):
            _walk(raw, path, "", out)
    return out


def _walk(node: Map | Seq, path: str, key: str, out: list[Diagnostic]) -> None:
    stack = [(node, key)]
    while stack:
        box, name = stack.pop()
        items = box.items() if isinstance(box, Map) else enumerate(box)
        found = []
        for slot, value in items:
            if isinstance(value, str):
                if ("eplace" in value or "EPLACE" in value or value.startswith("First")) and _FOUND.search(value):
                    found.append((slot, value))
            elif isinstance(value, (Map, Seq)):
                stack.append((value, slot if isinstance(slot, str) else name))
        for slot, value in found:
            line, column = value_pos(box, slot)
            label = slot if isinstance(slot, str) else name
            out.append(make(CODE, path, line, column, key=label, text=_short(value)))


def _short(text: str) -> str:
    return text if len(text) <= 70 else text[:67] + "..."
