"""A diff as a paper for the board: what every paper format (Word, Markdown, HTML) says, in the same words.

`write()` lays the paper into any document with heading, paragraph, bullets
and table: docxlib's Word Document (diff_docx) or diff_md's Markdown. Names
not ids, dates in words, statuses in words, each changed item's title beside
its id, and the two versions named by what they are (path, date and commit).
"""

from __future__ import annotations

import datetime as dt
import re

from cpstrat.format.nouns import nouns
from cpstrat.outputs.views.context import dates_in_words, day, status_label
from cpstrat.outputs.views.diff import counts, plural, show, titles

HEADER = ["Id", "Change", "What changed", "Before", "After"]


def write(doc, diff, old_label: str, new_label: str, about: dict | None = None, names: dict | None = None,
          before: dict | None = None) -> str:
    """The paper, into any document with heading, paragraph, bullets and table (Word, or diff_md's Markdown):
    every format says the same thing in the same words. Returns its title."""
    about, before = about or {}, before or {}
    words = Words(names or {})
    name = " ".join(show(about.get(k)) for k in ("council", "title") if about.get(k))
    title = f"Changes since the last version{': ' + name if name else ''}"
    doc.heading(title, 1)
    old_title, new_title = (show(m.get("title")) if m.get("title") else "" for m in (before, about))
    if old_title == new_title or not (old_title and new_title):
        what = f"two versions of {old_title or new_title}" if old_title or new_title else "two versions"
        doc.paragraph(f"This paper compares {what}, action by action:", keep_with_next=True)
        doc.bullets([f"Before: {old_label}", f"After: {new_label}"])
    else:
        doc.paragraph("This paper compares two strategies, action by action:", keep_with_next=True)
        doc.bullets([f"Before: {source_label(old_label, before)}", f"After: {source_label(new_label, about)}"])
    if not diff.differs:
        doc.paragraph("Nothing has changed.")
    else:
        _summary(doc, diff, words)
        _body(doc, diff, level=2, words=words)
    return title


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
# list fields that hold ids of other things: shown by name
_ID_FIELDS = {"principles", "priorities", "pledges", "indicators", "responds_to", "depends_on", "offers", "action",
              "reports_to", "from"}
_FIELD_WORDS = {"responds_to": "answers", "depends_on": "depends on", "plain_title": "title in everyday words",
                "plain_text": "text in everyday words",
                "as_at": "as at", "from": "made with", "human_resources": "human resources implications"}


def source_label(described: str, meta: dict) -> str:
    """The version with the strategy's title: 'Corporate Parenting Strategy 2015-2017, the version in
    strategies/wolverhampton-2015'."""
    title = show(meta.get("title")) if meta.get("title") else ""
    return f"{title}, {described}" if title else described


class Words:
    """Values as a board member reads them."""

    def __init__(self, names: dict):
        self.names = names

    def name(self, ident) -> str:
        label = self.names.get(ident)
        return f"{label} ({ident})" if label and label != ident else str(ident)

    def value(self, field: str, value) -> str:
        if value is None or value == "" or value == []:
            return "Not set"
        if field == "status" or field.endswith(".status"):
            return status_label(str(value))
        if field in _ID_FIELDS and isinstance(value, dict):  # a progress file's {indicator id: value}
            return "; ".join(f"{self.name(k)}: {self.value('', v)}" for k, v in value.items())
        if field in _ID_FIELDS:
            items = value if isinstance(value, list) else [value]
            return "; ".join(self.name(v) if isinstance(v, str) else show(v) for v in items)
        if isinstance(value, dict) and set(value) <= {"start", "end"}:
            return f"{self.value('', value.get('start'))} to {self.value('', value.get('end'))}"
        return dates_in_words(show(value))

    @staticmethod
    def field(name: str) -> str:
        return _FIELD_WORDS.get(name, name.replace("_", " ")).capitalize()


def _day(year: str, month: str, day_: str) -> str:
    try:
        return day(dt.date(int(year), int(month), int(day_)))
    except ValueError:
        return f"{year}-{month}-{day_}"


def net(added: int, removed: int, one: str, many: str) -> str:
    """'1 action fewer', '3 actions more', 'the same number'."""
    n = added - removed
    if n == 0:
        return "the same number as before"
    return f"{plural(abs(n), one, many)} {'more' if n > 0 else 'fewer'}"


def _summary(doc, diff, words: Words) -> None:
    doc.heading("Summary", 2)
    items = []
    for name, keyed in diff.sections.items():
        if not keyed:
            continue
        title = titles(diff, name)
        noun = nouns().get(name if diff.kind == "strategy" else "updates")
        one, many = (noun.one, noun.many) if noun else ("item", "items")
        parts = [f"{len(keyed.added)} added" if keyed.added else "", f"{len(keyed.removed)} removed"
                 if keyed.removed else "", f"{len(keyed.changed)} changed" if keyed.changed else "",
                 f"{len(keyed.renamed)} likely renamed" if keyed.renamed else ""]
        said = ", ".join(p for p in parts if p)
        more = net(len(keyed.added), len(keyed.removed), one, many) if keyed.added or keyed.removed else ""
        items.append(f"{title}: {said}" + (f" ({more})" if more else ""))
    for status, moves in diff.moved_to():
        items.append(f"{plural(len(moves), 'action', 'actions')} now {status_label(status).lower()}: "
                     + ", ".join(m.id for m in moves[:12]) + (" and more" if len(moves) > 12 else ""))
    for pid, (title, old, new) in diff.coverage.items():
        items.append(f"{title or words.name(pid)}: {plural(new, 'action', 'actions')}, "
                     f"{net(new, old, 'action', 'actions')} (was {old})")
    if diff.meta:
        items.append("Changed in the document itself: " + ", ".join(Words.field(k).lower() for k in diff.meta))
    doc.bullets(items)


def _body(doc, diff, level: int, words: Words) -> None:
    if diff.meta:
        doc.heading("The document itself" if diff.kind == "strategy" else "The report", level)
        doc.table(["What", "Before", "After"],
                  [[Words.field(k), words.value(k, o), words.value(k, n)] for k, (o, n) in diff.meta.items()],
                  caption="Changes to the document's own fields")
    for name, keyed in diff.sections.items():
        if not keyed:
            continue
        title = titles(diff, name)
        doc.heading(title, level)
        doc.paragraph(counts(keyed).capitalize() + ".", keep_with_next=True)
        doc.table(HEADER, _rows(keyed, words), caption=f"Changes to {title.lower()}",
                  description="One row per change: the item, what happened to it, and for a change, "
                              "what changed with its value before and after.")
    if diff.moves:
        doc.heading("Status", level)
        doc.table(["Action", "Status before", "Status after"],
                  [[words.name(m.id), words.value("status", m.old), words.value("status", m.new)]
                   for m in diff.moves], caption="Status movements")
    if diff.coverage:
        doc.heading("Principle coverage", level)
        doc.table(["Principle", "Actions before", "Actions after", "Difference"],
                  [[title or words.name(pid), str(old), str(new), net(new, old, "action", "actions")]
                   for pid, (title, old, new) in diff.coverage.items()],
                  caption="Actions serving each principle, where the number changed")
    if diff.values:
        doc.heading("Measure values", level)
        doc.table(["Action", "Measure", "Before", "After"],
                  [[words.name(v.action), words.name(v.measure), words.value("", v.old), words.value("", v.new)]
                   for v in diff.values], caption="Measure values that changed")
    if diff.progress_added or diff.progress_removed or diff.progress_changed:
        doc.heading("Progress reports", level)
        doc.bullets([f"Added: {_report_name(n)}" for n in diff.progress_added]
                    + [f"Removed: {_report_name(n)}" for n in diff.progress_removed]
                    + [f"Changed: {_report_name(n)}" for n in diff.progress_changed])
        for file, sub in diff.progress_changed.items():
            doc.heading(f"Progress report {_report_name(file)}", level + 1)
            _body(doc, sub, min(level + 2, 6), words)


def _report_name(file: str) -> str:
    """'2018-03-06.yaml' -> 'as at 6 March 2018 (2018-03-06.yaml)'."""
    match = _ISO.search(file)
    return f"as at {_day(*match.groups())} ({file})" if match else file


def _rows(keyed, words: Words) -> list[list[str]]:
    renamed = {r.old: r for r in keyed.renamed}
    renamed_to = {r.new for r in keyed.renamed}
    rows = [[i.id, "Added", "", "", show(i.label)] for i in keyed.added if i.id not in renamed_to]
    for i in keyed.removed:
        r = renamed.get(i.id)
        if r is None:
            rows.append([i.id, "Removed", "", show(i.label), ""])
        else:
            rows.append([r.new, "Likely renamed", "Id", r.old, r.new])
            rows += [[r.new, "Likely renamed", Words.field(f), words.value(f, o), words.value(f, n)]
                     for f, (o, n) in r.fields.items()]
    for c in keyed.changed:
        # every row names the item by its title too: a row read alone (a status row) says which action it is
        named = f"{c.id}: {show(c.label)}" if c.label else c.id
        rows += [[named, "Changed", Words.field(f), words.value(f, o), words.value(f, n)]
                 for f, (o, n) in c.fields.items()]
    return rows
