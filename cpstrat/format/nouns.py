"""What the things a strategy lists are called (nouns.yaml): in check messages, in papers, in diffs.

The check's messages ("action 'A01'"), the diff's sections and their order, and a paper's counts
("3 actions") all read these words from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Noun:
    key: str  # the key that lists them, e.g. actions
    item: str  # one of them in a check message: action
    one: str  # one of them in a paper: action
    many: str  # several in a paper: actions
    title: str  # the heading of their section in a diff
    compared: bool  # compared by id between two versions


@cache
def nouns() -> dict[str, Noun]:
    """Every listing key's nouns, in the order of nouns.yaml."""
    import yaml

    data: dict[str, dict[str, object]] = yaml.safe_load(
        resources.files("cpstrat.format").joinpath("nouns.yaml").read_text("utf-8"))
    out = {}
    for key, spec in data.items():
        item = str(spec["item"])
        one = str(spec.get("one", item))
        out[key] = Noun(key, item, one, str(spec.get("many", one + "s")), str(spec.get("title", "")),
                        bool(spec.get("compared", False)))
    return out


def compared() -> tuple[str, ...]:
    """The keyed collections a diff compares by id, in report order."""
    return tuple(k for k, n in nouns().items() if n.compared)


def item_names() -> dict[str, str]:
    """Key -> how one item under it is named in a check message."""
    return {k: n.item for k, n in nouns().items()}
