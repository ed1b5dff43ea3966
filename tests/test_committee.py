"""The council's own committee paper (format.md section 8): its headings in its order, the council's text
under each, numbered paragraphs in Word's own numbering, the contact's phone, and the checks of `sections:`."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from conftest import PROGRESS, SMALL, STRATEGIES, run

WALSALL_HEADINGS = [
    "Executive Summary", "Reason for bringing to the Corporate Parenting Board", "Recommendations",
    "Background papers", "Resource and legal considerations", "Council Corporate Plan Priorities", "Citizen impact",
    "Environmental impact", "Performance management", "Reducing inequalities", "Consultation",
]
# a phrase of the text each heading must have under it (from the seed paper, by way of the bundled files)
UNDER = {
    "Executive Summary": "The council works hard and in partnership",
    "Reason for bringing to the Corporate Parenting Board": "To agree the Board's shared partnership ambition",
    "Recommendations": "The Board committee notes the final draft",
    "Background papers": "None",
    "Resource and legal considerations": "There are no resource implications",
    "Council Corporate Plan Priorities": "Children have the best possible start",
    "Citizen impact": "The services and the improvements play a key role",
    "Environmental impact": "There are no environmental implications",
    "Performance management": "The delivery of the strategy will be monitored",
    "Reducing inequalities": "Successful delivery of a strategy",
    "Consultation": "The children in care council is one of the key forums",
}


@pytest.fixture
def walsall(tmp_path):
    """The bundled Walsall strategy and its paper, with the council's status words and one update in them."""
    folder = tmp_path / "walsall"
    shutil.copytree(STRATEGIES / "walsall-2021", folder)
    strategy = folder / "strategy.yaml"
    strategy.write_text(strategy.read_text("utf-8") + "status_words: {Green: on-track, Amber: at-risk, "
                                                      "Red: off-track, Blue: complete}\n", "utf-8")
    paper = folder / "progress" / "2021-11-15.yaml"
    paper.write_text(paper.read_text("utf-8") + "updates:\n  - {action: A07, status: Amber, summary: Dates "
                                                "agreed with the Children in Care Council.}\n", "utf-8")
    return folder


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_walsall_paper_as_pdf_has_the_councils_headings_in_order_each_with_its_text(walsall, tmp_path):
    out = tmp_path / "out"
    result = run("build", walsall, "-o", out, "--format", "docx,pdf,md,html")
    assert result.returncode == 0, result.stderr
    pdf = out / "walsall-progress-report-2021-11-15.pdf"
    text = _flat(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout)
    places = []
    for number, heading in enumerate(WALSALL_HEADINGS, 1):
        found = re.search(rf"\b{number}\. {re.escape(heading)}\b", text)
        assert found, f"heading {number}. {heading} is not in the PDF"
        places.append(found.start())
        after = text[found.end():]
        # its own text comes next (under its first numbered paragraph, or a bullet), before the next heading
        nxt = re.search(rf"\b{number + 1}\. ", after)
        own = after[: nxt.start() if nxt else len(after)]
        assert UNDER[heading] in own, f"'{heading}' does not have its own text under it"
    assert places == sorted(places), "the council's headings are not in its order"
    for number in ("1.1", "1.2", "1.3", "2.1", "3.4", "11.1"):
        assert re.search(rf"\b{re.escape(number)} [A-Z]", text), f"paragraph {number} is not numbered in the PDF"
    assert "01922 658412" in text
    assert "Amber (at risk)" in text  # the council's status word, beside cpstrat's
    # the same numbers in Markdown and HTML
    md = (out / "walsall-progress-report-2021-11-15.md").read_text("utf-8")
    assert "## 3. Recommendations" in md and "\n3.1 The Board committee notes" in md
    html = (out / "walsall-progress-report-2021-11-15.html").read_text("utf-8")
    assert "11. Consultation</h2>" in html and "1.1 The council works hard" in html and "01922 658412" in html
    # the contents list does not number the numbered headings a second time ("1. 1. Executive Summary")
    assert '<ol style="list-style: none; padding-left: 0">' in html


def test_numbering_is_words_own_so_it_survives_editing(walsall, tmp_path):
    out = tmp_path / "out"
    assert run("build", walsall, "-o", out).returncode == 0
    with zipfile.ZipFile(out / "walsall-progress-report-2021-11-15.docx") as z:
        document = z.read("word/document.xml").decode()
        numbering = z.read("word/numbering.xml").decode()
    num_id = re.search(r'<w:numId w:val="(\d+)"/>', document).group(1)
    assert f'w:numId="{num_id}"' in numbering and 'w:lvlText w:val="%1.%2"' in numbering
    # headings take level 0, the council's paragraphs level 1; no number is typed into the text
    assert document.count('<w:ilvl w:val="0"/>') >= 11 and document.count('<w:ilvl w:val="1"/>') >= 15
    assert "1.1 " not in re.sub(r"<[^>]+>", "", document)
    import docx

    paragraphs = docx.Document(out / "walsall-progress-report-2021-11-15.docx").paragraphs
    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"][1:12]  # after the title
    assert headings == WALSALL_HEADINGS


def test_without_committee_the_report_is_as_before_and_the_phone_is_printed(small, tmp_path):
    paper = small / "progress" / "2023-03-31.yaml"
    paper.write_text(PROGRESS.replace("email: jo.bloggs@example.gov.uk}",
                                      "email: jo.bloggs@example.gov.uk, phone: 01234 567890}"), "utf-8")
    out = tmp_path / "out"
    assert run("build", small, "-o", out, "--format", "md").returncode == 0
    md = (out / "small-progress-report-2023-03-31.md").read_text("utf-8")
    assert "01234 567890" in md
    assert [line for line in md.splitlines() if line.startswith("## ")][:4] == [
        "## Recommendations", "## Purpose", "## Background", "## Summary of progress"]


def _check(folder):
    return run("check", folder, "--format", "json")


def _committee_small(small, sections: str, headings=("Executive Summary", "Consultation", "Recommendations")):
    strategy = small / "strategy.yaml"
    strategy.write_text(SMALL + "committee:\n  headings: [" + ", ".join(headings) + "]\n", "utf-8")
    (small / "progress" / "2023-03-31.yaml").write_text(PROGRESS + sections, "utf-8")


def test_a_misspelt_heading_is_an_error_with_a_hint_and_its_place(small):
    _committee_small(small, "sections:\n  Executive Summry: Text.\n  Consultation: Text.\n")
    import json

    result = _check(small)
    assert result.returncode == 1
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "CP240"]
    assert len(found) == 1
    d = found[0]
    assert d["severity"] == "error" and d["file"].endswith("2023-03-31.yaml")
    assert (d["line"], d["column"]) == (PROGRESS.count("\n") + 2, 3)
    assert "did you mean 'Executive Summary'" in d["message"]
    text = run("check", small)
    assert f"2023-03-31.yaml:{PROGRESS.count(chr(10)) + 2}:3: error CP240" in text.stdout
    assert "committee: headings:" in text.stdout  # the hint says where the headings are


def test_a_heading_with_no_text_is_a_warning_naming_it(small):
    _committee_small(small, "sections:\n  Executive Summary: Text.\n  Consultation:\n")
    import json

    result = _check(small)
    assert result.returncode == 0
    found = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "CP241"]
    assert [d["severity"] for d in found] == ["warning"]
    # at the key left empty (the line after `sections:` and Executive Summary), column 3
    assert "'Consultation'" in found[0]["message"]
    assert (found[0]["line"], found[0]["column"]) == (PROGRESS.count("\n") + 3, 3)
    assert "implications: {consultation: ...}" in run("check", small).stdout
    # recommendations always have something: the default wording
    assert not [d for d in found if "Recommendations" in d["message"]]


def test_a_heading_listed_twice_is_an_error_at_the_second(small):
    _committee_small(small, "sections:\n  Executive Summary: Text.\n  Consultation: Text.\n",
                     headings=("Executive Summary", "Consultation", "Recommendations", "EXECUTIVE  Summary"))
    result = run("check", small)
    line = SMALL.count("\n") + 2  # committee:, then the headings' line
    assert result.returncode == 1
    assert re.search(rf"strategy\.yaml:{line}:\d+: error CP242 the council's heading 'EXECUTIVE  Summary' is listed "
                     r"twice under `committee: headings:` \(first as 'Executive Summary'\)", result.stdout)
    assert result.stdout.count("CP242") == 1  # the first is fine; only the repeat is named
    _committee_small(small, "sections:\n  Executive Summary: Text.\n  Consultation: Text.\n")
    assert "CP242" not in run("check", small).stdout


def test_sections_with_no_committee_are_an_error(small):
    (small / "progress" / "2023-03-31.yaml").write_text(PROGRESS + "sections: {Executive Summary: Text.}\n",
                                                        "utf-8")
    result = run("check", small)
    assert result.returncode == 1 and "CP240" in result.stdout and "declares no headings" in result.stdout


def test_a_heading_naming_a_part_fills_from_it_and_others_follow(small, tmp_path):
    _committee_small(small, "sections:\n  Executive Summary: Our own summary.\n",
                     headings=("Executive Summary", "Recommendations", "Financial implications"))
    out = tmp_path / "out"
    assert run("build", small, "-o", out, "--format", "md").returncode == 0
    md = (out / "small-progress-report-2023-03-31.md").read_text("utf-8")
    heads = [line for line in md.splitlines() if line.startswith("## ")]
    assert heads[:3] == ["## Executive Summary", "## Recommendations", "## Financial implications"]
    assert "## Progress by local priority" in heads and "## Implications" in heads  # the rest, after
    below = md.split("## Financial implications")[1].split("## ")[0]
    assert "None." in below
    # the implications no heading takes are in the Implications table; financial is not given twice
    table = md.split("## Implications")[1].split("## ")[0]
    assert "| Legal |" in table and "Financial" not in table
