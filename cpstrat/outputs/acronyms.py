"""The glossary section every generated Word document ends with: the acronyms it uses.

Renderers pass all the text they wrote; only acronyms that appear in it and
have a known expansion (shipped glossary, then the strategy's own) are listed.
"""

from __future__ import annotations

from cpstrat.checks import glossary
from cpstrat.outputs.docxlib import Document


def add_glossary(doc: Document, texts, local: dict | None = None, level: int = 1,
                 heading: str = "Glossary of acronyms") -> list[tuple[str, str]]:
    """Add a heading and a two-column table of the acronyms in texts; nothing when there are none."""
    used = glossary.used(texts, local)
    if used:
        doc.heading(heading, level)
        doc.table(["Acronym", "What it stands for"], [[a, meaning] for a, meaning in used],
                  caption="Acronyms used in this document")
    return used
