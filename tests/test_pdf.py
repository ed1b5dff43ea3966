"""`build --format pdf` (tagged, through LibreOffice), and every Word document read back as LibreOffice
lays it out: page budgets, no word split inside a table cell, no heading left at the foot of a page."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import STRATEGIES, run

from cpstrat.outputs.pdf import convert as pdf

needs_libreoffice = pytest.mark.skipif(pdf.soffice() is None or shutil.which("pdfinfo") is None,
                                       reason="LibreOffice and poppler-utils (.ci/run installs them)")
W15 = STRATEGIES / "wolverhampton-2015"
REPORT = "wolverhampton-2015-progress-report-2018-03-06"
# Pages each bundled document may take when LibreOffice lays it out (A4, the reference document's styles):
# the board report's budget is the one asked of it; the others are what they take now, so growth is seen
# (the 2015 plan, and its diff with 2021, each grew a page when the 2015 pledge was encoded).
BUDGETS = {REPORT: 6, "wolverhampton-2015-action-plan": 9, "wolverhampton-2015-young-people": 4,
           "wolverhampton-2010-action-plan": 11, "wolverhampton-2010-young-people": 5,
           "wolverhampton-2021-action-plan": 9, "wolverhampton-2021-young-people": 5,
           "walsall-2021-action-plan": 9, "walsall-2021-young-people": 3, "diff": 13, "compare": 5,
           "walsall-2021-progress-report-2021-11-15": 5}


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@needs_libreoffice
def test_format_pdf_writes_a_tagged_pdf_and_the_same_bytes_twice(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    result = run("build", W15, "-o", first, "--format", "pdf")
    assert result.returncode == 0, result.stderr
    # the officer is told what the slow step is doing while LibreOffice runs
    assert "converting 2 documents to PDF with LibreOffice (wolverhampton-2015-action-plan, " \
           f"{REPORT})" in result.stderr
    assert sorted(p.name for p in first.iterdir() if p.suffix != ".json") == [
        "wolverhampton-2015-action-plan.pdf", f"{REPORT}.pdf"]
    info = pdfinfo(first / f"{REPORT}.pdf")
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == "City of Wolverhampton Council: Corporate Parenting Strategy 2015-2017: " \
                                    "progress report"
    assert "pdfuaid" in (first / f"{REPORT}.pdf").read_bytes().decode("latin-1")  # marked PDF/UA
    assert run("build", W15, "-o", second, "--format", "pdf").returncode == 0
    for name in (f"{REPORT}.pdf", "wolverhampton-2015-action-plan.pdf"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@needs_libreoffice
def test_format_docx_and_pdf_writes_both(small, tmp_path):
    out = tmp_path / "out"
    assert run("build", small, "-o", out, "--format", "docx,pdf").returncode == 0
    assert sorted(p.suffix for p in out.iterdir() if p.suffix != ".json") == [".docx", ".docx", ".pdf", ".pdf"]


def test_format_pdf_without_libreoffice_is_one_line_naming_the_package(small, tmp_path):
    out = tmp_path / "out"
    result = run("build", small, "-o", out, "--format", "pdf", env={"CPSTRAT_SOFFICE": ""})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "libreoffice-writer-nogui" in result.stderr and "--format pdf" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_libreoffice_that_writes_nothing_is_reported_and_nothing_is_written(small, tmp_path):
    out = tmp_path / "out"
    result = run("build", small, "-o", out, "--format", "docx,pdf", env={"CPSTRAT_SOFFICE": "true"})
    assert result.returncode == 2
    assert "LibreOffice did not convert small-action-plan.docx to PDF" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_a_libreoffice_that_hangs_is_ended_with_every_process_it_started(small, tmp_path, monkeypatch):
    """A timed-out conversion kills the whole process group: soffice starts soffice.bin and helpers, and a
    helper left running would hold the output pipes open (and the machine's memory) after cpstrat gave up."""
    import os
    import time

    pids = tmp_path / "pids"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 600 &\necho $! > {pids}\nsleep 600\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf, "TIMEOUT_S", 1)
    out = tmp_path / "out"
    started = time.monotonic()
    result = run("build", small, "-o", out, "--format", "pdf", env={"CPSTRAT_SOFFICE": str(fake)})
    assert time.monotonic() - started < 30
    assert result.returncode == 2 and "did not finish within 1 s" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    helper = int(pids.read_text())
    for _ in range(50):  # reaped by init once its group is killed
        try:
            os.kill(helper, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(helper, 9)
        pytest.fail("the helper LibreOffice started outlived the timed-out conversion")
    assert not out.exists() or not any(out.iterdir())


# -- every document, laid out by LibreOffice and read back ----------------------------------------------------------

def _docs(tmp_path) -> list[Path]:
    """Every Word document cpstrat writes for the bundled strategies: plans, reports, young people's
    versions, a diff and a comparison."""
    out = tmp_path / "docs"
    for strategy in sorted(p for p in STRATEGIES.iterdir() if (p / "strategy.yaml").exists()):
        assert run("build", strategy, "-o", out).returncode == 0
        assert run("build", strategy, "-o", out, "--audience", "young-people", "--format", "docx").returncode == 0
    assert run("diff", STRATEGIES / "wolverhampton-2015", STRATEGIES / "wolverhampton-2021", "--format", "docx",
               "-o", out / "diff.docx").returncode == 0
    assert run("compare", *sorted(p for p in STRATEGIES.iterdir() if (p / "strategy.yaml").exists()),
               "--format", "docx", "-o", out / "compare.docx").returncode == 0
    return sorted(out.glob("*.docx"))


def _pages(pdf_path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf_path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def _cell_words(document) -> set[str]:
    words = set()
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                words.update(_bare(w) for w in cell.text.split())
    return words - {""}


def _bare(word: str) -> str:
    return word.strip(".,;:()\u201c\u201d\"'\u2022")


def _split_words(pdf_path: Path, words: set[str]) -> list[str]:
    """Fragments of a table-cell word broken across lines ('placemen' then 'ts' on the next line of
    the same cell). pdftotext reads a table row across its cells, so the next line of a cell is
    found by position: the line below, starting at or left of the fragment."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, text=True,
                         check=True).stdout
    found = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', xml)
    pages = xml.split("<page ")
    split = []
    prefixes = {w[:i] for w in words for i in range(2, len(w))}
    for page in pages:
        tokens = [(float(x), float(y), _bare(t.replace("&amp;", "&")))
                  for x, y, t in re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', page)]
        for x, y, a in tokens:
            if not a or a in words or a.endswith(("-", "/")):
                continue
            below = [(bx, b) for bx, by, b in tokens if 5 < by - y < 30 and bx <= x + 1]
            if not below:
                continue
            _, b = max(below)
            if b and b not in words and (a + b in words or a + b in prefixes):
                split.append(f"{a}|{b}")
    assert found or not words, "pdftotext found no words"
    return split


def _short_cells(document) -> set[str]:
    """The short cell texts of several words that must stay on one line ('On track', 'No date set'); not the
    header row's, which may wrap as headings do."""
    from cpstrat.outputs.word.docxlib import unbroken

    headers = {" ".join(c.text.split()) for t in document.tables for c in t.rows[0].cells}
    return {p for t in document.tables for r in t.rows[1:] for c in r.cells
            for p in unbroken(" ".join(c.text.split())) if p not in headers}  # a header may wrap


def _wrapped_phrases(pdf_path: Path, phrases: set[str]) -> list[str]:
    """Short cells laid out over two lines: a phrase's first word with its next word below it, at the same
    left edge, rather than beside it ('On' above 'track' in a narrow Status column)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], capture_output=True, text=True,
                         check=True).stdout
    wanted = {tuple(p.split()) for p in phrases}
    out = []
    for page in xml.split("<page ")[1:]:
        tokens = [(float(x0), float(y0), float(x1), t.replace("&amp;", "&")) for x0, y0, x1, t in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>', page)]
        for x0, y0, x1, first in tokens:
            for phrase in wanted:
                if phrase[0] != first:
                    continue
                # the words beside the first on its line, one after another, as long as they are the phrase's
                k, right = 1, x1
                while k < len(phrase):
                    nxt = [(bx1, t) for bx, by, bx1, t in tokens if abs(by - y0) < 1 and 0 <= bx - right < 8]
                    if not nxt or nxt[0][1] != phrase[k]:
                        break
                    k, right = k + 1, nxt[0][0]
                below = [t for bx, by, _, t in tokens if 5 < by - y0 < 20 and abs(bx - x0) < 2]
                if k < len(phrase) and phrase[k] in below:
                    out.append(" / ".join(phrase))
    return sorted(set(out))


def _stranded_headings(document, pages: list[str]) -> list[str]:
    """Headings that are the last thing on their page (nothing of their section follows them there)."""
    headings = [re.sub(r"\s+", " ", p.text).strip() for p in document.paragraphs
                if p.style.name.startswith("Heading") and p.text.strip()]
    flat = [re.sub(r"\s+", " ", re.sub(r"Page \d+ of \d+", "", page)).strip() for page in pages]
    stranded, page, at = [], 0, 0
    for heading in headings:
        while page < len(flat) and flat[page].find(heading, at) < 0:
            page, at = page + 1, 0
        if page == len(flat):
            break  # laid out differently (e.g. a heading wrapped across a hyphen): not judged
        at = flat[page].find(heading, at) + len(heading)
        if not flat[page][at:].strip():
            stranded.append(f"page {page + 1}: {heading}")
    return stranded


@needs_libreoffice
def test_every_document_laid_out_by_libreoffice_keeps_its_budget_words_and_headings(tmp_path):
    documents = _docs(tmp_path)
    pdfs = pdf.convert({str(d): d.read_bytes() for d in documents})
    problems = []
    for document in documents:
        target = document.with_suffix(".pdf")
        target.write_bytes(pdfs[str(document)])
        pages = _pages(target)
        budget = BUDGETS[document.stem]
        if len(pages) > budget:
            problems.append(f"{document.name}: {len(pages)} pages, budget {budget}")
        read = docx.Document(document)
        problems += [f"{document.name}: word split in a cell: {s}" for s in _split_words(target, _cell_words(read))]
        problems += [f"{document.name}: short cell over two lines: {s}"
                     for s in _wrapped_phrases(target, _short_cells(read))]
        problems += [f"{document.name}: heading alone at the foot of {s}" for s in _stranded_headings(read, pages)]
    assert problems == []
    assert len(documents) >= 10


@needs_libreoffice
def test_the_layout_checks_find_a_split_word_and_a_stranded_heading(tmp_path):
    """The checks above can fail: a column too narrow for its word, and a heading with a page break after it."""
    import datetime as dt

    from cpstrat.format.shipped import template_file
    from cpstrat.outputs.word.docxlib import Document

    doc = Document(template_file("reference.docx").read_bytes())
    doc.set_properties(title="Broken on purpose")
    doc.heading("Broken on purpose", 1)
    doc.paragraph("A table whose first column is far too narrow.")
    doc.table(["Word", "Note"], [["apprenticeships", "long"]], caption="Narrow", widths_cm=[1.0, 15.0])
    doc.table(["Status", "Due", "Note"], [["On track", "No date set", "long"]], caption="Narrow too",
              widths_cm=[1.5, 1.9, 12.6])
    doc.heading("Left alone", 2)
    doc.page_break()
    doc.paragraph("The section's text, on the next page.")
    source = tmp_path / "broken.docx"
    source.write_bytes(doc.to_bytes(dt.datetime(2024, 1, 1)))
    target = tmp_path / "broken.pdf"
    target.write_bytes(pdf.convert({str(source): source.read_bytes()})[str(source)])
    read = docx.Document(source)
    assert _split_words(target, _cell_words(read))  # e.g. 'apprentice|ships'
    assert _wrapped_phrases(target, {"On track", "No date set"}) == ["No / date / set", "On / track"]
    assert _stranded_headings(read, _pages(target)) == ["page 1: Left alone"]
