"""A diff as a Word document: "changes since the last version", for a board or publication.

Built with docxlib, so it has what every published document needs: a title
and en-GB language, real headings, tables with a repeating header row and a
caption, and every change and status said in words (never by colour alone).
What it says is diff_paper's, which the Markdown and HTML pages say too.
"""

from __future__ import annotations

import datetime as dt

from cpstrat.outputs.views.acronyms import add_glossary
from cpstrat.outputs.views.diff_paper import Words, net, source_label, write
from cpstrat.outputs.word.docxlib import Document

__all__ = ["Words", "net", "render", "source_label"]


def reference() -> bytes | None:
    """The project's reference document (its styles give the council's look), where the build
    renderers ship one; otherwise None, and python-docx's default styles are used."""
    try:
        from cpstrat.format.shipped import template_file

        return template_file("reference.docx").read_bytes()
    except (ImportError, OSError):
        return None


def stamp() -> dt.datetime:
    """The document's date: SOURCE_DATE_EPOCH when set (reproducible builds), else today at midnight."""
    from cpstrat.format.files import source_date

    return source_date() or dt.datetime.combine(dt.date.today(), dt.time())


def render(diff, old_label: str, new_label: str, about: dict | None = None, names: dict | None = None,
           before: dict | None = None) -> bytes:
    """The Word document's bytes, written for a board: names not ids, dates in words, differences in words.

    `old_label` and `new_label` name the versions in a reader's words ('the version of strategies/x committed
    on 6 March 2024 (commit 1a2b3c4)'); `about` and `before` are the new and old versions' top-level fields
    (council, title); `names` maps ids (principles, priorities, actions...) to the words readers know them by.
    """
    about = about or {}
    doc = Document(reference(), compact_tables=True)
    title = write(doc, diff, old_label, new_label, about, names, before)
    doc.set_properties(title=title, language="en-GB", subject=f"Changes from {old_label} to {new_label}")
    add_glossary(doc, doc.all_text(), about.get("glossary") if isinstance(about.get("glossary"), dict) else None)
    return doc.to_bytes(stamp())
