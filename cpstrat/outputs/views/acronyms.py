"""The glossary section every generated Word document ends with: the acronyms it uses.

Renderers pass all the text they wrote; only acronyms that appear in it and
have a known expansion (shipped glossary, then the strategy's own) are listed.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from cpstrat.checks import glossary


class Document(Protocol):
    """What the glossary needs of a document: a heading and a table (word/docxlib.py's Document has both)."""

    def heading(self, text: str, level: int) -> None: ...

    def table(self, header: Any, rows: Any, caption: str) -> Any: ...

# Where an acronym (glossary.ACRONYM) can begin: a capital, then a capital or '&', or a lower-case
# letter and a capital. Every acronym starts so (tests/test_web_pages.py checks).
ACRONYM_START = re.compile(r"[A-Z](?:[A-Z&]|[a-z][A-Z])")


def add_glossary(doc: Document, texts, local: dict | None = None, level: int = 1,
                 heading: str = "Glossary of acronyms") -> list[tuple[str, str]]:
    """Add a heading and a two-column table of the acronyms in texts; nothing when there are none."""
    used = glossary.used(lines_with_acronyms(texts), local)
    if used:
        doc.heading(heading, level)
        doc.table(["Acronym", "What it stands for"], [[a, meaning] for a, meaning in used],
                  caption="Acronyms used in this document")
    return used


def lines_with_acronyms(texts) -> list[str]:
    """The lines of the texts in which an acronym may stand, in order. glossary.find and glossary.used
    give the same acronyms for them as for the texts (an acronym never spans a line break, and the
    pattern takes one as it takes the end of a text), and a document's text has few such lines."""
    out = []
    for text in texts:
        if not text:
            continue
        seen = 0
        for candidate in ACRONYM_START.finditer(text):
            at = candidate.start()
            if at < seen:
                continue
            seen = text.find("\n", at)
            seen = len(text) if seen < 0 else seen
            out.append(text[text.rfind("\n", 0, at) + 1:seen])
    return out
