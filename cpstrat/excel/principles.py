"""Principles as a spreadsheet names them ("Principle 5", "(e)", "high aspirations") -> framework ids.

A name is mapped only when exactly one principle fits it; otherwise the text
is kept, so that `cpstrat check` reports it as an unknown principle (with a
did-you-mean) and the officer decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cpstrat.format.frameworks import Principle

_STOP = {"to", "the", "and", "of", "those", "children", "young", "people", "for", "their", "in", "a", "an",
         "principle", "principles", "cpp", "make", "use", "them", "be", "that", "they", "help", "on", "with",
         "section", "s", "corporate", "parenting", "act", "2017"}


@dataclass
class Mapped:
    ids: list[str]  # principle ids, or the kept text where no single principle fits
    unmapped: list[tuple[str, list[str]]]  # (text, candidate ids) for each part not mapped


def _words(text: str) -> set[str]:
    text = re.sub(r"well[- ]being", "wellbeing", text.lower())
    words = re.findall(r"[a-z]+", text)
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in _STOP}


def _candidates(part: str, principles: list[Principle]) -> list[str]:
    text = part.strip().strip(".").strip()
    low = text.lower()
    ids = [p.id for p in principles]
    if low in ids:
        return [low]
    if low in ("all", "all principles", "all of the above", "all seven", "all 7"):
        return [p.id for p in principles if not p.local]
    slug = re.sub(r"[^a-z0-9]+", "-", low).strip("-")
    if slug in ids:
        return [slug]
    if m := re.fullmatch(r"(?:principle\s*)?(?:s\.?\s*1\s*\(1\)\s*)?\(?([a-z])\)?", low):
        return [p.id for p in principles if p.ref.strip("()").lower() == m[1]]
    if m := re.fullmatch(r"(?:principle|cpp|no\.?)?\s*(\d+)", low):
        n = int(m[1])
        statutory = [p for p in principles if not p.local]
        return [statutory[n - 1].id] if 1 <= n <= len(statutory) else []
    for p in principles:
        if low == p.title.lower() or low == p.wording.lower():
            return [p.id]
    words = _words(text)
    if not words:
        return []
    return [p.id for p in principles if words <= _words(f"{p.id.replace('-', ' ')} {p.title} {p.wording}")]


def map_principles(cell, principles: list[Principle]) -> Mapped:
    """Each principle named in one cell, mapped to an id where exactly one fits."""
    text = str(cell).strip()
    if not text:
        return Mapped([], [])
    whole = _candidates(text, principles)
    if len(whole) == 1 or (len(whole) > 1 and text.lower().startswith("all")):
        return Mapped(whole, [])
    ids: list[str] = []
    unmapped: list[tuple[str, list[str]]] = []
    for part in (p for p in re.split(r"[;\n\r•·|]+", text) if p.strip()):
        found = _candidates(part, principles)
        if len(found) == 1:
            _add(ids, found[0])
            continue
        pieces = [q for q in re.split(r",|\band\b|&|/|\+", part) if q.strip()]
        mapped = [_candidates(q, principles) for q in pieces]
        if len(pieces) > 1 and all(len(m) == 1 for m in mapped):
            for m in mapped:
                _add(ids, m[0])
            continue
        kept = " ".join(part.split())
        _add(ids, kept)
        unmapped.append((kept, found))
    return Mapped(ids, unmapped)


def _add(ids: list[str], value: str) -> None:
    if value not in ids:
        ids.append(value)
