"""A diff as Markdown (and, through it, the HTML page), to paste into or publish beside a board paper.

It says what the Word paper says (diff_paper.write lays out both): headings,
a summary, tables with header rows, statuses in words, each changed item's
title beside its id, and the versions named by path, date and commit.
"""

from __future__ import annotations

from cpstrat.outputs.views.diff_paper import write
from cpstrat.util.escape import md_inline


class MarkdownDoc:
    """The calls diff_paper.write makes of a Word document, written as Markdown."""

    def __init__(self) -> None:
        self.out: list[str] = []

    def heading(self, text: str, level: int) -> None:
        self.out += [f"{'#' * min(level, 6)} {_cell(text)}", ""]

    def paragraph(self, text: str = "", keep_with_next: bool = False, **_) -> None:
        if text:
            self.out += [_cell(text), ""]

    def bullets(self, items) -> None:
        self.out += [f"- {_cell(item)}" for item in items] + [""]

    def table(self, header, rows, caption: str = "", description: str = "", **_) -> None:
        self.out += [f"| {' | '.join(_cell(h) for h in header)} |", "|" + "---|" * len(header)]
        self.out += [f"| {' | '.join(_cell(c) for c in row)} |" for row in rows]
        self.out.append("")


def render(diff, old_label: str, new_label: str, about: dict | None = None, names: dict | None = None,
           before: dict | None = None) -> str:
    doc = MarkdownDoc()
    write(doc, diff, old_label, new_label, about, names, before)
    return "\n".join(doc.out).rstrip() + "\n"


def _cell(text) -> str:
    """Text safe inside a Markdown table cell, heading or list item: one line, no structure, blanks collapsed."""
    return md_inline(" ".join(str(text).split()))
