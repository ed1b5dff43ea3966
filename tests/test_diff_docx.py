"""`cpstrat diff --format docx`: the changes document read back with python-docx, and opened by LibreOffice."""

from __future__ import annotations

import shutil

import docx
import pytest
from conftest import SMALL, libreoffice, run
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
    assert [c.text for c in actions.rows[0].cells] == ["Id", "Change", "What changed", "Before", "After"]
    first_tbl = next(doc.element.body.iterchildren(qn("w:tbl")))
    assert first_tbl.find(qn("w:tr")).trPr.find(qn("w:tblHeader")) is not None
    rows = [[c.text for c in r.cells] for r in actions.rows[1:]]
    # written for a board: names beside ids, statuses and fields in words
    assert rows == [
        ["A03", "Added", "", "", "Give every care leaver a named personal adviser"],
        ["A02", "Removed", "", "Offer free bus travel to care leavers in education or work", ""],
        ["A01: Share good practice on emotional health across the partnership", "Changed", "Title",
         "Share good practice on emotional wellbeing across the partnership",
         "Share good practice on emotional health across the partnership"],
        ["A01: Share good practice on emotional health across the partnership", "Changed", "Status", "On track", "Complete"],
    ]
    status = doc.tables[1]
    assert [[c.text for c in r.cells] for r in status.rows] == [
        ["Action", "Status before", "Status after"],
        ["Share good practice on emotional health across the partnership (A01)", "On track", "Complete"]]
    summary = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert "Actions: 1 added, 1 removed, 1 changed (the same number as before)" in summary
    assert any(line.endswith("1 action fewer (was 1)") or "1 action fewer" in line for line in summary), summary
    for tbl in doc.element.body.iterchildren(qn("w:tbl")):
        assert tbl.tblPr.find(qn("w:tblCaption")) is not None


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
    libreoffice("pdf", tmp_path, target, profile=tmp_path / "lo-profile")
    pdf = tmp_path / "changes.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")


def test_sources_dates_and_differences_read_as_words():
    from cpstrat.outputs.word.diff import Words, net, source_label

    assert source_label("the version in strategies/x", {"title": "Corporate Parenting Strategy"}) == (
        "Corporate Parenting Strategy, the version in strategies/x")
    assert source_label("the version in strategies/x", {}) == "the version in strategies/x"
    words = Words({"safe-and-stable": "Safety and stability"})
    assert words.value("period", {"start": "2015-12-01", "end": "2018-03-31"}) == "1 December 2015 to 31 March 2018"
    assert words.value("due", "2026-03-31") == "31 March 2026"
    assert words.value("principles", ["safe-and-stable", "new-one"]) == "Safety and stability (safe-and-stable); new-one"
    assert words.value("status", "at-risk") == "At risk"
    assert net(0, 1, "action", "actions") == "1 action fewer"
    assert net(3, 1, "action", "actions") == "2 actions more"
    assert net(1, 1, "action", "actions") == "the same number as before"
