"""build(): check -> view-model -> render every output in memory -> write atomically.

Nothing is written unless the strategy checks without errors and every output
rendered; each file is then replaced atomically, so an interrupted build leaves
the old complete file or the new one. Dates in the files come from the inputs
(the progress file's as_at, else the strategy's start), or SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from cpstrat.checks import placeholders
from cpstrat.format.diagnostics import CpstratError, Diagnostic, listing, make, rules
from cpstrat.outputs import when
from cpstrat.outputs.registry import template_problem
from cpstrat.util.archive import Budget, MiB, PackageProblem, check_xml_parts, external_content, open_package

# A template, packed or unpacked (a reference .docx's parts are copied into every document).
MAX_TEMPLATE_BYTES = 32 * MiB
TEMPLATE_HINTS = {
    "docx": "a .docx whose styles to use (edit templates/reference.docx in Word and save a copy)",
    "md": "a Jinja template for Markdown, named *.md.j2",
    "html": "a Jinja template for HTML, named *.html.j2",
}


@dataclass
class Built:
    """What building one strategy did: files written, or the diagnostics that stopped it."""

    path: str
    written: list[Path] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # lines for standard output: where an issued paper came from

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def exit_code(self) -> int:
        return CpstratError(self.errors).exit_code if self.errors else 0


def build(path: Path, out_dir: Path, progress: Path | None = None, templates=(),
          formats=("docx",), audience: str = "board", say=None, records=None, strict: bool = False,
          draft: bool = False) -> Built:
    """Build one strategy's documents into out_dir: the board's plan and report, or the young people's version.

    `say` (if given) is told in words what a slow step is doing while it runs (the PDF conversion).
    records: called with the strategy's path, gives the issued papers' records from git (git.records.Snapshots);
    without it an issued paper is read as its files stand.
    Nothing is written while any error remains, the text rules' included (CP185, a child identified);
    strict: every warning of what the document publishes is an error too.
    draft: placeholder text from `init` (CP184) does not stop the build, and every page is marked DRAFT.
    """
    import gc

    from cpstrat.checks.run import check, text_warnings
    from cpstrat.util.background import Later, meanwhile

    # Loading makes many small objects and no cycles, so the collector is paused while the
    # strategy loads, and its objects are then frozen (left out of later collections) while
    # the documents are rendered, where python-docx does make cycles to collect.
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = check(path, text_rules=False)
    finally:
        if collecting:
            gc.enable()
    if result.strategy is None:
        return Built(str(path), diagnostics=list(result.diagnostics))
    strategy = result.strategy
    gc.freeze()
    # Rendering makes a few hundred thousand table cells and strings and few cycles: the collector
    # runs every RENDER_GC_ALLOCATIONS allocations rather than every 700 (its default), which still
    # collects python-docx's cycles without scanning the young objects hundreds of times over.
    thresholds = gc.get_threshold()
    gc.set_threshold(RENDER_GC_ALLOCATIONS, *thresholds[1:])
    try:
        # the text rules (as check gives them) are worked out while the documents render, on a second
        # CPU for a large strategy; the files are written only once they are known
        blocking = [d for d in result.errors if not (draft and d.code == PLACEHOLDER)]
        if len(strategy.actions) >= PARALLEL_ACTIONS and not blocking:
            warnings = meanwhile(text_warnings, strategy)
        else:
            warnings = Later(text_warnings, (strategy,))
        try:
            outcome, pending = (Built(str(path)), None) if blocking else \
                _render(path, out_dir, strategy, progress, templates, formats, audience, say, records, draft)
        except BaseException:  # an interrupt, or a fault to report: the warnings are not wanted now
            warnings.cancel()
            raise
        result.add(warnings.result())
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
    if audience == "young-people" and pending is not None:
        result.add(no_contact(strategy, progress))
    outcome.diagnostics[:0] = own(result.diagnostics, audience, strategy, strict, draft)
    if pending is not None and not outcome.errors:
        outcome.written = write_set(Path(out_dir), *pending)
    return outcome


def no_contact(strategy, progress: Path | None) -> list[Diagnostic]:
    """CP251 when the young people's version would give no phone or email to get in touch (at the strategy's
    `contact:` where it has one, else at its first line): the version is for them to hold the council to it."""
    from cpstrat.format.load import key_pos
    from cpstrat.outputs.documents.young_people import whom_to_contact

    people = whom_to_contact(strategy, pick_progress(strategy, progress))
    if any(label in ("Phone", "Email") for person in people for label, _ in person.lines):
        return []
    if strategy.contact.name:
        why, (line, column) = "its `contact:` has neither", key_pos(strategy.raw, "contact")
    else:
        why, (line, column) = "the strategy gives no `contact:`, and no local offer or report gives one", (1, 1)
    return [make("CP251", strategy.path, line, column, why=why)]


def own(diagnostics: list[Diagnostic], audience: str, strategy, strict: bool = False,
        draft: bool = False) -> list[Diagnostic]:
    """The diagnostics of what a document publishes: every error (each stops the build), and the warnings
    of its own files: the young people's version's in the strategy file, the local offer's in its file, the
    board's everywhere; a warning the catalogue gives `documents:` only at those documents' builds.
    With strict, those warnings are errors; with draft, placeholders are warnings."""
    import dataclasses

    if draft:
        diagnostics = [dataclasses.replace(d, severity="warning") if d.code == PLACEHOLDER else d
                       for d in diagnostics]

    if audience == "local-offer":
        mine = {strategy.local_offer.path} if strategy.local_offer is not None else set()
    elif audience in ("board", "scorecard"):  # the scorecard publishes the strategy and its progress files too
        mine = None
    else:
        mine = {strategy.path}
    catalogue = rules()
    out = []
    for d in diagnostics:
        if d.severity != "error" and mine is not None and d.file not in mine:
            continue
        if d.severity != "error" and audience not in catalogue[d.code].get("documents", (audience,)):
            continue  # a warning about another document (e.g. the young people's words, at the board's build)
        promote = strict and d.severity != "error" and not (draft and d.code == PLACEHOLDER)
        out.append(dataclasses.replace(d, severity="error") if promote else d)
    return out


PLACEHOLDER = placeholders.CODE  # placeholder text from `cpstrat init`: stops a build, unless it is a draft
DRAFT_MARK = "DRAFT: not for publication"


def mark_draft(files: dict[Path, bytes]) -> dict[Path, bytes]:
    """Each file marked DRAFT on every page: a Word document in its footers (every page of every section;
    at the top of the body where the template has no footer), Markdown and HTML at the top of the page."""
    import re

    out = {}
    for target, data in files.items():
        if target.suffix == ".docx":
            data = _draft_docx(data)
        elif target.suffix == ".md":
            data = f"**{DRAFT_MARK}**\n\n".encode() + data
        elif target.suffix == ".html":
            text = data.decode("utf-8")
            found = re.search(r"<body[^>]*>", text)
            mark = f'\n<p role="note" style="border:3px solid #000;padding:0.5em;font-weight:bold">{DRAFT_MARK}</p>'
            if found:
                text = text[:found.end()] + mark + text[found.end():]
            text = re.sub(r"<title>", "<title>DRAFT: ", text, count=1)
            data = text.encode("utf-8")
        out[target] = data
    return out


def _draft_docx(data: bytes) -> bytes:
    """The package with a bold DRAFT paragraph first in every footer (or first in the body, with no footer),
    each zip entry keeping its name and date so that two drafts of the same input are the same bytes."""
    import re

    paragraph = (f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:b/></w:rPr>'
                 f'<w:t>{DRAFT_MARK}</w:t></w:r></w:p>')
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        entries = [(info, package.read(info)) for info in package.infolist()]
    footers = [info.filename for info, _ in entries if re.fullmatch(r"word/footer\d*\.xml", info.filename)]
    targets = footers or ["word/document.xml"]
    opener = re.compile(rb"<w:(?:ftr|body)\b[^>]*>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info, content in entries:
            if info.filename in targets:
                found = opener.search(content)
                if found:
                    content = content[:found.end()] + paragraph.encode() + content[found.end():]
            out.writestr(info, content)
    return buffer.getvalue()


# From this many actions, the text warnings are worked out in a second process while the documents render.
PARALLEL_ACTIONS = 500


def _render(path: Path, out_dir: Path, strategy, progress: Path | None, templates, formats, audience: str,
            say=None, records=None, draft: bool = False) -> tuple[Built, tuple[str, dict[Path, bytes]] | None]:
    """The documents of a strategy that checked without errors, rendered: (the outcome so far, (the set's name,
    the files) to write); or the outcome with the diagnostics that stopped them, and None."""
    outcome = Built(str(path))
    snapshots = records(path) if records is not None and audience == "board" else None
    try:
        chosen = pick_progress(strategy, progress)
        sources = template_sources(templates)
        check_document(strategy, audience, str(path))
        issued = _issued(strategy, chosen, snapshots)
        changed = snapshots.changed(strategy) if snapshots is not None else []
        if changed:  # an issued paper edited since: the record would be built, not what the officer sees
            raise CpstratError(changed)
        if snapshots is not None:
            outcome.notes.extend(snapshots.lines)
        render = {"board": render_all, "local-offer": render_local_offer,
                  "scorecard": render_scorecard}.get(audience, render_young_people)
        # a PDF is made from the Word document, so asking for pdf renders the docx too
        renders = tuple(f for f in dict.fromkeys([*formats, *(["docx"] if "pdf" in formats else [])]) if f != "pdf")
        if audience == "board":
            files = render_all(strategy, chosen, Path(out_dir), output_name(Path(path)), sources, renders, issued)
        else:
            files = render(strategy, chosen, Path(out_dir), output_name(Path(path)), sources, renders)
    except CpstratError as exc:
        outcome.diagnostics.extend(exc.diagnostics)
        return outcome, None
    finally:
        if snapshots is not None:
            snapshots.close()
    if draft:
        files = mark_draft(files)
    if "pdf" in formats:
        files = with_pdf(files, keep_docx="docx" in formats, stamp=when(strategy, strategy.latest), say=say)
    name = output_name(Path(path)) + {"board": "", "local-offer": "-local-offer",
                                      "scorecard": "-scorecard"}.get(audience, "-young-people")
    return outcome, (name, files)


RENDER_GC_ALLOCATIONS = 50_000


def write_set(out_dir: Path, name: str, files: dict[Path, bytes]) -> list[Path]:
    """Write a build's files, each atomically, between two writes of its manifest.

    Each file alone is old or new, never half; the set of them is shown by
    `<name>.manifest.json`: written first marked incomplete, last marked complete,
    listing every file's sha256 and the run (an id of the whole set's content).
    A set killed half-way keeps an incomplete manifest, and a file whose sha256
    differs from it is from an earlier run (see read_manifest). The whole set is written under
    a lock on the folder (util.files.folder_lock): a second build into it waits, so the manifest
    marked complete always matches the files beside it.
    """
    from cpstrat.util.files import FolderBusy, folder_lock, write_atomic

    manifest = out_dir / f"{name}{MANIFEST_SUFFIX}"
    entries = [{"name": target.name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
               for target, data in files.items()]
    run = hashlib.sha256(json.dumps(entries, sort_keys=True).encode()).hexdigest()[:16]
    written = []
    current = manifest
    try:
        with folder_lock(out_dir):
            if len(files) > 1:
                write_atomic(manifest, _manifest(run, entries, complete=False))
            for current, data in files.items():
                write_atomic(current, data)
                written.append(current)
            current = manifest
            if len(files) > 1:
                write_atomic(manifest, _manifest(run, entries, complete=True))
    except FolderBusy:
        raise OutputError(f"{out_dir}: another build has been writing into this folder for a long time; "
                          f"nothing written; try again when it has finished, or build into another folder") from None
    except OSError as exc:
        raise OutputError(f"{current}: cannot write it ({exc.strerror or exc}); "
                          f"check that {out_dir} is a folder you can write to") from None
    return written


MANIFEST_SUFFIX = ".manifest.json"


def _manifest(run: str, entries: list[dict], complete: bool) -> bytes:
    return (json.dumps({"cpstrat": "build manifest 1", "run": run, "complete": complete, "files": entries},
                       indent=2) + "\n").encode("utf-8")


def read_manifest(manifest: Path) -> dict[str, str]:
    """Each file a manifest lists: 'this run' when its sha256 matches, 'another run' or 'missing' when not."""
    data = json.loads(manifest.read_text("utf-8"))
    states = {}
    for entry in data["files"]:
        target = manifest.parent / entry["name"]
        if not target.is_file():
            states[entry["name"]] = "missing"
        else:
            same = hashlib.sha256(target.read_bytes()).hexdigest() == entry["sha256"]
            states[entry["name"]] = "this run" if same else "another run"
    return states


def with_pdf(files: dict[Path, bytes], keep_docx: bool, stamp: dt.datetime, say=None) -> dict[Path, bytes]:
    """The files with a tagged PDF beside each Word document (in place of it unless keep_docx)."""
    from cpstrat.outputs.pdf import convert as pdf

    documents = {str(target): data for target, data in files.items() if target.suffix == ".docx"}
    if documents and say is not None:
        count = f"{len(documents)} document{'s' if len(documents) != 1 else ''}"
        say(f"converting {count} to PDF with LibreOffice ({', '.join(Path(d).stem for d in documents)})")
    try:
        pdfs = pdf.convert(documents, stamp) if documents else {}
    except pdf.PdfUnavailable as exc:
        raise OutputError(str(exc)) from None
    out: dict[Path, bytes] = {}
    for target, data in files.items():
        if target.suffix != ".docx" or keep_docx:
            out[target] = data
        if str(target) in pdfs:
            out[target.with_suffix(".pdf")] = pdfs[str(target)]
    return out


class OutputError(Exception):
    """The output folder cannot be written: a usage problem, reported in one line (exit 2)."""


def output_name(path: Path) -> str:
    return path.resolve().name if path.is_dir() else path.stem


def pick_progress(strategy, progress: Path | None):
    if progress is None:
        return strategy.latest
    wanted = Path(progress).resolve()
    for p in strategy.progress:
        if Path(p.path).resolve() == wanted:
            return p
    raise CpstratError([make("CP049", str(progress), value=str(progress),
                             allowed=listing(p.path for p in strategy.progress))])


def template_sources(templates) -> dict:
    """User templates by format: docx -> bytes, md/html -> text."""
    out: dict = {}
    for template in templates:
        template = Path(template)
        fmt = template_format(template)
        if fmt is None:
            raise template_problem(str(template), "cpstrat cannot tell which output it is for",
                                   "name it *.docx, *.md.j2 or *.html.j2")
        try:
            data = _read_capped(template, MAX_TEMPLATE_BYTES)
            if fmt == "docx":
                check_reference(data)
            out[fmt] = data if fmt == "docx" else data.decode("utf-8")
        except PackageProblem as exc:
            fix = (OUTSIDE_FIX if "from outside" in str(exc) else
                   "start from templates/reference.docx and keep pictures small (a logo of a few hundred kilobytes)")
            raise template_problem(str(template), str(exc), fix) from None
        except zipfile.BadZipFile:
            raise template_problem(str(template), "it is not a .docx (not a zip package)",
                                   "save the template from Word or LibreOffice as .docx") from None
        except OSError as exc:
            raise template_problem(str(template), exc.strerror or str(exc),
                                   f"check the path: --template takes {TEMPLATE_HINTS[fmt]}") from None
        except UnicodeDecodeError:
            raise template_problem(str(template), "it is not UTF-8 text",
                                   "save the template as UTF-8") from None
    return out


OUTSIDE_FIX = ("remove it in Word (a linked picture: File > Info > Edit Links to Files > Break Link; an attached "
               "template: Developer > Document Template), or start from templates/reference.docx")


def _read_capped(path: Path, limit: int) -> bytes:
    """A file's bytes, refused (PackageProblem) past `limit` without reading it all."""
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise PackageProblem(f"the file is more than {limit / MiB:.1f} MiB")
    return data


def check_reference(data: bytes) -> None:
    """Refuse a reference .docx past the template budget or with XML that Word cannot open.

    Its media are copied into every document built from it, so all parts count. Anything in it
    that reaches outside the package (archive.external_content) is refused, naming the part: it
    would pass into every document built on it.
    """
    with open_package(data, Budget(max_total=MAX_TEMPLATE_BYTES)) as archive:
        parts = check_xml_parts(archive)
    outside = external_content(parts)
    if outside:
        part, what = outside[0]
        more = f" (and {len(outside) - 1} more)" if len(outside) > 1 else ""
        raise PackageProblem(f"part {part} holds {what}{more}; a reference document brings styles, page set-up "
                             "and headers and footers of its own text and pictures, nothing from outside")


def template_format(template: Path) -> str | None:
    name = template.name.lower()
    if name.endswith(".docx"):
        return "docx"
    if name.endswith((".md.j2", ".md")):
        return "md"
    if name.endswith((".html.j2", ".html", ".htm")):
        return "html"
    return None


def _issued(strategy, chosen, snapshots) -> dict:
    """{progress file name: the strategy as that paper was issued} for the issued papers up to the report."""
    if snapshots is None or chosen is None:
        return {}
    reports = list(strategy.progress)
    upto = reports[: reports.index(chosen) + 1] if chosen in reports else [chosen]
    wanted = [p for p in upto if p.issued]
    return snapshots.as_issued(wanted) if wanted else {}


def render_all(strategy, progress, out_dir: Path, name: str, sources: dict, formats,
               issued: dict | None = None) -> dict[Path, bytes]:
    """Every output file's bytes, by target path; raises CpstratError before anything is written.

    issued: the strategy as each issued paper was issued (see _issued); an issued report is built from its
    own record, whatever the plan says today.
    """
    import os

    from cpstrat.outputs.registry import Piece, render_build
    from cpstrat.outputs.views import context

    issued = issued or {}
    plan_ctx = context.build(strategy)
    record = issued.get(os.path.basename(progress.path)) if progress is not None and progress.issued else None
    if record is not None:
        as_issued = next(p for p in record.progress if os.path.basename(p.path) == os.path.basename(progress.path))
        report_ctx = context.build(record, as_issued, issued)
    elif progress is not None:
        # the plan already shows the latest progress: the same view-model serves the report
        report_ctx = plan_ctx if progress is strategy.latest and not issued else \
            context.build(strategy, progress, issued)
    pieces = [Piece("plan", plan_ctx, out_dir / f"{name}-action-plan", when(strategy, strategy.latest))]
    if progress is not None:
        # a user template is for the plan: the report's Markdown and HTML keep the built-in one
        pieces.append(Piece("report", report_ctx, out_dir / f"{name}-progress-report-{progress.as_at.isoformat()}",
                            when(strategy, progress), templated=frozenset(("docx",))))
    return render_build(pieces, formats, sources)


def render_young_people(strategy, progress, out_dir: Path, name: str, sources: dict, formats) -> dict[Path, bytes]:
    """The young people's version's files, by target path; raises CpstratError before anything is written."""
    from cpstrat.outputs.documents import young_people
    from cpstrat.outputs.registry import Piece, render_build

    piece = Piece("young-people", young_people.view(strategy, progress), out_dir / f"{name}-young-people",
                  when(strategy, progress or strategy.latest), template_name="the young people's template")
    return render_build([piece], formats, sources)


def check_document(strategy, document: str, path: str) -> None:
    """Refuse a document the folder cannot make: a local offer without local-offer.yaml, a plan without a strategy."""
    from cpstrat.checks.offer import OFFER_FILE

    if document == "local-offer" and strategy.local_offer is None:
        raise CpstratError([make("CP127", path, problem=f"the strategy folder has no {OFFER_FILE}",
                                 hint=f"write {OFFER_FILE} beside strategy.yaml (see docs/local-offer.md)")])
    if document == "scorecard" and not strategy.figures:
        raise CpstratError([make("CP199", path, problem="no indicator of the strategy reads published figures",
                                 hint="give an indicator `data: {file: ..., column: ..., filters: ...}` and the "
                                      "strategy `benchmarks: {la_code: ...}` (see docs/scorecard.md)")])
    if document != "local-offer" and strategy.raw is None and strategy.local_offer is not None:
        raise CpstratError([make("CP127", path, problem=f"the folder holds only {OFFER_FILE}, no strategy",
                                 hint="build it with --document local-offer, or add strategy.yaml")])


def render_scorecard(strategy, progress, out_dir: Path, name: str, sources: dict, formats) -> dict[Path, bytes]:
    """The scorecard's files, by target path (NAME-scorecard.EXT); raises CpstratError before anything is written."""
    from cpstrat.outputs.registry import Piece, render_build
    from cpstrat.outputs.views import context

    piece = Piece("scorecard", context.build(strategy, progress), out_dir / f"{name}-scorecard", when(strategy, progress))
    return render_build([piece], formats, sources)


def render_local_offer(strategy, progress, out_dir: Path, name: str, sources: dict, formats) -> dict[Path, bytes]:
    """The published local offer's files, by target path; raises CpstratError before anything is written."""
    from cpstrat.outputs.documents import local_offer
    from cpstrat.outputs.registry import Piece, render_build

    day = strategy.local_offer.published or dt.date(2000, 1, 1)
    piece = Piece("local-offer", local_offer.view(strategy), out_dir / f"{name}-local-offer",
                  dt.datetime(day.year, day.month, day.day), template_name="the local offer template")
    return render_build([piece], formats, sources)
