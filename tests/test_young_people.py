"""The young people's version: read back from Word, Markdown and HTML."""

from __future__ import annotations

import re
import shutil

import docx
import pytest
from conftest import STRATEGIES, libreoffice, run
from docx.shared import Pt
from test_lossless import html_text

from cpstrat.checks import glossary
from cpstrat.checks.readability import reading_ease
from cpstrat.outputs.documents import young_people

SANS = {"Arial", "Calibri", "Verdana", "Helvetica", "Liberation Sans", "Open Sans", "Segoe UI", "Tahoma"}


def build(folder, out, *extra):
    proc = run("build", folder, "--audience", "young-people", "-o", out, *extra)
    assert proc.returncode == 0, proc.stderr
    return {p.suffix: p for p in out.iterdir() if not p.name.endswith(".manifest.json")}


def lines(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


def with_jargon(small):
    strategy = small / "strategy.yaml"
    text = strategy.read_text()
    text = text.replace("title: Share good practice on emotional wellbeing across the partnership",
                        "title: Ensure LAC have a PEP and see their IRO")
    text = text.replace("title: Offer free bus travel to care leavers in education or work",
                        "title: Review every PEP & offer looked after children <free> bus travel")
    text = text.replace("        text: Workers listening to our views",
                        "        text: Workers listening to our views\n        quote: Just listen to us")
    strategy.write_text(text)
    return small


def test_writes_word_markdown_and_html(small, tmp_path):
    files = build(small, tmp_path / "out")
    assert sorted(files) == [".docx", ".html", ".md"]
    assert files[".docx"].name == "small-young-people.docx"


def test_you_told_us_so_we_will(small, tmp_path):
    document = docx.Document(build(small, tmp_path / "out")[".docx"])
    text = lines(document)
    start = text.index("You told us: Workers listening to our views")
    block = text[start: start + 6]
    assert block == [
        "You told us: Workers listening to our views",
        "So we will:",
        "Share what works well on emotional wellbeing across the partnership.",
        "Who is in charge: Head of Service, Children in Care",
        "When: By March 2023",
        "How we will know it worked: Care leavers with an up-to-date pathway plan",
    ]
    # A01 is complete in the progress file: the status is said in words
    assert text[start + 6] == "How it is going: Done"
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 2", "You told us, so we will") in headings
    assert ("Heading 3", "What the Children in Care Council told us") in headings
    assert ("Heading 4", "You told us: Workers listening to our views") in headings
    items = [p for p in document.paragraphs if p.text.startswith(("Who is in charge:", "When:"))]
    assert items and all(p.style.name == "List Continue" for p in items)
    assert ("Heading 2", "Other things we will do") in headings
    assert ("Heading 3", "Getting the help you need") in headings  # A02's first principle, access-services
    assert "Offer free bus travel to care leavers in education or work." in text
    assert "There are 2 promises in this plan. You told us 1 thing. So far we have said what we will do " \
           "about 1 of them." in text


def test_unanswered_ask_is_said_honestly(small, tmp_path):
    strategy = small / "strategy.yaml"
    strategy.write_text(strategy.read_text().replace("    responds_to: [cicc-listen]\n", ""))
    text = lines(docx.Document(build(small, tmp_path / "out")[".docx"]))
    i = text.index("You told us: Workers listening to our views")
    assert text[i + 1] == "So we will: We have not decided what to do about this yet. We will tell you when we have."


def test_large_sans_serif_type_everywhere(small, tmp_path):
    document = docx.Document(build(with_jargon(small), tmp_path / "out")[".docx"])
    paragraphs = list(document.paragraphs) + [p for t in document.tables for r in t.rows for c in r.cells
                                              for p in c.paragraphs]
    for p in paragraphs:
        for r in p.runs:
            size, font = effective(r, p)
            assert size is not None and size >= Pt(14), (p.text, size)
            assert font in SANS, (p.text, font)


def effective(run_, paragraph):
    size, font = run_.font.size, run_.font.name
    if run_.style is not None and run_.style.name != "Default Paragraph Font":
        size, font = size or run_.style.font.size, font or run_.style.font.name
    style = paragraph.style
    while style is not None and (size is None or font is None):
        size, font = size or style.font.size, font or style.font.name
        style = style.base_style
    return size, font


def test_acronyms_spelled_out_and_jargon_replaced(small, tmp_path):
    files = build(with_jargon(small), tmp_path / "out")
    document = docx.Document(files[".docx"])
    body = "\n".join(lines(document))
    assert "Make sure children in care have a Personal Education Plan (PEP) and see their " \
           "Independent Reviewing Officer (IRO)." in body
    assert "Review every Personal Education Plan & offer children in care <free> bus travel." in body
    assert "LAC" not in body and "looked after" not in body.lower()
    words_table = document.tables[-1]
    words = {r.cells[0].text: r.cells[1].text for r in words_table.rows[1:]}
    assert words["PEP"] == "Personal Education Plan" and words["IRO"] == "Independent Reviewing Officer"
    assert words["Care leavers"].startswith("Young people aged 16 to 25")
    # every acronym left in the text is explained under "Words we use"
    assert {a for a, _ in glossary.find(body) if not glossary.is_common(a)} <= set(words)


def test_html_is_escaped_accessible_and_large(small, tmp_path):
    html = build(with_jargon(small), tmp_path / "out")[".html"].read_text("utf-8")
    assert '<html lang="en-GB">' in html
    assert "<title>Our promises to you: Testshire County Council</title>" in html
    assert "&amp; offer children in care &lt;free&gt; bus travel" in html and "<free>" not in html
    assert re.search(r"body \{[^}]*font-family: Arial[^}]*sans-serif; font-size: 14pt", html)
    levels = [int(h) for h in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert '<th scope="col">Word</th>' in html
    assert "<dt>How it is going</dt><dd>Done</dd>" in html


def test_markdown_escapes_and_structure(small, tmp_path):
    md = build(with_jargon(small), tmp_path / "out")[".md"].read_text("utf-8")
    assert md.startswith("# Our promises to you: Testshire County Council\n")
    assert "- **Review every Personal Education Plan & offer children in care \\<free\\> bus travel.**" in md
    assert "**In your words:** “Just listen to us”" in md
    assert "  - Who is in charge: Head of Transport" in md
    assert "| PEP | Personal Education Plan |" in md


def test_plain_title_is_used_when_given(small, tmp_path):
    strategy = small / "strategy.yaml"
    strategy.write_text(strategy.read_text().replace(
        "    lead: Head of Transport",
        "    plain_title: Free buses if you are at college or work\n    lead: Head of Transport"))
    text = lines(docx.Document(build(small, tmp_path / "out")[".docx"]))
    assert "Free buses if you are at college or work." in text
    assert not any("Offer free bus travel" in t for t in text)


def test_invalid_strategy_writes_nothing(small, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    old = out / "small-young-people.md"
    old.write_text("previous")
    strategy = small / "strategy.yaml"
    strategy.write_text(strategy.read_text().replace("due: 2023-03-31", "due: soon"))
    proc = run("build", small, "--audience", "young-people", "-o", out)
    assert proc.returncode == 1
    assert "strategy.yaml:24:" in proc.stderr and "CP100" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["small-young-people.md"] and old.read_text() == "previous"


def test_format_option_and_bad_audience(small, tmp_path):
    files = build(small, tmp_path / "out", "--format", "md")
    assert sorted(files) == [".md"]
    proc = run("build", small, "--audience", "children", "-o", tmp_path / "x")
    assert proc.returncode == 2 and "young-people" in proc.stderr


def test_same_bytes_each_time(small, tmp_path):
    a = build(small, tmp_path / "a", "--format", "docx")[".docx"].read_bytes()
    b = build(small, tmp_path / "b", "--format", "docx")[".docx"].read_bytes()
    assert a == b


def test_words_cpstrat_writes_itself_are_plain():
    data = young_people.words()
    fixed = [*data["words"].values(), "This is a short version of the council's plan for children in care and "
             "young people leaving care.", "The council has to look after you the way a good parent would. "
             "This is called being your corporate parent. This plan says what we will do."]
    for text in fixed:
        assert reading_ease(text) >= 60, text


@pytest.mark.parametrize("name", sorted(p.name for p in STRATEGIES.iterdir() if p.is_dir()))
def test_bundled_strategies_pass_the_accessibility_lint(name, tmp_path):
    from cpstrat.outputs.word.lint import lint

    files = build(STRATEGIES / name, tmp_path / "out", "--format", "docx")
    assert lint(files[".docx"], language="en-GB") == []


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_opens_in_libreoffice(small, tmp_path):
    docx_file = build(small, tmp_path / "out", "--format", "docx")[".docx"]
    libreoffice("pdf", tmp_path, docx_file, profile=tmp_path / "profile")
    pdf = tmp_path / "small-young-people.pdf"
    assert pdf.exists() and pdf.stat().st_size > 1000


def test_strategy_with_no_actions_says_so(tmp_path):
    path = tmp_path / "empty.yaml"
    path.write_text("cpstrat: 1\ncouncil: Empty Council\ntitle: T\nperiod: {start: 2022-04-01, end: 2025-03-31}\n")
    files = build(path, tmp_path / "out")
    text = lines(docx.Document(files[".docx"]))
    assert "This plan does not say yet what we will do. We will tell you when it does." in text
    assert "<p>This plan does not say yet what we will do. We will tell you when it does.</p>" in \
        files[".html"].read_text("utf-8")
    words = {r.cells[0].text for r in docx.Document(files[".docx"]).tables[-1].rows[1:]}
    assert "Corporate parent" in words and "Corporate parenting" not in words  # one entry per idea


def test_an_acronym_inside_a_name_is_left_alone_and_explained(small, tmp_path):
    strategy = small / "strategy.yaml"
    text = strategy.read_text()
    text = text.replace("title: Share good practice on emotional wellbeing across the partnership",
                        "title: Give LAC free leisure passes from WV Active and the LAC Health Steering Group")
    text += "glossary:\n  WV: Wolverhampton\n"
    strategy.write_text(text)
    files = build(small, tmp_path / "out")
    for suffix in (".md", ".html", ".docx"):
        page = {".docx": docx_text, ".html": html_text, ".md": lambda p: p.read_text("utf-8")}[suffix](files[suffix])
        page = " ".join(page.split())
        # the names as written; the acronym outside a name in everyday words
        assert "from WV Active" in page and "the LAC Health Steering Group" in page, suffix
        assert "Give children in care free leisure passes" in page, suffix
        assert "Wolverhampton (WV) Active" not in page and "children in care Health Steering Group" not in page
    document = docx.Document(files[".docx"])
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "Word"]
    meanings = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    assert meanings["WV"] == "Wolverhampton"
    assert meanings["LAC"] == "Looked After Children (children in care)"


def docx_text(path) -> str:
    document = docx.Document(path)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_pledges_come_first_with_what_keeps_them(small, tmp_path):
    strategy = small / "strategy.yaml"
    text = strategy.read_text()
    assert "    responds_to: [cicc-listen]\n" in text
    text = text.replace("    responds_to: [cicc-listen]\n", "    responds_to: [cicc-listen]\n    pledges: [p-home]\n", 1)
    text += ("pledges:\n  - {id: p-home, text: We will make sure you have a safe home where you can stay}\n"
             "  - {id: p-heard, text: We will listen to you}\n")
    strategy.write_text(text)
    files = build(small, tmp_path / "out")
    markdown = files[".md"].read_text("utf-8")
    promises = markdown.index("## Our promises to you")
    assert promises < markdown.index("## You told us, so we will")
    home = markdown[markdown.index("### We promise: We will make sure you have a safe home where you can stay"):]
    assert home.index("Share what works well on emotional wellbeing") < home.index("### We promise: We will listen")
    assert "We have not said yet how we will keep this promise." in home
    words = [p.text for p in docx.Document(files[".docx"]).paragraphs]
    assert "We promise: We will listen to you" in words
    assert "We promise: We will listen to you" in html_text(files[".html"])
