"""Known edits to the shared SMALL strategy, for diff tests: each says exactly what it changes."""

from __future__ import annotations

from conftest import SMALL

NEW_ACTION = """\
  - id: A03
    title: Give every care leaver a named personal adviser
    principles: [adulthood]
    status: not-started
"""


def edited() -> str:
    """SMALL with A01 retitled and moved to complete, A02 removed and A03 added."""
    text = SMALL.replace(
        "title: Share good practice on emotional wellbeing across the partnership",
        "title: Share good practice on emotional health across the partnership")
    text = text.replace("    status: on-track\n", "    status: complete\n")
    start = text.index("  - id: A02")
    return text[:start] + NEW_ACTION


def renamed() -> str:
    """SMALL with action A02 given the new id A09 and nothing else changed."""
    return SMALL.replace("  - id: A02\n", "  - id: A09\n")
