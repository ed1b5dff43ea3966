"""`cpstrat diff --format docx`: the changes document read back with python-docx, and opened by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess

import docx
import pytest
from conftest import SMALL, run
from docx.oxml.ns import qn
from strategy_edits import edited


@pytest.fixture
def pair(tmp_path):
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(SMALL, encoding="utf-8")
    new.write_text(edited(), encoding="utf-8")
    return old, new


def test_changes_document_is_accessible_and_lists_the_changes(pair, tmp_path):
    target = tmp_path / "changes.docx"
    out = run("diff", *pair, "--format", "docx", "--output", target)
    assert out.returncode == 0, out.stderr
    doc = docx.Document(str(target))
    assert doc.core_properties.title == "Changes since the last version: Testshire County Council Corporate Parenting Strategy"
    assert doc.core_properties.language == "en-GB"
    lang = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang"))
    assert lang.get(qn("w:val")) == "en-GB"
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert headings[0] == ("Heading 1", doc.core_properties.title)
    assert ("Heading 2", "Actions") in headings and ("Heading 2", "Status") in headings
    actions = doc.tables[0]
    assert [c.text for c in actions.rows[0].cells] == ["Id", "Change", "Field", "Before", "After"]
    assert actions.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in r.cells] for r in actions.rows[1:]]
    assert rows == [
        ["A03", "added", "", "", "Give every care leaver a named personal adviser"],
        ["A02", "removed", "", "Offer free bus travel to care leavers in education or work", ""],
        ["A01", "changed", "title", "Share good practice on emotional wellbeing across the partnership",
         "Share good practice on emotional health across the partnership"],
        ["A01", "changed", "status", "on-track", "complete"],
    ]
    status = doc.tables[1]
    assert [[c.text for c in r.cells] for r in status.rows] == [
        ["Action", "Status before", "Status after"], ["A01", "on-track", "complete"]]
    for table in doc.tables:
        assert table._tbl.tblPr.find(qn("w:tblCaption")) is not None


def test_same_inputs_and_date_give_the_same_bytes(pair, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # run() passes the environment on
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    run("diff", *pair, "--format", "docx", "-o", a)
    run("diff", *pair, "--format", "docx", "-o", b)
    assert a.read_bytes() == b.read_bytes()
    assert docx.Document(str(a)).core_properties.created.year == 2023


def test_docx_needs_an_output_file(pair):
    out = run("diff", *pair, "--format", "docx")
    assert out.returncode == 2 and out.stdout == ""
    assert "error CP099 --format docx writes a Word file and needs --output FILE" in out.stderr


def test_unwritable_output_is_a_clear_error(pair, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    out = run("diff", *pair, "--format", "docx", "-o", blocker / "changes.docx")
    assert out.returncode == 2
    assert "CP099 cannot write the file" in out.stderr and "Traceback" not in out.stderr


def test_unreadable_version_leaves_an_existing_output_untouched(pair, tmp_path):
    target = tmp_path / "changes.docx"
    target.write_bytes(b"previous")
    pair[1].write_text("cpstrat: 1\ntitle: [unclosed\n")
    out = run("diff", *pair, "--format", "docx", "-o", target)
    assert out.returncode == 2
    assert target.read_bytes() == b"previous"


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_libreoffice_opens_it(pair, tmp_path):
    target = tmp_path / "changes.docx"
    assert run("diff", *pair, "--format", "docx", "-o", target).returncode == 0
    profile = tmp_path / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(target)], capture_output=True, timeout=120)
    pdf = tmp_path / "changes.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
