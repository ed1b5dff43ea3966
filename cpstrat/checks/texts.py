"""The published text of a strategy and its progress files, with positions.

Plain-language and personal-data rules read every piece of text that ends up
in a published document; this walk finds them once, in the loaded data (which
keeps line and column), and says where each one is in words a reader follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cpstrat.format import nouns
from cpstrat.format.load import Map, Seq, value_pos

# Keys whose values are ids, codes or references, never prose.
_NOT_PROSE = frozenset({
    "cpstrat", "id", "principles", "priorities", "responds_to", "depends_on", "status", "framework",
    "action", "unit", "allow_names", "glossary", "due", "as_at", "by", "date", "agenda_item", "polarity",
    "cohort", "from", "reports_to", "url", "email", "status_words", "area", "phone", "report_by",
})
# Keys that hold ids (an action's measures, pledges, indicators) or values (a progress file's indicators)
# in one place and objects with prose (the strategy's measures, pledges, indicators) in another.
_IDS_OR_OBJECTS = frozenset({"measures", "pledges", "indicators", "offers"})
# How a list item under these keys is named in a message (format/nouns.yaml).
_ITEM_NAMES = nouns.item_names()


@dataclass(slots=True)
class Text:  # not frozen: one is made for every text of a strategy, and a frozen one costs more to make
    file: str
    where: str  # e.g. "title of action 'A01'"
    key: str  # the key the text sits under (title, summary, achievements, ...)
    owner: str  # the id of the action (or other object) it belongs to, or ""
    value: str
    # where the text sits in the loaded data: its position is looked up only when a rule reports it
    container: object = field(default=None, compare=False, repr=False)
    slot: object = field(default=None, compare=False, repr=False)

    @property
    def line(self) -> int:
        return value_pos(self.container, self.slot)[0]

    @property
    def column(self) -> int:
        return value_pos(self.container, self.slot)[1]


def published(strategy: Any) -> list[Text]:
    """Every prose value in the strategy and its progress files, in file order."""
    out: list[Text] = []
    if strategy is None:
        return out
    if isinstance(strategy.raw, Map):
        _walk(strategy.raw, strategy.path, "the strategy", "", "", out)
    for progress in strategy.progress:
        if isinstance(progress.raw, Map):
            _walk(progress.raw, progress.path, "the progress report", "", "", out)
    return out


def _walk(node: Any, file: str, label: str, key: str, owner: str, out: list[Text]) -> None:
    if isinstance(node, Map):
        if key in _ITEM_NAMES:
            ident = node.get("id", node.get("action"))
            if isinstance(ident, str):
                label, owner = f"{_ITEM_NAMES[key]} '{ident}'", ident
            elif isinstance(node.get("name"), str):
                label = f"{_ITEM_NAMES[key]} '{node['name']}'"
        for k, v in node.items():
            if k in _NOT_PROSE or (k in _IDS_OR_OBJECTS and not _holds_objects(v)):
                continue  # a priority's measure ids, an update's measure values, an action's offer ids
            if isinstance(v, str):
                out.append(Text(file, f"'{k}' of {label}", k, owner, v, node, k))
            elif isinstance(v, (Map, Seq)):
                _walk(v, file, label, k, owner, out)
    elif isinstance(node, Seq):
        for i, item in enumerate(node):
            if isinstance(item, str):
                out.append(Text(file, f"item {i + 1} of '{key}' of {label}", key, owner, item, node, i))
            elif isinstance(item, (Map, Seq)):
                _walk(item, file, label, key, owner, out)


def _holds_objects(value: Any) -> bool:
    return isinstance(value, Seq) and any(isinstance(item, Map) for item in value)


def in_file(raw: Any, file: str, label: str) -> list[Text]:
    """Every prose value of one other loaded file (e.g. the local offer), in file order."""
    out: list[Text] = []
    if isinstance(raw, Map):
        _walk(raw, file, label, "", "", out)
    return out
