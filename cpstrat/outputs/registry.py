"""Which renderer writes each (document, format), and the one loop that renders a build's documents.

To add a format: write its renderer in the format's sub-package (word/, web/, pdf/, text/) and add one
line per document to RENDERERS below; each command's `--format` choices are read from here (`formats`).
Every renderer of a document takes the same arguments:

- plan, report, scorecard, young-people, local-offer (what `cpstrat build` writes): (view, template, stamp) -> bytes,
  where template is the user's template for that format (a reference .docx's bytes, a Jinja text) or None;
- diff: (diff, old label, new label, Extras) -> str or bytes;
- compare: (comparison) -> str or bytes;
- check: (results, strict, colour) -> str;
- history: (action id, entries, the action now) -> str.

Renderers import their format's libraries when called, so importing this module stays cheap.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpstrat.format.diagnostics import CpstratError, make

# -- the documents of `cpstrat build` ----------------------------------------------------------


def _word(module: str) -> Callable[[Any, Any, dt.datetime], bytes]:
    def render(view, template, stamp: dt.datetime) -> bytes:
        import importlib

        from cpstrat.outputs import default_reference

        document = importlib.import_module(module).render(view, template or default_reference())
        return document if isinstance(document, bytes) else document.to_bytes(stamp)

    return render


def _page(kind: str, fmt: str) -> Callable[[Any, Any, dt.datetime], bytes]:
    def render(view, template, stamp: dt.datetime) -> bytes:
        from cpstrat.outputs.web import pages

        return pages.render(view, fmt, template, kind).encode("utf-8")

    return render


def _document(module: str, fmt: str) -> Callable[[Any, Any, dt.datetime], bytes]:
    """A document of outputs/documents/ (the young people's version, the local offer): each module has docx()
    and text(); imported when it renders, so that `check` does not load python-docx."""
    def render(view, template, stamp: dt.datetime) -> bytes:
        import importlib

        from cpstrat.outputs import default_reference

        document = importlib.import_module(module)
        if fmt == "docx":
            return document.docx(view, template or default_reference(), stamp)
        return document.text(view, fmt, template).encode("utf-8")

    return render


# -- diff, compare and check -----------------------------------------------------------------


@dataclass(frozen=True)
class Extras:
    """What some diff formats show beyond the changes: colour, the strategy's metadata, the names of ids and
    (for the paper formats: md, html, docx) the two versions in a reader's words."""

    colour: bool = False
    about: dict | None = None
    names: dict | None = None
    before: dict | None = None
    described: tuple[str, str] | None = None

    def words(self, old: str, new: str) -> tuple[str, str]:
        return self.described or (f"the version in {old}", f"the version in {new}")


def _diff_text(result, old: str, new: str, extras: Extras) -> str:
    from cpstrat.outputs.text import diff

    return diff.render(result, old, new, colour=extras.colour)


def _diff_md(result, old: str, new: str, extras: Extras) -> str:
    from cpstrat.outputs.web import diff

    return diff.render(result, *extras.words(old, new), extras.about, names=extras.names, before=extras.before)


def _diff_html(result, old: str, new: str, extras: Extras) -> str:
    from cpstrat.outputs.web import pages

    return pages.markdown_page(_diff_md(result, old, new, extras), (extras.about or {}).get("glossary"))


def _diff_json(result, old: str, new: str, extras: Extras) -> str:
    from cpstrat.util.escape import json_text

    return json_text({"old": old, "new": new, **result.to_json()}, indent=2, ensure_ascii=False)


def _diff_docx(result, old: str, new: str, extras: Extras) -> bytes:
    from cpstrat.outputs.word import diff

    return diff.render(result, *extras.words(old, new), extras.about, names=extras.names, before=extras.before)


def _compare_table(result) -> str:
    from cpstrat.outputs.views import compare

    return compare.text_table(result)


def _compare_md(result) -> str:
    from cpstrat.outputs.views import compare

    return compare.markdown(result)


def _compare_html(result) -> str:
    from cpstrat.outputs.views import compare
    from cpstrat.outputs.web import pages

    return pages.markdown_page(compare.markdown(result))


def _compare_json(result) -> str:
    from cpstrat.analysis import compare
    from cpstrat.util.escape import json_text

    return json_text(compare.as_dict(result), indent=2, ensure_ascii=False) + "\n"


def _compare_docx(result) -> bytes:
    from cpstrat.outputs.word import compare

    return compare.render(result)


def _check(fmt: str) -> Callable[[Any, bool, bool], str]:
    def render(results, strict: bool = False, colour: bool = False) -> str:
        from cpstrat.outputs.text import check

        if fmt == "text":
            return check.text(results, strict, colour=colour)
        return getattr(check, CHECK_FUNCTIONS[fmt])(results, strict)

    return render


def _history_text(action: str, entries: list[Any], now: dict[str, Any]) -> str:
    from cpstrat.outputs.text import history

    return history.render(action, entries, now)


def _history_json(action: str, entries: list[Any], now: dict[str, Any]) -> str:
    import json

    return json.dumps({"action": action, "commits": [e.to_json() for e in entries], **now}, indent=2,
                      ensure_ascii=False)


CHECK_FUNCTIONS = {"json": "as_json", "github": "github", "junit": "junit", "sarif": "sarif"}

# (document, format) -> renderer; the order of each document's formats is the order its --format help lists them
# and the order a build writes (and its manifest lists) its files.
RENDERERS: dict[tuple[str, str], Callable[..., Any]] = {
    ("plan", "docx"): _word("cpstrat.outputs.word.plan"),
    ("plan", "md"): _page("plan", "md"),
    ("plan", "html"): _page("plan", "html"),
    ("report", "docx"): _word("cpstrat.outputs.word.report"),
    ("report", "md"): _page("report", "md"),
    ("report", "html"): _page("report", "html"),
    ("scorecard", "docx"): _word("cpstrat.outputs.word.scorecard"),
    ("scorecard", "md"): _page("scorecard", "md"),
    ("scorecard", "html"): _page("scorecard", "html"),
    ("young-people", "docx"): _document("cpstrat.outputs.documents.young_people", "docx"),
    ("young-people", "md"): _document("cpstrat.outputs.documents.young_people", "md"),
    ("young-people", "html"): _document("cpstrat.outputs.documents.young_people", "html"),
    ("local-offer", "docx"): _document("cpstrat.outputs.documents.local_offer", "docx"),
    ("local-offer", "md"): _document("cpstrat.outputs.documents.local_offer", "md"),
    ("local-offer", "html"): _document("cpstrat.outputs.documents.local_offer", "html"),
    ("diff", "text"): _diff_text,
    ("diff", "md"): _diff_md,
    ("diff", "json"): _diff_json,
    ("diff", "docx"): _diff_docx,
    ("diff", "html"): _diff_html,
    ("compare", "table"): _compare_table,
    ("compare", "md"): _compare_md,
    ("compare", "json"): _compare_json,
    ("compare", "docx"): _compare_docx,
    ("compare", "html"): _compare_html,
    **{("check", fmt): _check(fmt) for fmt in ("text", "json", "github", "junit", "sarif")},
    ("history", "text"): _history_text,
    ("history", "json"): _history_json,
}

# formats made from another format's output rather than by a renderer of their own
DERIVED = {"pdf": "docx"}  # a tagged PDF is converted from the Word document (pdf/convert.py)


def formats(document: str) -> tuple[str, ...]:
    """The formats `document` can be written in, in their order."""
    return tuple(fmt for doc, fmt in RENDERERS if doc == document)


def renderer(document: str, fmt: str) -> Callable[..., Any]:
    return RENDERERS[document, fmt]


BUILD_FORMATS = ("docx", "md", "html", *DERIVED)


@dataclass
class Piece:
    """One document of a build: its renderer's input, where each format's file goes, and its date."""

    document: str
    view: Any
    stem: Path  # the target without its suffix: <out>/<name>-action-plan
    stamp: dt.datetime
    # the formats for which the user's template (--template) applies; the others use the built-in one
    templated: frozenset[str] = field(default_factory=lambda: frozenset(("docx", "md", "html")))
    template_name: str | None = None  # how an error names the template; None: "the user/built-in template for md"


def render_build(pieces: Iterable[Piece], formats, templates: dict) -> dict[Path, bytes]:
    """Every file of a build's documents, by target path: format by format, document by document."""
    pieces = list(pieces)
    files: dict[Path, bytes] = {}
    for fmt in ("docx", "md", "html"):
        if fmt not in formats:
            continue
        for piece in pieces:
            template = templates.get(fmt) if fmt in piece.templated else None
            files[piece.stem.with_name(f"{piece.stem.name}.{fmt}")] = _render_piece(piece, fmt, template)
    return files


def _render_piece(piece: Piece, fmt: str, template) -> bytes:
    from cpstrat.outputs.web.pages import TemplateProblem

    render = renderer(piece.document, fmt)
    if fmt == "docx":
        return render(piece.view, template, piece.stamp) if template is None else \
            _user_word(render, piece.view, template, piece.stamp)
    try:
        return render(piece.view, template, piece.stamp)
    except TemplateProblem as exc:
        where = piece.template_name or \
            f"{'the user template' if template is not None else 'the built-in template'} for {fmt}"
        raise template_problem(where, str(exc), "correct the template at that line (Jinja syntax, sandboxed)",
                               exc.line) from None


def _user_word(render, view, reference: bytes, stamp: dt.datetime) -> bytes:
    """A Word document on the user's reference document, refused (CP048) if it fails or Word could not open it."""
    try:
        data = render(view, reference, stamp)
        check_output(data)
        return data
    except Exception as exc:  # noqa: BLE001 - any failure here is the user's reference document
        # e.g. a .docx without a style the documents need ('Heading 2'), or a damaged package
        problem = str(exc).strip("'\"") or type(exc).__name__
        raise template_problem("the Word template (--template)", problem,
                               "start from templates/reference.docx, which has every style needed") from None


def template_problem(where: str, problem: str, fix: str, line: int = 0) -> CpstratError:
    """A template (a reference .docx or a Jinja template) that cannot be used (CP048)."""
    return CpstratError([make("CP048", where, line, 0, problem=problem, fix=fix)])


def check_output(data: bytes) -> None:
    """Refuse a document built on a user's template that Word could not open: damaged XML or a DOCTYPE."""
    import io

    import docx

    from cpstrat.util.archive import Budget, PackageProblem, check_xml_parts, external_content, open_package

    with open_package(data, Budget(max_total=1 << 62)) as archive:
        parts = check_xml_parts(archive)
    for part, what in external_content(parts):
        raise PackageProblem(f"the document built would hold, in part {part}, {what}")
    docx.Document(io.BytesIO(data))
