"""`cpstrat diff`: read both versions, compare them by id, and show what changed in the format asked for.

The command's decisions live here: which problems stop it (exit 2), which only
warn, and which exit code a difference gives.
"""

from __future__ import annotations

from pathlib import Path

from cpstrat.analysis import diff
from cpstrat.commands.outcome import USAGE, Outcome, failed, terminal, usage_problem
from cpstrat.format.diagnostics import make
from cpstrat.git import source as gitsource
from cpstrat.git import versions

KIND_WORDS = {"strategy": "a strategy", "progress": "a progress file"}


def run(old: str, new: str, format: str = "text", exit_code: bool = False, output: Path | None = None,
        colour: bool = False, cwd=None) -> Outcome:
    """Exit 0 (or with exit_code: 0 same, 1 different); 2 when a version cannot be read or a revision is refused."""
    if format == "docx" and output is None:
        return usage_problem("--format docx writes a Word file and needs --output FILE",
                             "add e.g. --output changes.docx")
    before, after = versions.load_pair(old, new, cwd)
    fatal = [d for v in (before, after) if v.snapshot is None for d in v.diagnostics]
    if fatal:
        return failed(fatal, code=USAGE)
    assert before.snapshot is not None and after.snapshot is not None  # a missing snapshot was fatal above
    notes: list = []
    for v in (before, after):
        if v.errors:
            notes += v.errors
            notes.append(make("CP096", v.label, label=v.label, count=len(v.errors)))
    if before.snapshot.kind != after.snapshot.kind:
        return failed(notes + [make("CP095", gitsource.WHERE, old=f"{KIND_WORDS[before.snapshot.kind]} ({old})",
                                    new=f"{KIND_WORDS[after.snapshot.kind]} ({new})")], code=USAGE)
    result = diff.compare(before.snapshot, after.snapshot)
    # on paper (md, html, docx) each version is named by what it is (path, date and commit), not as typed
    shown = format_diff(result, old, new, format, colour and output is None, about=after.snapshot.meta,
                        names=_names(before.snapshot, after.snapshot), before=before.snapshot.meta,
                        described=(before.described or old, after.described or new))
    out = Outcome(1 if result.differs and exit_code else 0, stderr=list(notes))
    if output is None:
        return out.say(shown.rstrip("\n") if isinstance(shown, str) else shown)
    data = shown if isinstance(shown, bytes) else (shown.rstrip("\n") + "\n").encode()
    from cpstrat.format.files import output_problem
    from cpstrat.util.files import write_atomic

    try:
        write_atomic(output, data)
    except OSError as exc:
        return failed([output_problem(str(output), f"cannot write the file: {exc.strerror or exc}",
                                      "check the folder exists and can be written to")], code=USAGE)
    return out.note(f"wrote {output}")


def _names(*snapshots) -> dict:
    """id -> the words a reader knows it by (principle and priority titles, action titles...), both versions."""
    names: dict = {}
    for snap in snapshots:
        names.update(snap.principles)
        for items in snap.sections.values():
            names.update({i.id: i.label for i in items if i.label})
    return names


def format_diff(result: diff.Diff, old: str, new: str, fmt: str, colour: bool = False,
                about: dict | None = None, names: dict | None = None, before: dict | None = None,
                described: tuple[str, str] | None = None) -> str | bytes:
    """The diff in format `fmt` (text, md, json, html: str; docx: the Word file's bytes).

    `described`: the two versions in a reader's words, for the paper formats (md, html, docx)."""
    from cpstrat.outputs.registry import Extras, renderer

    shown = renderer("diff", fmt)(result, old, new, Extras(colour, about, names, before, described))
    return terminal(shown.rstrip("\n")) if fmt == "text" and colour else shown
