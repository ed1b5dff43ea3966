"""Recognising spreadsheet headers, status words and status colours (data in columns.yaml)."""

from __future__ import annotations

import colorsys
import re
from functools import cache
from importlib import resources

FIELDS_IN_ORDER = ("id", "title", "description", "principles", "priorities", "lead", "partners", "due",
                   "status", "measures", "target", "baseline", "unit", "update", "notes")
# Very short variants match only a whole header; so do those listed under
# exact_only in columns.yaml ("How we will know" is not a "how" column).
_MIN_CONTAINED = 3


@cache
def data() -> dict:
    import yaml

    text = resources.files("cpstrat.excel").joinpath("columns.yaml").read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def norm(text) -> str:
    """Lower case, punctuation dropped, spaces collapsed: how headers and words are compared."""
    text = str(text).lower().replace("&", " and ")
    text = re.sub(r"\(s\)", "s", text)
    if text.strip() == "#":
        return "#"
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


@cache
def _variants() -> list[tuple[str, str]]:
    pairs = [(norm(v), f) for f, vs in data()["fields"].items() for v in vs]
    return sorted(pairs, key=lambda p: -len(p[0]))


def exact_field(header) -> str | None:
    """The field a header names word for word (no containment), or None."""
    h = norm(header)
    return next((name for variant, name in _variants() if h == variant), None)


def field_for(header) -> str | None:
    """The cpstrat field a column header names, or None."""
    h = norm(header)
    if not h:
        return None
    for variant, name in _variants():
        if h == variant:
            return name
    padded = f" {h} "
    exact = {norm(v) for v in data().get("exact_only", ())}
    for variant, name in _variants():
        if len(variant) >= _MIN_CONTAINED and variant not in exact and f" {variant} " in padded:
            return name
    return None


@cache
def _status_words() -> dict[str, str]:
    return {norm(w): status for status, words in data()["statuses"].items() for w in words} | \
        {norm(s): s for s in data()["statuses"]}


def status_for(word) -> tuple[str | None, bool]:
    """(status, ambiguous) for the text of a status cell; (None, False) when not recognised.

    Two status words in one cell ("Amber/Green") give the more cautious one,
    flagged ambiguous so the caller keeps the original word.
    """
    text = norm(word)
    if not text:
        return None, False
    words = _status_words()
    if text in words:
        return words[text], False
    found = []
    for part in re.split(r"\s*(?:/|-|\bto\b|\bor\b|\band\b|,)\s*", str(word).lower()):
        status = words.get(norm(part))
        if status and status not in found:
            found.append(status)
    if not found:
        return None, False
    order = data()["caution_order"]
    found.sort(key=order.index)
    return found[0], len(found) > 1


def colour_word(rgb: str | None) -> str | None:
    """The RAG word a fill colour ('FFC000' or 'FFFFC000') stands for, or None."""
    if not rgb or not re.fullmatch(r"[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?", rgb):
        return None
    rgb = rgb[-6:]
    r, g, b = (int(rgb[i:i + 2], 16) / 255 for i in (0, 2, 4))
    hue, light, sat = colorsys.rgb_to_hls(r, g, b)
    spec = data()["colours"]
    if sat < spec["min_saturation"] or light > 0.97 or light < 0.05:
        return None
    degrees = hue * 360
    for low, high, word in spec["hues"]:
        if low <= degrees < high:
            return None if word == "none" else word
    return None
