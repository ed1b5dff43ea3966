"""A small API for writing accessible, reproducible Word documents.

Generic: it knows about headings, tables and pictures, never about strategies.
Every document it writes has a title and a language, real Heading styles (a
skipped level raises), tables with a repeating header row, a caption and no
merged cells, and alt text on every picture and chart. Table columns are
sized to their content (no column narrower than its longest word, so no word
is split inside a cell, nor than its widest short cell, so a status or a date
stays on one line) and rows never break across a page. `to_bytes()` gives the same bytes
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
    doc.chart(chart_xml, alt_text="...", caption="...")   # a native chart part (see chart.py)
    data = doc.to_bytes(when=datetime(2023, 3, 31))
"""

from __future__ import annotations

import datetime as dt
import io
import re
import struct
import zipfile
from functools import cache, lru_cache
from itertools import chain, repeat
from pathlib import Path
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Emu, Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

# A zip entry date before which no zip tool is confused (the DOS epoch).
ZIP_DATE = (1980, 1, 1, 0, 0, 0)
# python-docx refuses a core property (title, subject, ...) longer than this.
PROPERTY_LIMIT = 255
# Entry attributes as zipfile writes them for an entry without any (rw- for the owner).
_ATTRIBUTES = 0o600 << 16
# Left plus right cell margin of Word's default table (0.19 cm each), and a little slack
# for the difference between the estimate and the real font.
CELL_PADDING_CM = 0.5
CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
CHART_URI = "http://schemas.openxmlformats.org/drawingml/2006/chart"
# Characters XML 1.0 cannot hold; python-docx would raise on them.
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class Cell(NamedTuple):
    """A table cell with an optional background fill (hex, e.g. 'E2EFDA') and bold text.

    The fill is decoration only: the text must carry the meaning. A named tuple
    rather than a dataclass: a large plan makes hundreds of thousands of cells,
    and each is hashed as the key of its cached XML.
    """

    text: str
    fill: str = ""
    bold: bool = False


def _cell(value) -> Cell:
    """A row's value as a Cell whose text Word can hold."""
    if isinstance(value, Cell):
        return Cell(clean(value.text), value.fill, value.bold)
    return Cell(clean(value))


class HeadingLevelError(ValueError):
    """A heading would skip a level (e.g. a level 3 straight after a level 1)."""


def clean(text) -> str:
    """Text as Word can hold it: str, with characters XML forbids removed."""
    if text is None:
        return ""
    return _BAD_XML.sub("", str(text))


def fit(text, limit: int = PROPERTY_LIMIT) -> str:
    """Text cleaned and cut to `limit` characters for a core property: at a word boundary, with an ellipsis.

    The full text stays in the document body; the property is what a file
    browser or screen reader announces, where a shortened title does no harm.
    """
    text = " ".join(clean(text).split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "\u2026"


class Document:
    def __init__(self, reference: Path | str | bytes | None = None, compact_tables: bool = False):
        """compact_tables: table text 1 pt smaller than the body (not below 11 pt), for board papers."""
        if isinstance(reference, bytes):
            self.doc = docx.Document(io.BytesIO(reference))
        else:
            self.doc = docx.Document(str(reference) if reference else None)
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        self._end = None  # the body's section properties, before which every paragraph goes
        # A document prints its ids, titles and leads in several tables: each cell is made and written
        # once, and these caches go with the document.
        self._cell = lru_cache(maxsize=None, typed=True)(_cell)
        self._cell_xml = lru_cache(maxsize=None)(_cell_xml)
        self._level = 0
        self._numbered: int | None = None  # the numId of numbered paragraphs, while they are on
        self._tables = 0
        self._figures = 0
        # body rows of large tables, kept as cells and written as XML text when the file is
        # written (see DEFER_ROWS): marker number -> (rows of Cells, column widths in twips)
        self._deferred: dict[int, tuple[list, list | None, str] | _Paragraphs] = {}
        self._open: tuple | None = None  # the marker and paragraphs of the run of text paragraphs last added
        # style name -> id, read once: python-docx looks styles up by scanning them all
        self._style_ids = {s.name: s.style_id for s in self.doc.styles if s.name}
        self._bullet_style = _first_style(self.doc, ("List Bullet", "List Paragraph"))
        self._caption_style = _first_style(self.doc, ("Caption",))
        self._table_style = _first_style(self.doc, ("Table Grid",))
        self.font_name, self.font_pt = _body_font(self.doc)
        self.table_pt = _table_font(self.doc, self._table_style, self.font_pt) if compact_tables else self.font_pt
        self._table_text = self._table_text_style()

    def _table_text_style(self) -> str:
        """The id of the paragraph style of table cells: the reference document's "Table Text" if it has
        one (a council's house style), else one added: single spacing, no space after (the document's
        paragraph spacing is for prose), and the table size. One style, rather than the same formatting
        written into every cell, keeps a large plan's document part much smaller (docs/benchmarks.md)."""
        if "Table Text" in self._style_ids:
            size = self.doc.styles["Table Text"].font.size
            if size:  # columns are sized for the text as it will print
                self.table_pt = size.pt
            return self._style_ids["Table Text"]
        style = self.doc.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
        if "Normal" in self._style_ids:
            style.base_style = self.doc.styles["Normal"]
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.line_spacing = 1.0
        if self.table_pt != self.font_pt:  # Word lets Normal's size win over a table style's: set it here
            style.font.size = Pt(self.table_pt)
            size_cs = OxmlElement("w:szCs")
            size_cs.set(qn("w:val"), str(int(self.table_pt * 2)))
            style.element.get_or_add_rPr().get_or_add_sz().addnext(size_cs)
        self._style_ids["Table Text"] = style.style_id
        return style.style_id

    def _paragraph(self) -> Paragraph:
        """A new empty paragraph at the end of the body, before its section properties."""
        return Paragraph(self._block(OxmlElement("w:p")), self.doc)

    def _block(self, element):
        """Add a block (w:p or w:tbl) at the end of the body, before its section properties; return it.

        cpstrat makes each block's XML element itself and wraps it in python-docx's public proxies
        (Paragraph, Table, Run): python-docx 1.2 gives no public way back from a proxy to its element,
        which the accessible markup (styles by id, table headers, alt text) is written on. And its
        add_paragraph looks for the section properties among all of the body's children each time,
        so a document of many paragraphs (the young people's version of a large plan) took time in the
        square of its length."""
        end = self.doc.element.body.find(qn("w:sectPr")) if self._end is None else self._end
        if end is not None:
            end.addprevious(element)
            self._end = end
        else:
            self.doc.element.body.append(element)
        return element

    def _style_id(self, style: str | None) -> str | None:
        """The id of a named paragraph style (KeyError when the reference document lacks it)."""
        if not style:
            return None
        if style not in self._style_ids:
            raise KeyError(f"the reference document has no style named '{style}'")
        return self._style_ids[style]

    def _text(self, style: str | None, keep_with_next: bool, runs: tuple, numbered: bool = False) -> None:
        """A paragraph of plain and bold text, kept as text until the file is written (see _Paragraphs).

        Consecutive paragraphs share one marker in the body; anything else added to the body (a table,
        a picture, a paragraph python-docx makes) ends the run of them, so the order is kept."""
        spec: tuple = (self._style_id(style), keep_with_next, runs)
        if self._numbered is not None and (numbered or style == "Heading 1"):
            # Word's own numbering (numbering.xml): section numbers on level-1 headings, 1.1, 1.2 ... on
            # the paragraphs asked for under them, so numbers follow when the paper is edited
            spec = (*spec, (self._numbered, 1 if numbered else 0))
        if not DEFER_PARAGRAPHS:
            _paragraph_element(self._block(OxmlElement("w:p")), *spec)
            return
        body = self.doc.element.body
        end = body.find(qn("w:sectPr")) if self._end is None else self._end
        last = end.getprevious() if end is not None else (body[-1] if len(body) else None)
        if self._open is None or last is not self._open[0]:
            marker = len(self._deferred)
            block = _Paragraphs()
            self._deferred[marker] = block
            comment = etree.Comment(f"{_MARKER}{marker}")
            if end is not None:
                end.addprevious(comment)
                self._end = end
            else:
                body.append(comment)
            self._open = (comment, block)
        self._open[1].append(spec)

    def _add(self, text: str = "", style: str | None = None):
        """A paragraph in the named style (KeyError when the reference document lacks it)."""
        p = self._block(OxmlElement("w:p"))
        para = Paragraph(p, self.doc)
        if text:
            para.add_run(text)
        if style:
            if style not in self._style_ids:
                raise KeyError(f"the reference document has no style named '{style}'")
            p.style = self._style_ids[style]
        return para

    # -- properties ---------------------------------------------------------------
    def set_properties(self, title: str, language: str = "en-GB", subject: str = "",
                       author: str = "", keywords: str = "") -> None:
        """Document title and language (core properties and the default run language)."""
        core = self.doc.core_properties
        core.title = fit(title)
        core.language = fit(language)
        core.subject = fit(subject)
        core.author = fit(author)
        core.keywords = fit(keywords)
        core.last_modified_by = fit(author)
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

    def number_paragraphs(self, on: bool = True) -> None:
        """From here, number level-1 headings 1, 2 ... and body paragraphs 1.1, 1.2 ... (off: stop).

        One multi-level list in the document's numbering part: Word and LibreOffice keep counting when
        a paragraph is added or moved, and a paragraph typed after a numbered one takes the next number."""
        if not on:
            self._numbered = None
            return
        if self._numbered is None:
            self._numbered = _add_numbering(self.doc.part.numbering_part.element)

    # -- blocks -------------------------------------------------------------------
    def heading(self, text: str, level: int) -> None:
        """A real Heading N paragraph; levels may go down freely but up only one at a time."""
        if level < 1 or level > self._level + 1:
            raise HeadingLevelError(
                f"heading '{text}' at level {level} follows level {self._level}: levels cannot be skipped")
        self._level = level
        text = clean(text)
        self._text(f"Heading {level}", False, ((text, False),) if text else ())

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

    def paragraph(self, text: str = "", style: str | None = None, bold_prefix: str = "",
                  keep_with_next: bool = False, numbered: bool = False) -> None:
        """A paragraph; bold_prefix (e.g. 'Lead: ') is set in bold before the text.

        keep_with_next: for a line that introduces what follows (a table, a list), so a
        page never ends between them. numbered: 1.1, 1.2 ... while number_paragraphs is on.
        """
        runs: list[tuple[str, bool] | None] = [(clean(bold_prefix), True)] if bold_prefix else []
        for i, line in enumerate(clean(text).split("\n")):
            if i:
                runs.append(_BREAK)
            runs.append((line, False))
        self._text(style, keep_with_next, tuple(runs), numbered)

    def paragraphs(self, text: str, numbered: bool = False) -> None:
        """Text with blank-line separated paragraphs, one Word paragraph each."""
        for block in re.split(r"\n\s*\n", clean(text).strip()):
            if block.strip():
                self.paragraph(block.strip(), numbered=numbered)

    def bullets(self, items) -> None:
        for item in items:
            text = clean(item)
            self._text(self._bullet_style, False, ((text, False),) if text else ())

    def landscape(self) -> None:
        """Turn the (last) section's pages sideways, for wide tables; margins are kept."""
        from docx.enum.section import WD_ORIENT

        section = self.doc.sections[-1]
        if section.orientation != WD_ORIENT.LANDSCAPE:
            # the reference document sets both; python-docx types them as optional
            width, height = int(section.page_width or 0), int(section.page_height or 0)
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Emu(max(width, height)), Emu(min(width, height))

    def text_width_cm(self) -> float:
        """The width between the margins, for sizing tables and pictures."""
        section = self.doc.sections[-1]
        return int((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)) / 360000

    def page_break(self) -> None:
        self._paragraph().add_run().add_break(WD_BREAK.PAGE)

    def table(self, header, rows, caption: str, widths_cm=None, description: str = "",
              show_caption: bool = True) -> None:
        """A data table: one header row that repeats on each page, no merged cells.

        `rows` hold str or Cell values. The caption is shown above the table
        (Caption style) and stored as the table's title for assistive technology.
        Without `widths_cm` the columns are sized to their content across the
        text width (see column_widths). show_caption=False keeps the caption as the
        table's title but prints none: for a table right under a heading that says the same.
        """
        header = [clean(h) for h in header]
        if caption and show_caption:
            self._tables += 1
            self._text(self._caption_style, False, ((f"Table {self._tables}: {clean(caption)}", False),))
        section = self.doc.sections[-1]
        # the width Document.add_table gives a table: the page's, less its margins
        block = Emu((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0))
        tbl_el = self._block(CT_Tbl.new_tbl(0, len(header), block))
        if self._table_style is not None:
            tbl_el.tblPr.style = self._style_ids[self._table_style]
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
        body = []
        for row in rows:
            cells = list(map(self._cell, row))
            if len(cells) != len(header):
                raise ValueError(f"table '{caption}': a row has {len(cells)} cells, the header {len(header)}")
            body.append(cells)
        if not widths_cm:
            widths_cm = column_widths(header, body, self.text_width_cm(), self.table_pt)
        grid = tbl_el.tblGrid
        twips = [int(w * 567) for w in widths_cm]
        for col, width in zip(grid.findall(qn("w:gridCol")), twips, strict=False):
            col.set(qn("w:w"), str(width))
        # fixed layout: Word and LibreOffice keep these widths instead of re-fitting the text
        tbl_w = tbl_pr.find(qn("w:tblW"))
        if tbl_w is not None:
            tbl_w.set(qn("w:w"), str(sum(twips)))
            tbl_w.set(qn("w:type"), "dxa")
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        look.addprevious(layout)
        style = self._table_text
        tbl_el.extend(_rows([[Cell(h, bold=True) for h in header]], twips, style, self._cell_xml, header=True))
        if len(body) > DEFER_ROWS:
            marker = len(self._deferred)
            self._deferred[marker] = (body, twips, style)
            tbl_el.append(etree.Comment(f"{_MARKER}{marker}"))
        else:
            tbl_el.extend(_rows(body, twips, style, self._cell_xml))

    def picture(self, png: bytes, alt_text: str, width_cm: float = 15, caption: str = "") -> None:
        """A picture with alt text (the drawing's descr and title), in its own paragraph."""
        if not alt_text.strip():
            raise ValueError("a picture needs alt text")
        self._figures += 1
        para_xml = self._block(OxmlElement("w:p"))
        para = Paragraph(para_xml, self.doc)
        para.paragraph_format.space_before = Cm(0.4)
        para.paragraph_format.keep_with_next = bool(caption)
        r = para_xml.add_r()
        Run(r, para).add_picture(io.BytesIO(png), width=Cm(width_cm))
        for doc_pr in r.iter(qn("wp:docPr")):
            doc_pr.set("descr", clean(alt_text))
            doc_pr.set("title", clean(caption or alt_text)[:250])
        if caption:
            below = self._add(f"Figure {self._figures}: {clean(caption)}", self._caption_style)
            # a caption below its figure ends it: the Caption style keeps with the next paragraph (right for a
            # table's caption, above it), and a chain chart, caption, heading, text, table moved whole to the
            # next page and left three-quarters of a page blank
            below.paragraph_format.keep_with_next = False

    def chart(self, chart_xml: bytes, alt_text: str, width_cm: float = 16, height_cm: float = 7,
              caption: str = "") -> None:
        """A native chart (a DrawingML chart part, see chart.py) with alt text, in its own paragraph.

        The part is added through python-docx's OPC API, so Word and LibreOffice
        draw it and a council can restyle it like any chart it made itself.
        """
        from docx.opc.part import Part

        if not alt_text.strip():
            raise ValueError("a chart needs alt text")
        self._figures += 1
        package = self.doc.part.package
        part = Part(package.next_partname("/word/charts/chart%d.xml"), CHART_CT, chart_xml, package)
        rid = self.doc.part.relate_to(part, CHART_RT)
        shape_id = self.doc.part.next_id
        para_xml = self._block(OxmlElement("w:p"))
        para = Paragraph(para_xml, self.doc)
        para.paragraph_format.space_before = Cm(0.4)
        para.paragraph_format.keep_with_next = bool(caption)
        name = f"Chart {self._figures}"
        para_xml.add_r().append(parse_xml(
            f'<w:drawing {nsdecls("w", "wp", "a", "r")}><wp:inline distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{int(width_cm * 360000)}" cy="{int(height_cm * 360000)}"/>'
            f'<wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{shape_id}" name={quoteattr(name)} descr={quoteattr(clean(alt_text))}'
            f' title={quoteattr(clean(caption or alt_text)[:250])}/>'
            f'<wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="{CHART_URI}">'
            f'<c:chart xmlns:c="{CHART_URI}" r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'))
        if caption:
            below = self._add(f"Figure {self._figures}: {clean(caption)}", self._caption_style)
            # a caption below its figure ends it: the Caption style keeps with the next paragraph (right for a
            # table's caption, above it), and a chain chart, caption, heading, text, table moved whole to the
            # next page and left three-quarters of a page blank
            below.paragraph_format.keep_with_next = False

    # -- output -------------------------------------------------------------------
    def all_text(self) -> list[str]:
        """The text of every paragraph and table cell written so far, for glossaries of what a document uses
        (a large table's repeated cells given once)."""
        body = self.doc.element.body
        out: list[str] = []
        for el in body.iter(qn("w:p"), etree.Comment):
            if el.tag is etree.Comment:
                marker = _marker(el.text)
                block = self._deferred[marker] if marker is not None else None
                if isinstance(block, _Paragraphs):
                    out.extend(_plain(spec[2]) for spec in block)
                elif block is not None:  # a deferred table's cells, one paragraph each, in order
                    # each distinct text once: the glossary asks only which acronyms appear
                    texts = dict.fromkeys(c.text for row in block[0] for c in row)
                    out.extend(text.replace("\n", "") for text in texts)
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
        raw = io.BytesIO()
        self.doc.save(raw)
        data = raw.getvalue()
        if self._deferred:
            data = self._expand_zip(data)
        return fix_zip_dates(data)

    def _expand_zip(self, data: bytes) -> bytes:
        """The saved package with each deferred table's rows written where its marker stands:
        the document part streamed into the zip in pieces, every other part as it was saved."""
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                blob = src.read(info.filename)
                if _MARKER_SPLIT.search(blob):
                    with dst.open(_entry(info.filename), "w") as entry:  # zlib's default level, as save uses
                        for piece in self._expand(blob):
                            entry.write(piece)
                else:
                    dst.writestr(_entry(info.filename), blob)
        return out.getvalue()

    def _expand(self, blob: bytes):
        """The part's XML with each deferred table's rows written where its marker stands, in pieces."""
        pieces = _MARKER_SPLIT.split(blob)
        yield pieces[0]
        for i in range(1, len(pieces), 2):
            block = self._deferred[int(pieces[i])]
            if isinstance(block, _Paragraphs):
                for start in range(0, len(block), ROWS_PER_PIECE):
                    yield "".join(_paragraph_xml(*spec) for spec in block[start:start + ROWS_PER_PIECE]).encode()
                yield pieces[i + 1]
                continue
            rows, twips, style = block
            for start in range(0, len(rows), ROWS_PER_PIECE):
                yield _rows_xml(rows[start:start + ROWS_PER_PIECE], twips, style, self._cell_xml).encode("utf-8")
            yield pieces[i + 1]


# A table with more body rows than this keeps them out of the document tree until the
# file is written: a 10,000-action plan holds tens of thousands of rows, and as XML
# elements they took several times the memory of everything else the build holds.
DEFER_ROWS = 50
ROWS_PER_PIECE = 500
# Paragraphs of text likewise: python-docx builds each run and property element by element, and a long
# document (the young people's version of a large plan) makes tens of thousands of them.
DEFER_PARAGRAPHS = True
_MARKER = "cpstrat-deferred-"
_MARKER_SPLIT = re.compile(rb"<!--" + _MARKER.encode() + rb"(\d+)-->")


def _marker(text) -> int | None:
    return int(text[len(_MARKER):]) if text and text.startswith(_MARKER) else None


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = 0
    info.external_attr = 0
    return info


def fix_zip_dates(data: bytes) -> bytes:
    """The same zip with every entry's date set to ZIP_DATE and fixed attributes.

    Patches the fixed-size header fields in place (the zip format's local and
    central headers), so nothing is decompressed or compressed again.
    """
    out = bytearray(data)
    end = out.rfind(b"PK\x05\x06")
    if end < 0:
        raise ValueError("not a zip archive")
    count, _, start = struct.unpack_from("<HII", out, end + 10)
    dos_time, dos_date = _dos(ZIP_DATE)
    at = start
    for _ in range(count):
        if out[at:at + 4] != b"PK\x01\x02":
            raise ValueError("damaged zip central directory")
        version, = struct.unpack_from("<H", out, at + 4)
        struct.pack_into("<H", out, at + 4, version & 0xFF)  # made on: MS-DOS, as _entry() says
        struct.pack_into("<HH", out, at + 12, dos_time, dos_date)
        struct.pack_into("<I", out, at + 38, _ATTRIBUTES)
        name_len, extra_len, comment_len = struct.unpack_from("<HHH", out, at + 28)
        local, = struct.unpack_from("<I", out, at + 42)
        if out[local:local + 4] != b"PK\x03\x04":
            raise ValueError("damaged zip local header")
        struct.pack_into("<HH", out, local + 10, dos_time, dos_date)
        at += 46 + name_len + extra_len + comment_len
    return bytes(out)


def _dos(when: tuple) -> tuple[int, int]:
    year, month, day, hour, minute, second = when
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed entry dates and attributes, entries in their original order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(_entry(info.filename), src.read(info.filename), compresslevel=6)
    return out.getvalue()


def _rows(rows, twips, style: str, cell_xml, header: bool = False) -> list:
    """w:tr elements for rows of Cells, built as one XML string and parsed once.

    Building thousands of cells element by element is the slow part of a large
    plan; one parse of escaped text is about ten times faster.
    """
    return list(parse_xml(f"<w:tbl {nsdecls('w')}>{_rows_xml(rows, twips, style, cell_xml, header)}</w:tbl>"))


def _rows_xml(rows, twips, style: str, cell_xml, header: bool = False) -> str:
    """w:tr elements as XML text, written as lxml writes them in a document; `style` is the cells'
    paragraph style, `cell_xml` the document's cached _cell_xml."""
    # no row breaks across a page; the header row repeats on each page
    start = "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header \
        else "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
    widths = twips or [0] * max((len(r) for r in rows), default=0)
    # each cell's width opens it; the rest is cached by cell alone, since a plan prints each action
    # in several tables of different column widths
    opens = [f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>' if width else "<w:tc><w:tcPr>"
             for width in widths]
    parts = []
    for cells in rows:
        parts.append(start)
        parts.extend(chain.from_iterable(zip(opens, map(cell_xml, cells, repeat(style)))))
        parts.append("</w:tr>")
    return "".join(parts)


def _cell_xml(cell: Cell, style: str) -> str:
    """A w:tc after its width: fill, paragraph style, text."""
    fill = f'<w:shd w:val="clear" w:color="auto" w:fill={quoteattr(cell.fill)}/>' if cell.fill else ""
    run_pr = "<w:rPr><w:b/></w:rPr>" if cell.bold else ""
    # the text is clean already: table() cleans every cell once
    text = cell.text
    text = "<w:br/>".join(map(_text_xml, text.split("\n"))) if "\n" in text else _text_xml(text)
    return (f'{fill}</w:tcPr><w:p><w:pPr><w:pStyle w:val={quoteattr(style)}/></w:pPr>'
            f"<w:r>{run_pr}{text}</w:r></w:p></w:tc>")


def _text_xml(line: str) -> str:
    """A w:t; it asks to keep its spaces only where XML would otherwise let them go (at either end, or
    several together)."""
    if line[:1].isspace() or line[-1:].isspace() or "  " in line or "\t" in line:
        return f'<w:t xml:space="preserve">{escape(line)}</w:t>'
    return f"<w:t>{escape(line)}</w:t>"


class _Paragraphs(list):
    """A run of deferred text paragraphs: (style id or None, keep with next, runs), where a run is
    (text, bold) or _BREAK, a run holding a line break."""


_BREAK = None


def _paragraph_xml(style_id: str | None, keep_with_next: bool, runs: tuple, num: tuple | None = None) -> str:
    """A w:p as python-docx builds it and lxml writes it (see _paragraph_element)."""
    props = ""
    if style_id is not None or keep_with_next or num is not None:
        style = f"<w:pStyle w:val={_attr(style_id)}/>" if style_id is not None else ""
        numbered = f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else ""
        props = f"<w:pPr>{style}{'<w:keepNext/>' if keep_with_next else ''}{numbered}</w:pPr>"
    if not props and not runs:
        return "<w:p/>"
    return f"<w:p>{props}{''.join(map(_run_xml, runs))}</w:p>"


@lru_cache(maxsize=65536)
def _run_xml(run: tuple | None) -> str:
    """A w:r as python-docx's add_run(text) makes it: a tab is a w:tab, a CR or LF a w:br, other text
    w:t (keeping its spaces only when it starts or ends with one), bold a w:b."""
    if run is _BREAK:
        return "<w:r><w:br/></w:r>"
    text, bold = run
    content = "".join(map(_content_xml, _RUN_SPLIT.split(text))) if text else ""
    if bold:
        return f"<w:r><w:rPr><w:b/></w:rPr>{content}</w:r>"
    return f"<w:r>{content}</w:r>" if content else "<w:r/>"


_RUN_SPLIT = re.compile(r"([\t\r\n])")


def _content_xml(piece: str) -> str:
    if piece == "\t":
        return "<w:tab/>"
    if piece == "\r" or piece == "\n":
        return "<w:br/>"
    if not piece:
        return ""
    if len(piece.strip()) < len(piece):
        return f'<w:t xml:space="preserve">{escape(piece)}</w:t>'
    return f"<w:t>{escape(piece)}</w:t>"


def _attr(value: str) -> str:
    """An attribute value quoted as lxml writes it."""
    return '"' + escape(value, _ATTR_ENTITIES) + '"'


_ATTR_ENTITIES = {'"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def _plain(runs: tuple) -> str:
    """A deferred paragraph's text as its w:t elements hold it."""
    return "".join(_RUN_SPLIT.sub("", run[0]) for run in runs if run is not _BREAK)


def _paragraph_element(p, style_id: str | None, keep_with_next: bool, runs: tuple, num: tuple | None = None) -> None:
    """The paragraph built in the tree through python-docx, as it was before paragraphs were deferred
    (DEFER_PARAGRAPHS off): what _paragraph_xml must write byte for byte."""
    para = Paragraph(p, None)  # type: ignore[arg-type]
    if style_id is not None:
        p.style = style_id
    if keep_with_next:
        para.paragraph_format.keep_with_next = True
    if num is not None:
        numbering = p.get_or_add_pPr().get_or_add_numPr()
        numbering.get_or_add_ilvl().val = num[1]
        numbering.get_or_add_numId().val = num[0]
    for run in runs:
        if run is _BREAK:
            p.append(_break())
            continue
        r = para.add_run(run[0])
        if run[1]:
            r.bold = True


def _add_numbering(numbering) -> int:
    """Add the numbered paragraphs' list to a numbering part: level 0 "1." (headings), level 1 "1.1"
    (paragraphs, hanging); returns its numId."""
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    abstract_id, num_id = max(abstract_ids, default=-1) + 1, max(num_ids, default=0) + 1
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/><w:pPr><w:tabs><w:tab w:val="num" w:pos="{indent}"/></w:tabs>'
        f'<w:ind w:left="{indent}" w:hanging="{indent}"/></w:pPr></w:lvl>'
        for i, (text, indent) in enumerate((("%1.", 851), ("%1.%2", 851))))
    abstract = etree.fromstring(
        f'<w:abstractNum xmlns:w="{_W}" w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>'
        f'{levels}</w:abstractNum>')
    num = etree.fromstring(f'<w:num xmlns:w="{_W}" w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                           f'</w:num>')
    # every abstractNum comes before the first num (the schema's order)
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(num)
    return num_id


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@cache
def _char_widths() -> tuple[dict, int, float]:
    from importlib import resources

    import yaml

    data = yaml.safe_load(resources.files("cpstrat.outputs.word").joinpath("char_widths.yaml").read_text("utf-8"))
    table = {ch: width for chars, width in data["widths"].items() for ch in chars}
    return table, data["other"], data["bold"]


def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    """An estimate of the printed width of a line of text in a sans-serif face."""
    return _cm(_units(text), size_pt, bold)


def _cm(units: int, size_pt: float, bold: bool) -> float:
    bold_factor = _char_widths()[2]
    return units / 1000 * size_pt * (bold_factor if bold else 1) * 2.54 / 72


@lru_cache(maxsize=65536)
def _units(text: str):
    # cached: a large plan measures the same words (and ids, leads, dates) thousands of times
    table, other, _ = _char_widths()
    return sum(map(table.get, text, repeat(other)))


def column_widths(header, rows, available_cm: float, size_pt: float) -> list[float]:
    """Column widths (cm) that fill `available_cm`, sized to the content as a browser sizes a table.

    Each column is at least as wide as its longest word (so no word is split)
    and at most as wide as its longest line; the space between is shared in
    proportion to how much more each column could use. `rows` hold clean Cells (as table() makes them).
    """
    least, most, lines = [], [], []
    for col, name in enumerate(header):
        cells = [Cell(clean(name), bold=True)] + [row[col] for row in rows]
        word, line = _widest([c.text for c in cells if c.bold], size_pt, True)
        plain_word, plain_line = _widest([c.text for c in cells if not c.bold], size_pt, False)
        # a short cell ("On track", "No date set", "31 March 2026") is kept whole, as one word: a narrow
        # Status or Due column split it over lines ("On / track", "No / date / set"). Not the header
        # ("What changed"), which may wrap as a heading does, leaving the width to the cells below it.
        word = max(word, plain_word, _widest_phrase(cells[1:], size_pt))
        # one word wider than half the page (a web address) is let wrap rather than crowd every other column
        least.append(min(word, available_cm / 2) + CELL_PADDING_CM)
        most.append(max(max(line, plain_line) + CELL_PADDING_CM, least[-1]))
        lines.append([[text_width_cm(line, size_pt, c.bold) for line in c.text.split("\n")]
                      for c in cells[:LAYOUT_SAMPLE]])
    if sum(most) <= available_cm:
        return [w + (available_cm - sum(most)) * w / sum(most) for w in most]
    if sum(least) >= available_cm:
        return [w * available_cm / sum(least) for w in least]
    return _share(least, most, lines, available_cm)


def _widest(texts: list[str], size_pt: float, bold: bool) -> tuple[float, float]:
    """The printed width (cm) of the widest word in the texts and of their widest line (0 for none).

    Each distinct word and line is measured once (a plan repeats its leads, dates and statuses in
    every row), and only the widest, in units, is turned into centimetres: the same figure as
    measuring every one."""
    if not texts:
        return 0, 0
    distinct = set(texts)  # a column repeats its leads, dates and statuses row after row
    words = set(" ".join(distinct).split())
    lines = set("\n".join(distinct).split("\n"))
    word = _cm(max(map(_units, words)), size_pt, bold) if words else 0
    return word, _cm(max(map(_units, lines)), size_pt, bold)


def _widest_phrase(cells, size_pt: float) -> float:
    """The printed width (cm) of the widest phrase kept on one line (see unbroken) among the cells."""
    widest = 0.0
    for bold in (False, True):
        texts = {c.text for c in cells if c.bold == bold and len(c.text) <= WHOLE_CHARS}
        phrases = {p for text in texts for line in text.split("\n") for p in unbroken(line)}
        if phrases:
            widest = max(widest, _cm(max(map(_units, phrases)), size_pt, bold))
    return widest


def unbroken(line: str) -> list[str]:
    """The phrases of a short cell that are kept on one line: the whole cell ("On track", "No date set"), or
    for a cell with commas each part ("Updated," then "no status": it may break after its comma)."""
    if len(line) > WHOLE_CHARS or len(line.split()) > WHOLE_WORDS:
        return []
    parts = [p + "," for p in line.split(", ")[:-1]] + line.split(", ")[-1:]
    return [p for p in parts if len(p.split()) > 1]


# A cell of at most this many words and characters is never wrapped: a status, a date, "No date set".
WHOLE_WORDS, WHOLE_CHARS = 3, 20

# Rows looked at when sharing out a table's width (the first ones; enough to see its shape).
LAYOUT_SAMPLE = 200


def _share(least: list, most: list, lines: list, available_cm: float) -> list:
    """Give the width beyond each column's least, a slice at a time, to the column where it saves
    the most printed lines (a row is as tall as its tallest cell); never past a column's longest line."""
    widths = list(least)
    rows = len(lines[0])

    def count(col: int, width: float) -> list[int]:
        # each column's trial width is tried again at every slice until it is chosen: counted once
        key = (col, width)
        if key not in counted:
            room = max(width - CELL_PADDING_CM, 0.1)
            counted[key] = [sum(max(1, -(-w // room)) for w in cell) for cell in lines[col]]
        return counted[key]

    counted: dict[tuple[int, float], list] = {}
    counts = [count(c, widths[c]) for c in range(len(widths))]
    spare = available_cm - sum(widths)
    step = max(0.2, spare / 60)
    while spare > 1e-6:
        piece = min(step, spare)
        best: int | None = None
        best_gain, best_counts = 0, counts[0]
        tallest = list(map(max, zip(*counts)))  # each row's height in lines
        for c in range(len(widths)):
            if widths[c] + 1e-6 >= most[c]:
                continue
            trial = count(c, min(widths[c] + piece, most[c]))
            others = list(map(max, zip(*counts[:c], *counts[c + 1:]))) if len(counts) > 1 else [0] * rows
            gain = sum(t - max(o, n) for t, o, n in zip(tallest, others, trial))
            if best is None or gain > best_gain:
                best, best_gain, best_counts = c, gain, trial
        if best is None:
            break
        if best_gain <= 0:
            # no slice saves a line: share the rest by how much more each column could use
            wants = [max(most[c] - widths[c], 0) for c in range(len(widths))]
            total = sum(wants)
            return [w + spare * want / total for w, want in zip(widths, wants, strict=True)] if total else \
                [w + spare / len(widths) for w in widths]
        grant = min(piece, most[best] - widths[best])
        widths[best] += grant
        counts[best] = best_counts
        spare -= grant
    return widths


def sparse_columns(columns, rows, empty=("", "Not stated", "None stated", "None set", "No date set")):
    """Drop the columns whose every value says nothing (e.g. "Not stated" in every row).

    `columns` are (header, getter) pairs; returns the kept pairs and the headers
    dropped, so the document can say in one sentence what the plan does not give.
    """
    kept, dropped = [], []
    for header, get in columns:
        values = [get(row) for row in rows]
        texts = [v.text if isinstance(v, Cell) else v for v in values]
        if rows and all((t or "") in empty for t in texts):
            dropped.append(header)
        else:
            kept.append((header, get))
    return kept, dropped


def _body_font(doc) -> tuple[str, float]:
    """The Normal style's font name and size (pt), falling back to the document defaults."""
    name, size = "", 0.0
    for style in (doc.styles.element.find(qn("w:docDefaults")),
                  next((s.element for s in doc.styles if s.style_id == "Normal"), None)):
        if style is None:
            continue
        fonts = next(style.iter(qn("w:rFonts")), None)
        if fonts is not None and fonts.get(qn("w:ascii")):
            name = fonts.get(qn("w:ascii"))
        sz = next(style.iter(qn("w:sz")), None)
        if sz is not None and sz.get(qn("w:val"), "").isdigit():
            size = int(sz.get(qn("w:val"))) / 2
    return name or "Arial", size or 11.0


def _table_font(doc, style_name, body_pt: float) -> float:
    """The text size of table cells: the table style's, else 1 pt less than the body (not below
    11 pt), so tables stay compact. Word lets the Normal style's size win over a table style's,
    so the size is set in the cells' paragraph style (Table Text)."""
    if style_name:
        sz = next(doc.styles[style_name].element.iter(qn("w:sz")), None)
        if sz is not None and sz.get(qn("w:val"), "").isdigit():
            return int(sz.get(qn("w:val"))) / 2
    return max(11.0, body_pt - 1)


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


__all__ = ["Cell", "Document", "HeadingLevelError", "clean", "column_widths", "fit", "fix_zip_dates",
           "normalise_zip", "sparse_columns", "text_width_cm"]
