"""`cpstrat lint-docx` on documents made to break one rule each, and docxlib's guarantees."""

from __future__ import annotations

import datetime as dt

import docx
import pytest
from conftest import ROOT, run
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from cpstrat.outputs.word.docxlib import Cell, Document, HeadingLevelError
from cpstrat.outputs.word.lint import contrast, lint

REFERENCE = ROOT / "templates" / "reference.docx"
WHEN = dt.datetime(2024, 1, 31)


def bar_chart(_bars) -> bytes:
    """A small valid PNG (a picture to give or withhold alt text)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes((46, 107, 48)) * 40 for _ in range(10))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 40, 10, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def good() -> Document:
    doc = Document(REFERENCE)
    doc.set_properties(title="A good document")
    doc.title("A good document")
    doc.heading("Section", 2)
    doc.paragraph("Body text.")
    doc.table(["Name", "Status"], [["A", Cell("On track", fill="E2EFDA")]], caption="Things")
    doc.picture(bar_chart([("On track", 1, (46, 107, 48))]), alt_text="One action on track")
    return doc


def save(doc: Document, tmp_path, name="doc.docx"):
    path = tmp_path / name
    path.write_bytes(doc.to_bytes(WHEN))
    return path


def messages(path) -> list[str]:
    return [d.message for d in lint(path)]


def test_a_docxlib_document_passes(tmp_path):
    path = save(good(), tmp_path)
    assert lint(path) == []
    result = run("lint-docx", path)
    assert result.returncode == 0 and result.stdout.strip() == f"{path}: passes"


def test_missing_title_and_wrong_language(tmp_path):
    doc = good()
    doc.set_properties(title="", language="fr-FR")
    path = save(doc, tmp_path)
    found = messages(path)
    assert "document properties: the document has no title in its properties" in found
    assert "document properties: the document's language is fr-FR, not en-GB" in found
    assert lint(path, language="fr-FR") != [] and not any("language" in m for m in messages_for(path, "fr-FR"))


def messages_for(path, language):
    return [d.message for d in lint(path, language=language)]


def test_skipped_heading_level(tmp_path):
    doc = good()
    doc.doc.add_paragraph("Deep", style="Heading 4")  # bypasses docxlib's own guard, as a hand-made file would
    found = messages(save(doc, tmp_path))
    assert any("heading 'Deep' is level 4 after level 2: a level is skipped" in m for m in found)


def test_docxlib_refuses_to_skip_a_heading_level():
    doc = Document(REFERENCE)
    doc.heading("One", 1)
    doc.heading("Two", 2)
    doc.heading("Back to one", 1)
    with pytest.raises(HeadingLevelError, match="level 3 follows level 1"):
        doc.heading("Three", 3)


def test_table_without_repeating_header_and_with_merged_cells(tmp_path):
    doc = good()
    table = doc.doc.add_table(rows=2, cols=2)
    table.cell(1, 0).merge(table.cell(1, 1))
    found = messages(save(doc, tmp_path))
    assert "table 2: the table's first row is not marked as a header row that repeats" in found
    assert "table 2: the table has merged cells (1 cells)" in found
    assert not any(m.startswith("table 1:") for m in found)


def test_picture_without_alt_text(tmp_path):
    doc = good()
    doc.doc.add_picture(__import__("io").BytesIO(bar_chart([("X", 1, (0, 0, 0))])))
    found = messages(save(doc, tmp_path))
    assert any(m.startswith("the document body: a picture (") and m.endswith(") has no alt text") for m in found)


def test_docxlib_refuses_a_picture_without_alt_text():
    with pytest.raises(ValueError, match="alt text"):
        Document(REFERENCE).picture(bar_chart([("X", 1, (0, 0, 0))]), alt_text="  ")


def test_low_contrast_small_and_serif_text(tmp_path):
    doc = good()
    para = doc.doc.add_paragraph()
    pale = para.add_run("pale words")
    pale.font.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
    tiny = para.add_run("tiny words")
    tiny.font.size = Pt(8)
    serif = para.add_run("serif words")
    serif.font.name = "Georgia"
    found = messages(save(doc, tmp_path))
    assert any("#AAAAAA on #FFFFFF has a contrast of 2.3:1" in m and "'pale words'" in m for m in found)
    assert any("1 runs of text are smaller than 11 pt (smallest 8.0 pt, first: 'tiny words')" in m for m in found)
    assert any("serif font Georgia" in m for m in found)


def test_dark_fill_behind_dark_text_fails_contrast(tmp_path):
    doc = good()
    doc.table(["Name"], [[Cell("hidden", fill="1F3864")]], caption="Dark")
    found = messages(save(doc, tmp_path))
    assert any("#000000 on #1F3864" in m for m in found)


def test_contrast_formula_matches_wcag():
    assert contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)
    assert contrast("FFFFFF", "FFFFFF") == pytest.approx(1.0)


def test_a_plain_python_docx_document_fails_on_its_default_look(tmp_path):
    plain = docx.Document()
    plain.add_heading("Blue heading", 1)
    plain.add_paragraph("text")
    path = tmp_path / "plain.docx"
    plain.save(path)
    result = run("lint-docx", path)
    assert result.returncode == 1
    assert "no title" in result.stderr and "language is en-US, not en-GB" in result.stderr
    assert "serif font Cambria" in result.stderr  # python-docx's default body font
    assert f"{path}: error CP046 " in result.stderr


def test_unreadable_files_exit_2(tmp_path):
    text = tmp_path / "notes.docx"
    text.write_text("just text", "utf-8")
    result = run("lint-docx", text, tmp_path / "missing.docx")
    assert result.returncode == 2
    assert f"{text}: error CP047 not a Word document that can be opened" in result.stderr
    assert "missing.docx: error CP047" in result.stderr
    assert "Traceback" not in result.stderr


def test_decorative_pictures_need_no_alt_text(tmp_path):
    doc = good()
    doc.doc.add_picture(__import__("io").BytesIO(bar_chart([("X", 1, (0, 0, 0))])))
    doc_pr = list(doc.doc.element.body.iter(qn("wp:docPr")))[-1]
    ext_lst = OxmlElement("a:extLst")
    ext = OxmlElement("a:ext")
    ext.set("uri", "{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
    decorative = ext.makeelement("{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative",
                                 {"val": "1"})
    ext.append(decorative)
    ext_lst.append(ext)
    doc_pr.append(ext_lst)
    assert lint(save(doc, tmp_path)) == []


def test_docxlib_output_is_reproducible_and_keeps_text_literally(tmp_path):
    def make():
        doc = Document(REFERENCE)
        doc.set_properties(title="Smith & Sons <draft>")
        doc.title("Smith & Sons <draft>\x01")
        doc.table(["a"], [["x & <y>"]], caption="c & <d>")
        return doc.to_bytes(WHEN)

    assert make() == make()
    path = tmp_path / "x.docx"
    path.write_bytes(make())
    d = docx.Document(path)
    assert d.paragraphs[0].text == "Smith & Sons <draft>"  # the control character is dropped, not fatal
    assert d.tables[0].cell(1, 0).text == "x & <y>"
    assert d.core_properties.title == "Smith & Sons <draft>"
    assert d.core_properties.created.replace(tzinfo=None) == WHEN
