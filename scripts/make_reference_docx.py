"""Make templates/reference.docx: the styles every cpstrat Word document uses.

Councils restyle by editing templates/reference.docx in Word (fonts, colours,
header, footer, logo) or by passing their own with --template; this script
only records how the shipped one was made. Choices: Arial (sans-serif) 12 pt
body text, near-black text and dark heading colours (contrast above 7:1 on
white), A4 with 2 cm margins, page numbers in the footer.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from cpstrat.outputs.word.docxlib import normalise_zip  # noqa: E402

FONT = "Arial"
TEXT = RGBColor(0x1F, 0x1F, 0x1F)
HEADING = RGBColor(0x1F, 0x38, 0x64)
SIZES = {"Normal": 12, "Title": 28, "Subtitle": 14, "Heading 1": 20, "Heading 2": 16, "Heading 3": 14,
         "Heading 4": 12, "Caption": 11, "Header": 11, "Footer": 11, "List Bullet": 12}


def main(out: Path) -> None:
    doc = docx.Document()
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), FONT)
    size = rpr.find(qn("w:sz"))
    if size is None:
        size = OxmlElement("w:sz")
        rpr.append(size)
    size.set(qn("w:val"), "24")
    for style in doc.styles:
        if style.type != 1 and style.type != 2:
            continue
        font = style.font
        font.name = FONT
        rfonts = style.element.rPr.find(qn("w:rFonts")) if style.element.rPr is not None else None
        if rfonts is not None:
            for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
                rfonts.attrib.pop(qn(f"w:{attr}"), None)
        if font.color is not None and font.color.type is not None:
            font.color.rgb = HEADING if style.name.startswith(("Heading", "Title")) else TEXT
        if style.name in SIZES:
            font.size = Pt(SIZES[style.name])
        elif font.size is not None and font.size < Pt(11):
            font.size = Pt(11)
    for name in ("Title", "Title Char"):
        doc.styles[name].font.color.rgb = HEADING
    subtitle = doc.styles["Subtitle"]
    subtitle.font.italic = False
    subtitle.font.color.rgb = TEXT
    spacing = subtitle.element.rPr.find(qn("w:spacing"))
    if spacing is not None:
        spacing.getparent().remove(spacing)
    caption = doc.styles["Caption"]
    caption.font.color.rgb = TEXT
    caption.font.italic = False
    caption.font.bold = True
    caption.paragraph_format.space_before = Pt(12)
    caption.paragraph_format.keep_with_next = True
    for level in range(1, 4):
        doc.styles[f"Heading {level}"].paragraph_format.keep_with_next = True
    # Title: the Title look without the coloured rule under it.
    border = doc.styles["Title"].element.pPr.find(qn("w:pBdr"))
    if border is not None:
        border.getparent().remove(border)

    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer_p = next(section.footer.part.element.iter(qn("w:p")))  # the paragraph's XML: python-docx has no public way
    footer.add_run("Page ")
    _field(footer_p, "PAGE")
    footer.add_run(" of ")
    _field(footer_p, "NUMPAGES")
    doc.core_properties.title = "Reference styles"
    doc.core_properties.language = "en-GB"
    import datetime as dt
    import io

    doc.core_properties.created = doc.core_properties.modified = dt.datetime(2024, 1, 1)
    doc.core_properties.last_modified_by = doc.core_properties.author = "cpstrat"
    doc.core_properties.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    out.write_bytes(normalise_zip(buf.getvalue()))


def _field(paragraph, code: str) -> None:
    """A field (PAGE, NUMPAGES) as a run of its own at the end of the paragraph element."""
    run = OxmlElement("w:r")
    paragraph.append(run)
    for kind, text in (("begin", None), (None, f" {code} "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run.append(el)
        elif text.strip() == code:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run.append(el)
        else:
            el = OxmlElement("w:t")
            el.text = text
            run.append(el)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "templates" / "reference.docx")
