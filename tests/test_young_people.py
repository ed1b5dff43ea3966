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
        # the council's title as written: no "good practice" -> "what works well" swapped in
        "Share good practice on emotional wellbeing across the partnership.",
        "Who is in charge: Head of Service, Children in Care",
        "When: By March 2023",
        "How we will know it worked: We will keep count of this: Care leavers with an up-to-date pathway plan "
        "(we want it to reach 98%).",
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
    # the plan has no pledges: it counts its actions as things we will do, not as promises
    assert "This plan says 2 things we will do. You told us 1 thing. So far we have said what we will do " \
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


def test_the_councils_words_as_written_and_explained_under_words_we_use(small, tmp_path):
    files = build(with_jargon(small), tmp_path / "out")
    document = docx.Document(files[".docx"])
    body = "\n".join(lines(document))
    # nothing reworded, shortened or dropped: "Ensure", "LAC", "looked after children" stay as written
    assert "Ensure LAC have a PEP and see their IRO." in body
    assert "Review every PEP & offer looked after children <free> bus travel." in body
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
    assert "&amp; offer looked after children &lt;free&gt; bus travel" in html and "<free>" not in html
    assert re.search(r"body \{[^}]*font-family: Arial[^}]*sans-serif; font-size: 14pt", html)
    levels = [int(h) for h in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))
    assert '<th scope="col">Word</th>' in html
    assert "<dt>How it is going</dt><dd>Done</dd>" in html


def test_markdown_escapes_and_structure(small, tmp_path):
    md = build(with_jargon(small), tmp_path / "out")[".md"].read_text("utf-8")
    assert md.startswith("# Our promises to you: Testshire County Council\n")
    assert "- **Review every PEP & offer looked after children \\<free\\> bus travel.**" in md
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
        # the title as written, names and all; "Words we use" says what the short forms mean
        assert "Give LAC free leisure passes from WV Active and the LAC Health Steering Group" in page, suffix
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
    assert home.index("Share good practice on emotional wellbeing") < home.index("### We promise: We will listen")
    assert "We have not said yet how we will keep this promise." in home
    words = [p.text for p in docx.Document(files[".docx"]).paragraphs]
    assert "We promise: We will listen to you" in words
    assert "We promise: We will listen to you" in html_text(files[".html"])


TWO_PLEDGES = """\
cpstrat: 1
council: Testshire County Council
title: Corporate Parenting Strategy
period: {start: 2022-04-01, end: 2025-03-31}
voices:
  - id: cicc
    name: Children in Care Council
    asks:
      - id: cicc-listen
        text: Workers listening to our views
pledges:
  - id: p-home
    text: We will ensure you have a safe and settled home
  - id: p-school
    text: We will support your attainment at school
    plain_text: We will help you do well at school
actions:
  - id: A01
    title: Ensure placement stability for looked after children
    plain_title: Help you stay in the same home
    principles: [safe-and-stable]
    pledges: [p-home]
    responds_to: [cicc-listen]
    lead: Head of Service, Children in Care
    due: 2023-03-31
    measures:
      - id: A01-m1
        text: Children with three or more placements in the year
        target: 10.5
        unit: "%"
  - id: A02
    title: The Virtual School tracks attainment of eligible pupils
    principles: [high-aspirations]
    pledges: [p-school, p-home]
    lead: Head of the Virtual School
    due: 2024-03-31
  - id: A03
    title: Staying Close for care leavers from children's homes
    principles: [adulthood]
    responds_to: [cicc-listen]
    lead: Leaving Care Team Manager
    due: 2024-03-31
  - id: A04
    title: Workers meet the Children in Care Council every term
    principles: [express-views, take-account, best-interests, access-services]
    responds_to: [cicc-listen]
    lead: Participation Officer
    due: ongoing
    measures:
      - id: A04-m1
        text: Meetings held
        plain_text: We meet you at least three times a year
contact:
  name: Participation Team
  phone: 01632 960123
  email: participation@testshire.example
"""
WHAT = {"A01": "Help you stay in the same home", "A02": "The Virtual School tracks attainment of eligible pupils",
        "A03": "Staying Close for care leavers from children's homes",
        "A04": "Workers meet the Children in Care Council every term"}


def two_pledges(tmp_path, text=TWO_PLEDGES):
    folder = tmp_path / "testshire"
    folder.mkdir()
    (folder / "strategy.yaml").write_text(text)
    return folder


def test_two_pledges_four_actions_counted_said_once_with_whom_to_contact(tmp_path):
    files = build(two_pledges(tmp_path), tmp_path / "out")
    pages = {".docx": docx_text(files[".docx"]), ".md": files[".md"].read_text("utf-8"),
             ".html": html_text(files[".html"])}
    for suffix, page in pages.items():
        page = " ".join(page.replace("\\", "").split())
        assert "This plan makes 2 promises to you, and says 4 things we will do." in page, suffix
        for action, what in WHAT.items():
            assert page.count(what) == 1, (suffix, action, page.count(what))
        # A02 keeps both promises and A01 answers the ask: the later places point back, not repeat
        assert "What we are doing about this is said above, under our promise \u201cWe will ensure you have " \
               "a safe and settled home\u201d." in page, suffix
        assert "Some of what we are doing about this is said above, under our promise" in page, suffix
        # the council's plain words where it gives them; its own words as written where it does not
        assert "We promise: We will help you do well at school" in page and "support your attainment" not in page
        assert "We promise: We will ensure you have a safe and settled home" in page
        assert "Ensure placement stability" not in page  # A01's plain_title is printed in its place
        # how we will know it worked reads as a sentence, the target to its own precision
        assert "We will keep count of this: Children with three or more placements in the year (we want it to " \
               "reach 10.5%)." in page, suffix
        assert "How we will know it worked: We meet you at least three times a year." in page.replace(
            "How we will know it worked We meet", "How we will know it worked: We meet"), suffix
        assert "01632 960123" in page and "participation@testshire.example" in page, suffix
    assert '<a href="mailto:participation@testshire.example">' in files[".html"].read_text("utf-8")
    assert '<a href="tel:01632960123">' in files[".html"].read_text("utf-8")


def test_whom_to_contact_falls_back_to_the_local_offer_then_the_reports_officer_then_the_cicc(tmp_path):
    from conftest import ROOT

    text = TWO_PLEDGES[:TWO_PLEDGES.index("contact:")]
    folder = two_pledges(tmp_path, text)
    md = build(folder, tmp_path / "none", "--format", "md")[".md"].read_text("utf-8")
    assert "talk to your social worker or personal adviser, or ask the Children in Care Council to raise it " \
           "for you." in md
    # a progress report's contact officer, whose work email the board paper publishes
    (folder / "progress").mkdir()
    (folder / "progress" / "2023-03-31.yaml").write_text(
        "cpstrat: 1\nas_at: 2023-03-31\ncontact: {name: Jo Bloggs, role: Corporate Parenting Officer, "
        "email: jo.bloggs@example.gov.uk}\n")
    md = build(folder, tmp_path / "officer", "--format", "md")[".md"].read_text("utf-8")
    want = md[md.index("## Want to know more?"):md.index("## Words we use")]
    assert "get in touch using the details below" in want and "### Corporate Parenting Officer" in want
    assert "- Name: Jo Bloggs" in want and "- Email: jo.bloggs@example.gov.uk" in want.replace("\\", "")
    shutil.copy(ROOT / "tests/data/local-offer/complete/local-offer.yaml", folder / "local-offer.yaml")
    md = build(folder, tmp_path / "offer", "--format", "md")[".md"].read_text("utf-8")
    want = md[md.index("## Want to know more?"):md.index("## Words we use")]
    assert "### Leaving Care Team" in want and "- Phone: 01632 960000" in want
    assert "- Email: leavingcare@riverside.example" in want and "### Out of hours help" in want


def test_a_version_with_no_phone_or_email_is_warned_of_at_build_and_refused_with_strict(tmp_path):
    text = TWO_PLEDGES[:TWO_PLEDGES.index("contact:")]
    folder = two_pledges(tmp_path, text)
    warned = run("build", folder, "--audience", "young-people", "-o", tmp_path / "out", "--format", "md")
    assert warned.returncode == 0 and (tmp_path / "out" / "testshire-young-people.md").exists()
    assert re.search(r"strategy\.yaml:1:1: warning CP251 the young people's version gives young people no phone "
                     r"number or email address to get in touch: the strategy gives no `contact:`", warned.stderr)
    strict = run("build", folder, "--audience", "young-people", "-o", tmp_path / "strict", "--strict")
    assert strict.returncode == 1 and "error CP251" in strict.stderr and not (tmp_path / "strict").exists()
    # the board's documents do not give young people a contact: no CP251 there
    board = run("build", folder, "-o", tmp_path / "board", "--format", "md")
    assert board.returncode == 0 and "CP251" not in board.stdout + board.stderr
    assert "CP251" not in run("check", folder).stdout  # it is the young people's version's, said when it is built
    # a contact with a name only: warned of at its own line
    (tmp_path / "named").mkdir()
    (tmp_path / "mailed").mkdir()
    named = two_pledges(tmp_path / "named", text + "contact:\n  name: Participation Team\n")
    line = (text + "contact:").count("\n") + 1
    out = run("build", named, "--audience", "young-people", "-o", tmp_path / "named-out", "--format", "md")
    assert f"strategy.yaml:{line}:1: warning CP251" in out.stderr and "its `contact:` has neither" in out.stderr
    # an email alone is enough
    mailed = two_pledges(tmp_path / "mailed", text + "contact: {name: Participation Team, email: p@t.example}\n")
    out = run("build", mailed, "--audience", "young-people", "-o", tmp_path / "mailed-out", "--format", "md")
    assert out.returncode == 0 and "CP251" not in out.stderr


def test_the_young_peoples_words_are_warned_of_where_that_version_is_built_not_at_the_boards(tmp_path):
    folder = two_pledges(tmp_path)  # A02 and A03 use words young people may not know (CP250)
    assert "warning CP250" in run("check", folder).stdout  # check says everything
    board = run("build", folder, "-o", tmp_path / "board", "--format", "md")
    assert board.returncode == 0 and "CP250" not in board.stdout + board.stderr
    young = run("build", folder, "--audience", "young-people", "-o", tmp_path / "yp", "--format", "md")
    assert young.returncode == 0 and "warning CP250" in young.stderr
    strict = run("build", folder, "-o", tmp_path / "strict", "--format", "md", "--strict")
    assert "CP250" not in strict.stderr  # --strict makes the board's own warnings errors, not another document's


def test_init_asks_for_the_contact_young_people_are_given(tmp_path):
    assert run("init", tmp_path / "fresh").returncode == 0
    text = (tmp_path / "fresh" / "strategy.yaml").read_text("utf-8")
    lines = text.splitlines()
    contact = lines.index("contact:") + 1
    out = run("check", tmp_path / "fresh")
    for n in (contact + 1, contact + 2, contact + 3):  # name, phone, email: each a placeholder until written
        assert re.search(rf"strategy\.yaml:{n}:\d+: error CP184", out.stdout), n


def test_check_suggests_plain_words_where_the_version_prints_the_councils_as_written(tmp_path):
    result = run("check", two_pledges(tmp_path))
    assert result.returncode == 0
    found = re.findall(r"strategy\.yaml:(\d+):(\d+): warning CP250 (.*)", result.stdout)
    # pledge p-home (no plain_text), A02 and A03 (no plain_title); A01, p-school and A04's measure have theirs
    assert [(line, col) for line, col, _ in found] == [("13", "11"), ("32", "12"), ("38", "12")]
    assert "pledge 'p-home' uses 'ensure' (plainer: make sure)" in found[0][2]
    assert "'Virtual School'" in found[1][2] and "'attainment'" in found[1][2] and "'eligible'" in found[1][2]
    assert "'Staying Close'" in found[2][2]
    assert "hint: write it in young people's words in `plain_title:` beside it" in result.stdout
    assert "`plain_text:`" in result.stdout
