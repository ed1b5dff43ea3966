"""`cpstrat diff` as one function: read both versions, compare, format; the CLI prints.

Kept apart from cli.py so the command's decisions (which problems stop it,
which only warn, which exit code) can be read and tested in one place.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from cpstrat.analysis import diff
from cpstrat.format.diagnostics import Diagnostic, make
from cpstrat.git import source as gitsource
from cpstrat.git import versions

KIND_WORDS = {"strategy": "a strategy", "progress": "a progress file"}


@dataclass
class Outcome:
    code: int  # 0 same, 1 different, 2 a version could not be read
    output: str | None
    diagnostics: list[Diagnostic] = field(default_factory=list)  # for stderr


def run(old: str, new: str, fmt: str = "text", colour: bool = False, cwd=None) -> Outcome:
    before, after = versions.load_pair(old, new, cwd)
    fatal = [d for v in (before, after) if v.snapshot is None for d in v.diagnostics]
    if fatal:
        return Outcome(2, None, fatal)
    notes = []
    for v in (before, after):
        if v.errors:
            notes += v.errors
            notes.append(make("CP096", v.label, label=v.label, count=len(v.errors)))
    if before.snapshot.kind != after.snapshot.kind:
        return Outcome(2, None, notes + [make("CP095", gitsource.WHERE, old=f"{KIND_WORDS[before.snapshot.kind]} ({old})",
                                               new=f"{KIND_WORDS[after.snapshot.kind]} ({new})")])
    result = diff.compare(before.snapshot, after.snapshot)
    output = format_diff(result, old, new, fmt, colour, about=after.snapshot.meta)
    return Outcome(1 if result.differs else 0, output, notes)


def format_diff(result: diff.Diff, old: str, new: str, fmt: str, colour: bool = False,
                about: dict | None = None) -> str | bytes:
    """The diff in format `fmt` (text, md, json: str; docx: the Word file's bytes)."""
    if fmt == "docx":
        from cpstrat.outputs import diff_docx

        return diff_docx.render(result, old, new, about)
    if fmt == "json":
        return json.dumps({"old": old, "new": new, **result.to_json()}, indent=2, ensure_ascii=False)
    if fmt == "md":
        from cpstrat.outputs import diff_md

        return diff_md.render(result, old, new)
    from cpstrat.outputs import diff_text

    return diff_text.render(result, old, new, colour=colour)
