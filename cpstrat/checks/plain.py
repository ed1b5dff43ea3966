"""Plain-language warnings: hard-to-read actions, unexpanded acronyms, vague actions.

Strategies are read by children, care leavers, carers and councillors; these
rules point at text that shuts them out. All are warnings (codes CP050-CP059,
catalogued in rules.yaml), so a strategy with them still passes `check`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpstrat.checks.texts import Text
    from cpstrat.format.model import Strategy

import re
from functools import cache
from importlib import resources

from cpstrat.checks import glossary, texts
from cpstrat.checks.readability import reading_ease, word_count
from cpstrat.format.diagnostics import Diagnostic, make
from cpstrat.format.load import value_pos

# Flesch reading ease below this marks an action's text as hard to read
# (30 is the conventional edge of "very difficult", graduate-level text).
DEFAULT_READING_EASE = 30
# Shorter texts give Flesch scores that swing on one long word ("Access to
# affordable transport" scores 12), so they are not scored.
MIN_WORDS = 10
# (key, words, other keys that also give it): an expected outcome in words, or the plan-level
# indicators an action moves, measure it as well as numeric measures do
SMART_PARTS = (("lead", "lead", ()), ("due", "due date", ()), ("measures", "measure", ("outcome", "indicators")))


def check(strategy: Strategy, items: list[Text] | None=None) -> list[Diagnostic]:
    """Every plain-language warning for a strategy and its progress files.

    items: its published texts (texts.published), when the caller has already walked them.
    """
    if strategy is None:
        return []
    return [*hard_to_read(strategy), *unexpanded_acronyms(strategy, items), *vague_actions(strategy),
            *young_peoples_words(strategy)]


def threshold(strategy: Any) -> float:
    value = strategy.reading_ease_min
    return DEFAULT_READING_EASE if value is None else value


def hard_to_read(strategy: Any) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    minimum = threshold(strategy)
    if minimum <= 0:
        return out  # 0 turns the rule off (Flesch scores go below 0 for the densest text)
    for action in strategy.actions:
        for key in ("title", "description"):
            text = getattr(action, key)
            if not text or word_count(text) < MIN_WORDS or action.raw is None:
                continue
            score = reading_ease(text)
            if score is not None and score < minimum:
                line, col = value_pos(action.raw, key)
                out.append(make("CP050", strategy.path, line, col, id=action.id, key=key, score=score,
                                minimum=minimum, words=_longest_words(text)))
    return out


def _longest_words(text: str) -> str:
    from cpstrat.checks.readability import syllables

    own = glossary.field_terms()
    words = sorted({w for w in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text) if w.lower() not in own},
                   key=lambda w: (-syllables(w), w))
    return ", ".join(f"'{w}'" for w in words[:3] if syllables(w) >= 3) or "long sentences"


def unexpanded_acronyms(strategy: Strategy, items: list[Text] | None=None) -> list[Diagnostic]:
    """One warning per acronym, at its first use, unless the strategy spells it out somewhere."""
    items = texts.published(strategy) if items is None else items
    local = {str(k) for k in strategy.glossary}
    whole = lowered = ""  # all the text, joined only when an acronym is first looked for in it
    out, seen = [], set()
    found_in: dict[str, list[tuple[str, int]]] = {}  # leads, partners and measures repeat from action to action
    for item in items:
        found = found_in.get(item.value)
        if found is None:
            found = found_in[item.value] = glossary.find(item.value) if _may_hold_acronym(item.value) else []
        for acronym, start in found:
            if acronym in seen:
                continue
            if acronym in local or acronym.rstrip("s") in local or glossary.is_common(acronym):
                continue
            if glossary.in_capitals(item.value, start, start + len(acronym)) and not glossary.expansion(acronym):
                continue  # a word of a title in capitals, unless it is a known acronym
            seen.add(acronym)
            if not whole:
                whole = "\n".join(t.value for t in items)
                lowered = whole.lower()
            if re.search(rf"\(\s*{re.escape(acronym)}s?\s*[),;]", whole):
                continue  # defined in the text: "Personal Education Plan (PEP)"
            meaning = glossary.expansion(acronym)
            if meaning and meaning.lower() in lowered:
                continue
            line, col = item.line, item.column
            known = f" (it usually stands for {meaning})" if meaning else ""
            example = meaning or "what it stands for"
            out.append(make("CP051", item.file, line, col, acronym=acronym, where=item.where, known=known,
                            example=example))
    return out


# Every acronym glossary.find finds holds a capital after a letter or '&' (CP, DfE, A&E): text without one is skipped.
_may_hold_acronym = re.compile(r"[A-Za-z&][A-Z]").search


def vague_actions(strategy: Any) -> list[Diagnostic]:
    """One warning per action that lacks a lead, a due date or a measure, naming all that are missing."""
    out = []
    for action in strategy.actions:
        if action.raw is None or action.status == "dropped":
            continue
        # read the file's keys: a due date that is there but invalid is an error already, not "no due date"
        missing = [(key, words) for key, words, keys in _SMART_KEYS if _all_empty(action.raw, keys)]
        if not missing:
            continue
        line, col = value_pos(action.raw, "id")
        names = [words for _, words in missing]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
        keys = ", ".join(f"`{key}:`" for key, _ in missing)
        out.append(make("CP052", strategy.path, line, col, id=action.id, missing=listed, keys=keys))
    return out


_SMART_KEYS = [(key, words, (key, *others)) for key, words, others in SMART_PARTS]


def _all_empty(raw: Any, keys: Any) -> bool:
    for k in keys:
        if raw.get(k) not in (None, "", [], {}):
            return False
    return True


# -- council words in what young people read (CP250) --------------------------------------------------

@cache
def plainer_words() -> list[tuple[re.Pattern[str], str, str]]:
    """(pattern, the council's word, a plainer way to say it), longest first, from data/young_people.yaml."""
    import yaml

    text = resources.files("cpstrat").joinpath("data/young_people.yaml").read_text("utf-8")
    phrases = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))["phrases"]
    return [(re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.I), word, plain)
            for word, plain in sorted(phrases.items(), key=lambda kv: -len(kv[0]))]


@cache
def _lowered_words() -> tuple[str, ...]:
    return tuple(word.lower() for _, word, _ in plainer_words())


def council_words(text: str) -> list[tuple[str, str]]:
    """(the word as the text writes it, a plainer way to say it) for each council word in text."""
    found: list[tuple[str, str]] = []
    taken: list[tuple[int, int]] = []
    lowered = text.lower()
    if not any(word in lowered for word in _lowered_words()):  # most titles hold none: plain substring tests first
        return found
    for pattern, _, plain in plainer_words():
        for m in pattern.finditer(text):
            # "looked after children" is found once, not again as "looked after child"
            if not any(a <= m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
                found.append((m.group(0), plain))
                break
    return found


def council_word_warnings(file: str, places: list[tuple[Any, str, Any, str, bool]], plain_key: str,
                          document: str = "young people's version",
                          readers: str = "young people") -> list[Diagnostic]:
    """CP250 for each (container, key, text, where, has_plain) whose text uses a council word and has no plain
    version; plain_key names the key that would hold one ('' when the document has none for that text)."""
    out = []
    for container, key, text, where, has_plain in places:
        if has_plain or not isinstance(text, str) or not text:
            continue
        found = council_words(text)
        if not found:
            continue
        words = ", ".join(f"'{w}' (plainer: {p})" for w, p in found)
        how = (f"write it in young people's words in `{plain_key}:` beside it; the document prints that, and "
               f"your words stay as written everywhere else" if plain_key else
               "the document prints your words as written: say it more plainly here if readers may not know it")
        out.append(make("CP250", file, *value_pos(container, key), where=where, words=words, how=how,
                        document=document, readers=readers))
    return out


def young_peoples_words(strategy: Any) -> list[Diagnostic]:
    """CP250 on the titles and measures the young people's version prints as written (no plain version)."""
    titles, measures, pledges = [], [], []
    for action in strategy.actions:
        if action.raw is None or action.status == "dropped":
            continue
        titles.append((action.raw, "title", action.title, f"the title of action '{action.id}'",
                       bool(action.plain_title)))
        for m in action.measures:
            if m.raw is not None:
                measures.append((m.raw, "text", m.text, f"measure '{m.id}'", bool(m.plain_text)))
    for pledge in strategy.pledges:
        if pledge.raw is not None:
            pledges.append((pledge.raw, "text", pledge.text, f"pledge '{pledge.id}'", bool(pledge.plain_text)))
    return [*council_word_warnings(strategy.path, titles, "plain_title"),
            *council_word_warnings(strategy.path, measures, "plain_text"),
            *council_word_warnings(strategy.path, pledges, "plain_text")]
