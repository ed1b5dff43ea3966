"""A diff as a Word document: "changes since the last version", for a board or publication.

Built with docxlib, so it has what every published document needs: a title
and en-GB language, real headings, tables with a repeating header row and a
caption, and every change and status said in words (never by colour alone).
"""

from __future__ import annotations

import datetime as dt
import os

from cpstrat.outputs.acronyms import add_glossary
from cpstrat.outputs.diff_view import counts, coverage_lines, show, status_lines, titles
from cpstrat.outputs.docxlib import Document

HEADER = ["Id", "Change", "Field", "Before", "After"]


def reference() -> bytes | None:
    """The project's reference document (its styles give the council's look), where the build
    renderers ship one; otherwise None, and python-docx's default styles are used."""
    try:
        from cpstrat.outputs import template_file

        return template_file("reference.docx").read_bytes()
    except (ImportError, OSError):
        return None


def stamp() -> dt.datetime:
    """The document's date: SOURCE_DATE_EPOCH when set (reproducible builds), else today at midnight."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime.combine(dt.date.today(), dt.time())


def render(diff, old_label: str, new_label: str, about: dict | None = None) -> bytes:
    """The Word document's bytes. `about` is the new version's top-level fields (council, title)."""
    about = about or {}
    name = " ".join(show(about.get(k)) for k in ("council", "title") if about.get(k))
    title = f"Changes since the last version{': ' + name if name else ''}"
    doc = Document(reference(), compact_tables=True)
    doc.set_properties(title=title, language="en-GB", subject=f"Changes from {old_label} to {new_label}")
    doc.heading(title, 1)
    doc.paragraph(f"This document lists what changed from {old_label} to {new_label}, "
                  "action by action, compared by id.")
    if not diff.differs:
        doc.paragraph("No changes.")
    else:
        _summary(doc, diff)
        _body(doc, diff, level=2)
    add_glossary(doc, doc.all_text(), about.get("glossary") if isinstance(about.get("glossary"), dict) else None)
    return doc.to_bytes(stamp())


def _summary(doc, diff) -> None:
    doc.heading("Summary", 2)
    items = [f"{titles(diff, name)}: {counts(keyed)}" for name, keyed in diff.sections.items() if keyed]
    items += status_lines(diff) + [f"Principle {line}" for line in coverage_lines(diff)]
    if diff.meta:
        items.append("Changed in the document itself: " + ", ".join(diff.meta))
    doc.bullets(items)


def _body(doc, diff, level: int) -> None:
    if diff.meta:
        doc.heading("The document itself" if diff.kind == "strategy" else "The report", level)
        doc.table(["Field", "Before", "After"], [[k, show(o), show(n)] for k, (o, n) in diff.meta.items()],
                  caption="Changes to the document's own fields")
    for name, keyed in diff.sections.items():
        if not keyed:
            continue
        title = titles(diff, name)
        doc.heading(title, level)
        doc.paragraph(counts(keyed).capitalize() + ".")
        doc.table(HEADER, _rows(keyed), caption=f"Changes to {title.lower()}",
                  description="One row per change: the item's id, what happened to it, and for a change, "
                              "the field with its value before and after.")
    if diff.moves:
        doc.heading("Status", level)
        doc.bullets(status_lines(diff))
        doc.table(["Action", "Status before", "Status after"],
                  [[m.id, show(m.old), show(m.new)] for m in diff.moves], caption="Status movements")
    if diff.coverage:
        doc.heading("Principle coverage", level)
        doc.table(["Principle", "Actions before", "Actions after"],
                  [[f"{pid} ({title})", str(old), str(new)] for pid, (title, old, new) in diff.coverage.items()],
                  caption="Actions serving each principle, where the number changed")
    if diff.values:
        doc.heading("Measure values", level)
        doc.table(["Action", "Measure", "Before", "After"],
                  [[v.action, v.measure, show(v.old), show(v.new)] for v in diff.values],
                  caption="Measure values that changed")
    if diff.progress_added or diff.progress_removed or diff.progress_changed:
        doc.heading("Progress reports", level)
        doc.bullets([f"Added: {n}" for n in diff.progress_added] + [f"Removed: {n}" for n in diff.progress_removed]
                    + [f"Changed: {n}" for n in diff.progress_changed])
        for file, sub in diff.progress_changed.items():
            doc.heading(f"Progress report {file}", level + 1)
            _body(doc, sub, min(level + 2, 6))


def _rows(keyed) -> list[list[str]]:
    renamed = {r.old: r for r in keyed.renamed}
    renamed_to = {r.new for r in keyed.renamed}
    rows = [[i.id, "added", "", "", show(i.label)] for i in keyed.added if i.id not in renamed_to]
    for i in keyed.removed:
        r = renamed.get(i.id)
        if r is None:
            rows.append([i.id, "removed", "", show(i.label), ""])
        else:
            rows.append([r.new, "likely renamed", "id", r.old, r.new])
            rows += [[r.new, "likely renamed", f, show(o), show(n)] for f, (o, n) in r.fields.items()]
    for c in keyed.changed:
        rows += [[c.id, "changed", f, show(o), show(n)] for f, (o, n) in c.fields.items()]
    return rows
