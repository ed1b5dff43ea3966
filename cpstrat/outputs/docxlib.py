"""A small API for writing accessible, reproducible Word documents.

Generic: it knows about headings, tables and pictures, never about strategies.
Every document it writes has a title and a language, real Heading styles (a
skipped level raises), tables with a repeating header row, a caption and no
merged cells, and alt text on every picture. `to_bytes()` gives the same bytes
for the same content: fixed zip entry dates and core properties.

The look (fonts, colours, headers, footers, logo) comes from a reference
document: its styles and section settings are kept, its body is emptied.

    doc = Document(reference)                 # a path, bytes, or None (python-docx's default look)
    doc.set_properties(title="...", language="en-GB")
    doc.landscape()                           # optional, for wide tables
    doc.title("Report title", ["Council", "Date"])
    doc.heading("Progress", 1)
    doc.paragraph("Text")
    doc.bullets(["one", "two"])
    doc.table(["Id", "Status"], [["A01", "On track"]], caption="Actions")
    doc.picture(png, alt_text="...", width_cm=14, caption="...")
    data = doc.to_bytes(when=datetime(2023, 3, 31))
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.enum.text import WD_BREAK
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from lxml import etree

# A zip entry date before which no zip tool is confused (the DOS epoch).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# Characters XML 1.0 cannot hold; python-docx would raise on them.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@dataclass(frozen=True)
class Cell:
    """A table cell with an optional background fill (hex, e.g. 'E2EFDA') and bold text.

    The fill is decoration only: the text must carry the meaning.
    """

    text: str
    fill: str = ""
    bold: bool = False


class HeadingLevelError(ValueError):
    """A heading would skip a level (e.g. a level 3 straight after a level 1)."""


def clean(text) -> str:
    """Text as Word can hold it: str, with characters XML forbids removed."""
    if text is None:
        return ""
    return _BAD_XML.sub("", str(text))


class Document:
    def __init__(self, reference: Path | str | bytes | None = None):
        if isinstance(reference, bytes):
            self.doc = docx.Document(io.BytesIO(reference))
        else:
            self.doc = docx.Document(str(reference) if reference else None)
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._level = 0
        self._tables = 0
        self._figures = 0
        # body rows of large tables, kept as cells and written as XML text when the file is
        # written (see DEFER_ROWS): marker number -> (rows of Cells, column widths in twips)
        self._deferred: dict[int, tuple[list, list | None]] = {}
        # style name -> id, read once: python-docx looks styles up by scanning them all
        self._style_ids = {s.name: s.style_id for s in self.doc.styles if s.name}
        self._bullet_style = _first_style(self.doc, ("List Bullet", "List Paragraph"))
        self._caption_style = _first_style(self.doc, ("Caption",))
        self._table_style = _first_style(self.doc, ("Table Grid",))

    def _add(self, text: str = "", style: str | None = None):
        """A paragraph in the named style (KeyError when the reference document lacks it)."""
        para = self.doc.add_paragraph(text)
        if style:
            if style not in self._style_ids:
                raise KeyError(f"the reference document has no style named '{style}'")
            para._p.style = self._style_ids[style]
        return para

    # -- properties ---------------------------------------------------------------
    def set_properties(self, title: str, language: str = "en-GB", subject: str = "",
                       author: str = "", keywords: str = "") -> None:
        """Document title and language (core properties and the default run language)."""
        core = self.doc.core_properties
        core.title = clean(title)
        core.language = language
        core.subject = clean(subject)
        core.author = clean(author)
        core.keywords = clean(keywords)
        core.last_modified_by = clean(author)
        core.comments = ""
        core.category = ""
        core.revision = 1
        self._default_language(language)

    def _default_language(self, language: str) -> None:
        styles = self.doc.styles.element
        defaults = styles.find(qn("w:docDefaults"))
        if defaults is None:
            defaults = OxmlElement("w:docDefaults")
            styles.insert(0, defaults)
        rpr_default = _child(defaults, "w:rPrDefault", first=True)
        rpr = _child(rpr_default, "w:rPr")
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), language)
        lang.set(qn("w:eastAsia"), language)
        lang.set(qn("w:bidi"), language)
        # The document settings carry the proofing language too.
        settings = self.doc.settings.element
        theme = settings.find(qn("w:themeFontLang"))
        if theme is not None:
            theme.set(qn("w:val"), language)

    # -- blocks -------------------------------------------------------------------
    def heading(self, text: str, level: int) -> None:
        """A real Heading N paragraph; levels may go down freely but up only one at a time."""
        if level < 1 or level > self._level + 1:
            raise HeadingLevelError(
                f"heading '{text}' at level {level} follows level {self._level}: levels cannot be skipped")
        self._level = level
        self._add(clean(text), f"Heading {level}")

    def title(self, text: str, subtitle_lines=()) -> None:
        """A title page block: the title as a level-1 heading in the Title look, then lines."""
        para = self._add(clean(text), "Heading 1")
        if para.runs and "Title Char" in _names(self.doc):
            # Heading 1 keeps the outline level (navigation pane, PDF bookmarks);
            # the Title style's look is applied to the text on top.
            para.runs[0].style = self.doc.styles["Title Char"]
        self._level = 1
        for line in subtitle_lines:
            self.paragraph(line, style="Subtitle" if "Subtitle" in _names(self.doc) else None)

    def paragraph(self, text: str = "", style: str | None = None, bold_prefix: str = "") -> None:
        """A paragraph; bold_prefix (e.g. 'Lead: ') is set in bold before the text."""
        para = self._add(style=style)
        if bold_prefix:
            para.add_run(clean(bold_prefix)).bold = True
        for i, line in enumerate(clean(text).split("\n")):
            run = para.add_run(line)
            if i:
                run._r.addprevious(_break())

    def paragraphs(self, text: str) -> None:
        """Text with blank-line separated paragraphs, one Word paragraph each."""
        for block in re.split(r"\n\s*\n", clean(text).strip()):
            if block.strip():
                self.paragraph(block.strip())

    def bullets(self, items) -> None:
        for item in items:
            self._add(clean(item), self._bullet_style)

    def landscape(self) -> None:
        """Turn the (last) section's pages sideways, for wide tables; margins are kept."""
        from docx.enum.section import WD_ORIENT

        section = self.doc.sections[-1]
        if section.orientation != WD_ORIENT.LANDSCAPE:
            width, height = section.page_width, section.page_height
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = max(width, height), min(width, height)

    def text_width_cm(self) -> float:
        """The width between the margins, for sizing tables and pictures."""
        section = self.doc.sections[-1]
        return (section.page_width - section.left_margin - section.right_margin) / 360000

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, header, rows, caption: str, widths_cm=None, description: str = "") -> None:
        """A data table: one header row that repeats on each page, no merged cells.

        `rows` hold str or Cell values. The caption is shown above the table
        (Caption style) and stored as the table's title for assistive technology.
        """
        header = [clean(h) for h in header]
        self._tables += 1
        if caption:
            self._add(f"Table {self._tables}: {clean(caption)}", self._caption_style)
        tbl = self.doc.add_table(rows=0, cols=len(header))
        if self._table_style is not None:
            tbl._tbl.tblPr.style = self._style_ids[self._table_style]
        tbl_el = tbl._tbl
        tbl_pr = tbl_el.tblPr
        look = tbl_pr.find(qn("w:tblLook"))
        if look is None:
            look = OxmlElement("w:tblLook")
            tbl_pr.append(look)
        for attr, val in (("firstRow", "1"), ("lastRow", "0"), ("firstColumn", "0"),
                          ("lastColumn", "0"), ("noHBand", "1"), ("noVBand", "1"), ("val", "0420")):
            look.set(qn(f"w:{attr}"), val)
        if caption:
            el = OxmlElement("w:tblCaption")
            el.set(qn("w:val"), clean(caption))
            tbl_pr.append(el)
        if description:
            el = OxmlElement("w:tblDescription")
            el.set(qn("w:val"), clean(description))
            tbl_pr.append(el)
        grid = tbl_el.tblGrid
        twips = [int(w * 567) for w in widths_cm] if widths_cm else None
        if twips:
            for col, width in zip(grid.findall(qn("w:gridCol")), twips):
                col.set(qn("w:w"), str(width))
        body = []
        for row in rows:
            cells = [c if isinstance(c, Cell) else Cell(c) for c in row]
            if len(cells) != len(header):
                raise ValueError(f"table '{caption}': a row has {len(cells)} cells, the header {len(header)}")
            body.append(cells)
        tbl_el.extend(_rows([[Cell(h, bold=True) for h in header]], twips, header=True))
        if len(body) > DEFER_ROWS:
            marker = len(self._deferred)
            self._deferred[marker] = (body, twips)
            tbl_el.append(etree.Comment(f"{_MARKER}{marker}"))
        else:
            tbl_el.extend(_rows(body, twips))

    def picture(self, png: bytes, alt_text: str, width_cm: float = 15, caption: str = "") -> None:
        """A picture with alt text (the drawing's descr and title), in its own paragraph."""
        if not alt_text.strip():
            raise ValueError("a picture needs alt text")
        self._figures += 1
        para = self.doc.add_paragraph()
        para.paragraph_format.space_before = Cm(0.4)
        para.paragraph_format.keep_with_next = bool(caption)
        run = para.add_run()
        run.add_picture(io.BytesIO(png), width=Cm(width_cm))
        for doc_pr in run._r.iter(qn("wp:docPr")):
            doc_pr.set("descr", clean(alt_text))
            doc_pr.set("title", clean(caption or alt_text)[:250])
        if caption:
            self._add(f"Figure {self._figures}: {clean(caption)}", self._caption_style)

    # -- output -------------------------------------------------------------------
    def all_text(self) -> list[str]:
        """Every paragraph and table cell written so far (for glossaries of what a document uses)."""
        body = self.doc.element.body
        out = []
        for el in body.iter(qn("w:p"), etree.Comment):
            if el.tag is etree.Comment:
                marker = _marker(el.text)
                if marker is not None:  # a deferred table's cells, one paragraph each, in order
                    out.extend(clean(c.text).replace("\n", "") for row in self._deferred[marker][0] for c in row)
            else:
                out.append("".join(t.text or "" for t in el.iter(qn("w:t"))))
        return out

    def to_bytes(self, when: dt.datetime) -> bytes:
        """The .docx bytes: same content and `when` give the same bytes, whatever the clock."""
        when = when.replace(tzinfo=None, microsecond=0)
        core = self.doc.core_properties
        core.created = when
        core.modified = when
        if core.last_printed is not None:
            core.last_printed = when
        package = self.doc.part.package
        out = io.BytesIO()
        writer = _FixedZipWriter(out, self._expand if self._deferred else None)
        try:
            # python-docx's own save, with a zip writer that fixes every entry's date
            # (one compression pass instead of saving and rewriting the zip)
            for part in package.parts:
                part.before_marshal()
            PackageWriter._write_content_types_stream(writer, package.parts)
            PackageWriter._write_pkg_rels(writer, package.rels)
            PackageWriter._write_parts(writer, package.parts)
        except AttributeError:  # a python-docx without these helpers: save, then rewrite
            writer.close()
            self._materialise()
            raw = io.BytesIO()
            self.doc.save(raw)
            return normalise_zip(raw.getvalue())
        writer.close()
        return out.getvalue()


    def _expand(self, blob: bytes):
        """The part's XML with each deferred table's rows written where its marker stands, in pieces."""
        pieces = _MARKER_SPLIT.split(blob)
        yield pieces[0]
        for i in range(1, len(pieces), 2):
            rows, twips = self._deferred[int(pieces[i])]
            for start in range(0, len(rows), 500):
                yield _rows_xml(rows[start:start + 500], twips).encode("utf-8")
            yield pieces[i + 1]

    def _materialise(self) -> None:
        """Put every deferred table's rows into the document tree, as small tables have them."""
        body = self.doc.element.body
        for el in list(body.iter(etree.Comment)):
            marker = _marker(el.text)
            if marker is not None:
                rows, twips = self._deferred[marker]
                parent = el.getparent()
                parent.remove(el)
                parent.extend(_rows(rows, twips))
        self._deferred.clear()


# A table with more body rows than this keeps them out of the document tree until the
# file is written: a 10,000-action plan holds tens of thousands of rows, and as XML
# elements they took several times the memory of everything else the build holds.
DEFER_ROWS = 500
_MARKER = "cpstrat-deferred-rows-"
_MARKER_SPLIT = re.compile(rb"<!--" + _MARKER.encode() + rb"(\d+)-->")


def _marker(text) -> int | None:
    return int(text[len(_MARKER):]) if text and text.startswith(_MARKER) else None


class _FixedZipWriter:
    """python-docx's physical package writer interface, writing entries with fixed dates."""

    def __init__(self, stream, expand=None):
        self._zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED)
        self._expand = expand

    def write(self, pack_uri, blob: bytes) -> None:
        info = _entry(pack_uri.membername)
        if self._expand is not None and _MARKER_SPLIT.search(blob):
            with self._zip.open(info, "w") as entry:  # zlib's default level, the 6 writestr is given
                for piece in self._expand(blob):
                    entry.write(piece)
            return
        self._zip.writestr(info, blob, compresslevel=6)

    def close(self) -> None:
        self._zip.close()


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    return info


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates and attributes, entries in their original order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(_entry(info.filename), src.read(info.filename), compresslevel=6)
    return out.getvalue()


def _rows(rows, twips, header: bool = False) -> list:
    """w:tr elements for rows of Cells, built as one XML string and parsed once.

    Building thousands of cells element by element is the slow part of a large
    plan; one parse of escaped text is about ten times faster.
    """
    return list(parse_xml(f"<w:tbl {nsdecls('w')}>{_rows_xml(rows, twips, header)}</w:tbl>"))


def _rows_xml(rows, twips, header: bool = False) -> str:
    """w:tr elements as XML text, written as lxml writes them in a document."""
    start = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else "<w:tr>"
    widths = twips or [0] * max((len(r) for r in rows), default=0)
    parts = []
    for cells in rows:
        parts.append(start)
        parts.extend(_cell_xml(cell, width) for cell, width in zip(cells, widths, strict=False))
        parts.append("</w:tr>")
    return "".join(parts)


@lru_cache(maxsize=65536)
def _cell_xml(cell: Cell, width: int) -> str:
    """One w:tc; cached because a plan repeats each action in several tables."""
    pr = f'<w:tcW w:w="{width}" w:type="dxa"/>' if width else ""
    if cell.fill:
        pr += f'<w:shd w:val="clear" w:color="auto" w:fill={quoteattr(cell.fill)}/>'
    run_pr = "<w:rPr><w:b/></w:rPr>" if cell.bold else ""
    text = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(line)}</w:t>'
                          for line in clean(cell.text).split("\n"))
    return f"<w:tc><w:tcPr>{pr}</w:tcPr><w:p><w:r>{run_pr}{text}</w:r></w:p></w:tc>"


def _break():
    r = OxmlElement("w:r")
    r.append(OxmlElement("w:br"))
    return r


def _child(parent, tag: str, first: bool = False):
    el = parent.find(qn(tag))
    if el is None:
        el = OxmlElement(tag)
        if first:
            parent.insert(0, el)
        else:
            parent.append(el)
    return el


def _names(doc) -> set:
    return {s.name for s in doc.styles}


def _first_style(doc, names):
    present = _names(doc)
    return next((n for n in names if n in present), None)


__all__ = ["Cell", "Document", "HeadingLevelError", "clean", "normalise_zip"]
