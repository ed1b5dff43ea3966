"""Flesch reading ease, from a small rule-based syllable counter.

textstat would be the usual choice, but importing it takes about 2.4 s (it
pulls in nltk) and for English it needs the CMU dictionary downloaded from
the network at run time; `cpstrat check` must start in well under a second
and work offline. Flesch's formula needs only counts of sentences, words and
syllables, and a vowel-group counter is within a syllable or so of a
dictionary on the words strategies use (tests/test_plain_language.py checks
it against hand-counted words).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_SENTENCE_END = re.compile(r"[.!?;:]+(?=\s|$)")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Endings that add a syllable the vowel groups miss (stud-i-o, so-ci-al is one: handled below).
_EXTRA = re.compile(r"(?:[^aeiou]ia|io[^nu]|ie[rt]|iet|ii|[^aeiou]uo|ium|ious$|uous$|eous$|ying|[^gq]ual)")
_SILENT_E = re.compile(r"(?:[^aeiouy]e|[^aeiouycsgzh]es|[^dt]ed)$")
# A silent e before a suffix (achievement, safely, careful): drop it.
_SILENT_E_SUFFIX = re.compile(r"(?<=[^aeiou][^aeiou])e(?=(?:ment|ments|ly|ful|ness|less|hold|holders?)$)|"
                              r"(?<=[aeiou][^aeiou])e(?=(?:ment|ments|ly|ful|ness|less|holders?)$)")
_ONE_SYLLABLE_ENDINGS = re.compile(r"(?:tion|sion|cian|tial|cial|cious|tious|geous|ceous)")


@lru_cache(maxsize=16384)  # a strategy uses a few thousand words, over and over
def syllables(word: str) -> int:
    """Syllables in one word, by vowel groups with corrections for common English spellings."""
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if word.isupper() or len(w) <= 3:
        return 1
    stem = _SILENT_E.sub(lambda m: m.group(0)[0], _SILENT_E_SUFFIX.sub("", w))
    if w.endswith("le") and len(w) > 2 and w[-3] not in "aeiouy":
        stem = w[:-2] + "l" + "a"  # -ble, -tle: a syllable of its own
    count = len(_VOWEL_GROUP.findall(stem))
    count += len(_EXTRA.findall(_ONE_SYLLABLE_ENDINGS.sub("x", stem)))
    return max(1, count)


def counts(text: str) -> tuple[int, int, int]:
    """Sentences, words and syllables in text.

    An acronym counts as one syllable: whether it is spelled out is a rule of its
    own, and counting its letters would mark the same fault twice.
    """
    words = _WORD.findall(text)
    sentences = max(1, len(_SENTENCE_END.findall(text.strip())) + (not re.search(r"[.!?;:]\s*$", text.strip())))
    total = 0
    for word in words:
        total += syllables(word)
    return sentences, len(words), total


def reading_ease(text: str) -> float | None:
    """Flesch reading ease (higher is easier; 60-70 is plain English), or None for text with no words."""
    sentences, words, syl = counts(text)
    if not words:
        return None
    return round(206.835 - 1.015 * (words / sentences) - 84.6 * (syl / words), 1)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))
