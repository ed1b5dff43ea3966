"""Acronyms: the shipped glossary, a strategy's own, and finding them in text.

The shipped list (data/glossary.yaml) says what common sector acronyms stand
for; a strategy's `glossary:` adds to it or overrides it. The plain-language
check and every generated document's glossary read acronyms through here.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

# Two or more capitals, at most one lower-case letter among them (CiCC, DfE),
# and an optional plural s (PCSOs). '&' joins letters in A&E.
ACRONYM = _ACRONYM = re.compile(r"(?<![\w&'’-])([A-Z](?:[A-Z&]|[a-z](?=[A-Z])){1,7}[A-Z]|[A-Z]{2})(s?)(?![\w&'’-])")
_ROMAN = frozenset({"II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII"})


@cache
def _data() -> dict[str, Any]:
    import yaml

    text = resources.files("cpstrat").joinpath("data/glossary.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data


@cache
def shipped() -> tuple[dict[str, Any], frozenset[str]]:
    """(acronym -> expansion, acronyms every reader knows, honours included) from data/glossary.yaml."""
    data = _data()
    return dict(data["acronyms"]), frozenset([*data["common"], *data.get("honours", ())])


@cache
def field_terms() -> frozenset[str]:
    """The field's own words (corporate, apprenticeships...), lower-case: never offered for replacing."""
    return frozenset(w.lower() for term in _data().get("field_terms", ()) for w in re.findall(r"[\w-]+", term))


def in_capitals(text: str, start: int, end: int) -> bool:
    """True when the word at text[start:end] stands beside another word in capitals: a heading or
    title written in capitals (CORPORATE PARENTING PLAN), where capitals are not acronyms."""
    gap = r"(?:[\s:,/-]|[0-9]+)+"  # spaces, punctuation and numbers (PLAN 2024 TO 2027)
    before = re.search(rf"([A-Za-z][A-Za-z&'’-]*){gap}$", text[max(0, start - 40):start])
    after = re.match(rf"{gap}([A-Za-z][A-Za-z&'’-]*)", text[end:end + 40])
    return any(m and len(m.group(1)) >= 2 and m.group(1).isupper() for m in (before, after))


def find(text: str) -> list[tuple[str, int]]:
    """Acronyms in text, singular form, with their offsets, in order."""
    out = []
    for m in _ACRONYM.finditer(text):
        word = m.group(1)
        if word in _ROMAN:
            continue
        out.append((word, m.start()))
    return out


def merged(local: dict[str, Any]) -> dict[str, str]:
    """The shipped expansions with a strategy's own glossary laid over them."""
    expansions, _ = shipped()
    return {**expansions, **{str(k): str(v) for k, v in (local or {}).items()}}


def is_common(acronym: str) -> bool:
    return acronym in shipped()[1]


def expansion(acronym: str, local: dict[str, Any] | None = None) -> str | None:
    table = merged(local or {})
    if acronym in table:
        return str(table[acronym])
    if acronym.endswith("s") and acronym[:-1] in table:
        return str(table[acronym[:-1]]) + "s"
    return None


def used(texts: list[str], local: dict[str, Any] | None = None) -> list[tuple[str, str]]:
    """(acronym, expansion) for every acronym the texts use that has a known expansion, sorted.

    This is the glossary a generated document prints: only what it uses.
    """
    seen: dict[str, str] = {}
    for text in dict.fromkeys(texts):  # a document repeats its cells (ids, leads, statuses) many times
        for acronym, _ in find(text or ""):
            if acronym in seen or is_common(acronym):
                continue
            meaning = expansion(acronym, local)
            if meaning:
                seen[acronym] = meaning
    return sorted(seen.items(), key=lambda kv: kv[0].lower())


# A capitalised word right after an acronym ("LAC Health Steering Group", "WV Active"), or right
# before it when that word does not open the sentence ("Midlands Regional HMP group"): a name.
_NAME_AFTER = re.compile(r" (?!I\b)[A-Z][\w'’&-]*")
_WORD_BEFORE = re.compile(r"([A-Z][a-z][\w'’&-]*) $")


def in_name(text: str, start: int, end: int) -> bool:
    """Whether the acronym at text[start:end] is part of a proper name, which must be left as written."""
    if _NAME_AFTER.match(text, end):
        return True
    before = _WORD_BEFORE.search(text, 0, start)
    if before is None:
        return False
    opener = text[: before.start()].rstrip()
    return bool(opener) and opener[-1] not in ".!?:;(\"“‘"


def spell_out(text: str, local: dict[str, Any] | None = None, done: set[str] | None = None, names: bool = False) -> str:
    """Text with each known acronym written out in full (its first use as 'Full words (ABC)').

    `done` carries the acronyms already spelled out earlier in the same document. With `names`, an
    acronym inside a proper name ("WV Active") is left as written: a glossary explains it instead.
    """
    done = set() if done is None else done

    def replace(m: re.Match[str]) -> str:
        word, plural = m.group(1), m.group(2)
        if word in _ROMAN or is_common(word) or names and in_name(m.string, m.start(), m.end()):
            return m.group(0)
        if m.string[m.start() - 1: m.start()] == "(" and m.string[m.end(): m.end() + 1] == ")":
            done.add(word + plural)  # already defined here: "Total Respect (TR)"
            return m.group(0)
        meaning = expansion(word + plural, local) if plural else expansion(word, local)
        if not meaning:
            return m.group(0)
        if word + plural in done:
            return meaning
        done.add(word + plural)
        return f"{meaning} ({word}{plural})"

    return _ACRONYM.sub(replace, text)
