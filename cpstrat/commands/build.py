"""`cpstrat build`: each strategy checked, then its documents rendered and written (outputs.publish does the work).

The exit code is the worst over all strategies: 0 written, 1 a strategy invalid
(nothing written for it), 2 usage or unreadable input.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cpstrat.commands.outcome import Outcome, usage
from cpstrat.git.records import Snapshots
from cpstrat.outputs.publish import Built, OutputError, build
from cpstrat.outputs.registry import BUILD_FORMATS as FORMATS

AUDIENCES = ("board", "young-people")
DOCUMENTS = ("plan", "local-offer", "scorecard")
DEFAULT_FORMATS = {"board": "docx", "young-people": "docx,md,html", "local-offer": "docx,md,html",
                   "scorecard": "docx,md,html"}


def parse_formats(text: str) -> tuple[str, ...] | None:
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    if not wanted or any(f not in FORMATS for f in wanted):
        return None
    return wanted


def run(paths, output: Path = Path("out"), progress: Path | None = None, templates=(),
        format: str | None = None, audience: str = "board",
        each: Callable[[Path], None] | None = None, document: str = "plan",
        say: Callable[[str], None] | None = None, strict: bool = False, quiet: bool = False,
        draft: bool = False) -> Outcome:
    """Build every strategy named by paths; `each` is told before each one starts (a progress bar), `say`
    what a slow step (the PDF conversion) is doing while it runs.

    document: "plan" (the board's documents, or the young people's version by audience) or
    "local-offer" (the published local offer for care leavers, from the folder's local-offer.yaml) or
    "scorecard" (the board's scorecard of indicators read from published figures).
    strict: the warnings about what the document publishes are errors (nothing written); quiet: errors only;
    draft: placeholder text from `init` does not stop the build, and every page is marked DRAFT.
    """
    from cpstrat.format.files import expand

    if document not in DOCUMENTS:
        return usage(f"--document {document!r}: give one of {', '.join(DOCUMENTS)}")
    if document in ("local-offer", "scorecard"):
        audience = document
    format_text = format or DEFAULT_FORMATS[audience]
    formats = parse_formats(format_text)
    if formats is None:
        return usage(f"--format {format_text!r}: give one or more of {', '.join(FORMATS)}, "
                     f"separated by commas (e.g. --format docx,html)")
    if "pdf" in formats:
        from cpstrat.outputs.pdf import convert as pdf

        if pdf.soffice() is None:
            return usage(pdf.missing_message())
    targets = expand(paths)
    if progress is not None and len(targets) > 1:
        return usage("--progress names one progress file, so it needs exactly one strategy; "
                     f"{len(targets)} were given")
    out = Outcome()
    try:
        for target in targets:
            if each is not None:
                each(target)
            built = build(target, output, progress, templates, formats, audience, say=say, records=Snapshots,
                          strict=strict, draft=draft)
            if quiet:
                built.diagnostics = built.errors
            _report(built, out)
    except OutputError as exc:
        return out.note(str(exc)).worst(2)
    return out


def _report(built: Built, out: Outcome) -> None:
    """One strategy's diagnostics and written files, added to the command's outcome."""
    out.stderr.extend(built.diagnostics)
    if built.errors:
        out.note(f"{built.path}: not built ({len(built.errors)} error"
                 f"{'s' if len(built.errors) != 1 else ''}); nothing written")
    for file in built.written:
        out.say(f"wrote {file}")
    if built.written:
        for line in built.notes:
            out.say(line)
    out.worst(built.exit_code)
