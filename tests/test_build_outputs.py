"""`cpstrat build`: reproducible bytes, templates (Word and Jinja), and LibreOffice as a real client."""

from __future__ import annotations

import hashlib
import shutil
import subprocess

import docx
import pytest
from conftest import ROOT, STRATEGIES, libreoffice, run

from cpstrat.outputs.word.lint import lint

PLAN = "small-action-plan.docx"
REPORT = "small-progress-report-2023-03-31.docx"


def digests(folder) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_inputs_give_byte_identical_files(small, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    assert run("build", small, "-o", first, "--format", "docx,md,html").returncode == 0
    assert run("build", small, "-o", second, "--format", "docx,md,html").returncode == 0
    assert len(digests(first)) == 6 + 1  # and the manifest, which is as reproducible as the files it lists
    assert digests(first) == digests(second)


def test_a_changed_input_changes_the_bytes(small, tmp_path):
    assert run("build", small, "-o", tmp_path / "one").returncode == 0
    text = (small / "strategy.yaml").read_text("utf-8").replace("status: not-started", "status: at-risk")
    (small / "strategy.yaml").write_text(text, "utf-8")
    assert run("build", small, "-o", tmp_path / "two").returncode == 0
    assert (tmp_path / "one" / PLAN).read_bytes() != (tmp_path / "two" / PLAN).read_bytes()


def test_source_date_epoch_sets_the_document_dates(small, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    assert run("build", small, "-o", tmp_path / "one").returncode == 0
    assert run("build", small, "-o", tmp_path / "two").returncode == 0
    assert digests(tmp_path / "one") == digests(tmp_path / "two")
    props = docx.Document(tmp_path / "one" / REPORT).core_properties
    assert props.created.isoformat().startswith("2023-11-14T22:13:20")
    assert props.modified.isoformat().startswith("2023-11-14T22:13:20")


def test_a_council_reference_document_restyles_the_output(small, tmp_path):
    reference = docx.Document(ROOT / "templates" / "reference.docx")
    reference.styles["Normal"].font.name = "Verdana"
    reference.sections[0].header.paragraphs[0].text = "OFFICIAL"
    custom = tmp_path / "council.docx"
    reference.save(custom)
    out = tmp_path / "out"
    result = run("build", small, "-o", out, "--template", custom)
    assert result.returncode == 0, result.stderr
    for name in (PLAN, REPORT):
        d = docx.Document(out / name)
        assert d.styles["Normal"].font.name == "Verdana"
        assert d.sections[0].header.paragraphs[0].text == "OFFICIAL"
        assert d.paragraphs[0].text.startswith("Corporate Parenting Strategy")  # the reference body is emptied
        assert lint(out / name) == []


def test_table_cells_take_the_table_text_style_and_a_councils_own_is_kept(small, tmp_path):
    """Table cells are formatted by one paragraph style, Table Text: added (single spacing, no space
    after, the compact table size) unless the council's reference document has its own."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    out = tmp_path / "out"
    assert run("build", small, "-o", out).returncode == 0
    plan = docx.Document(out / PLAN)
    style = plan.styles["Table Text"]
    assert style.paragraph_format.space_after == 0 and style.paragraph_format.line_spacing == 1.0
    assert style.font.size == Pt(11) and style.base_style.name == "Normal"
    cells = [p for t in plan.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert cells and {p.style.name for p in cells} == {"Table Text"}

    reference = docx.Document(ROOT / "templates" / "reference.docx")
    own = reference.styles.add_style("Table Text", WD_STYLE_TYPE.PARAGRAPH)
    own.font.size = Pt(9)
    own.font.name = "Verdana"
    custom = tmp_path / "council.docx"
    reference.save(custom)
    assert run("build", small, "-o", tmp_path / "own", "--template", custom).returncode == 0
    plan = docx.Document(tmp_path / "own" / PLAN)
    assert [s.name for s in plan.styles].count("Table Text") == 1
    assert plan.styles["Table Text"].font.size == Pt(9) and plan.styles["Table Text"].font.name == "Verdana"
    assert {p.style.name for t in plan.tables for row in t.rows for c in row.cells for p in c.paragraphs} \
        == {"Table Text"}


def test_a_reference_document_that_breaks_the_rules_is_caught_by_lint(small, tmp_path):
    reference = docx.Document(ROOT / "templates" / "reference.docx")
    reference.styles["Normal"].font.name = "Times New Roman"
    reference.styles["Heading 2"].font.color.rgb = docx.shared.RGBColor(0x99, 0xCC, 0xFF)
    custom = tmp_path / "pale.docx"
    reference.save(custom)
    out = tmp_path / "out"
    assert run("build", small, "-o", out, "--template", custom).returncode == 0
    result = run("lint-docx", out / PLAN)
    assert result.returncode == 1
    assert "serif font Times New Roman" in result.stderr
    assert "#99CCFF on #FFFFFF" in result.stderr


def test_a_template_that_is_not_a_word_file_writes_nothing(small, tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", "utf-8")
    out = tmp_path / "out"
    result = run("build", small, "-o", out, "--template", fake)
    assert result.returncode == 2
    assert "CP048" in result.stderr and "the template cannot be used" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
    missing = run("build", small, "-o", out, "--template", tmp_path / "nowhere.md.j2")
    assert missing.returncode == 2 and "nowhere.md.j2" in missing.stderr and not out.exists()
    unknown = run("build", small, "-o", out, "--template", tmp_path / "x.txt")
    assert unknown.returncode == 2 and "*.md.j2" in unknown.stderr


def test_user_jinja_template_renders_in_a_sandbox(small, tmp_path):
    template = tmp_path / "site.md.j2"
    template.write_text("{{ s.council }}\n{% for r in ctx.rows %}{{ r.action.id }}={{ r.status_label }}\n{% endfor %}",
                        "utf-8")
    out = tmp_path / "out"
    result = run("build", small, "-o", out, "--format", "md", "--template", template)
    assert result.returncode == 0, result.stderr
    assert (out / "small-action-plan.md").read_text("utf-8") == \
        "Testshire County Council\nA01=Complete\nA02=Not started\n"
    escape = tmp_path / "escape.html.j2"
    escape.write_text("ok\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n", "utf-8")
    result = run("build", small, "-o", tmp_path / "two", "--format", "html", "--template", escape)
    assert result.returncode == 2
    assert "CP048" in result.stderr and "unsafe" in result.stderr
    assert not (tmp_path / "two").exists()


def test_template_syntax_error_names_its_line(small, tmp_path):
    template = tmp_path / "broken.md.j2"
    template.write_text("line one\nline two\n{% for r in ctx.rows %}\n", "utf-8")
    out = tmp_path / "out"
    result = run("build", small, "-o", out, "--format", "docx,md", "--template", template)
    assert result.returncode == 2
    assert "the user template for md:4: error CP048" in result.stderr or \
        "the user template for md:3: error CP048" in result.stderr
    assert not out.exists()  # the Word files, though fine, are not written either


soffice = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(not soffice or not shutil.which("pdfinfo"),
                    reason="needs LibreOffice and poppler-utils (apt-get install libreoffice-writer-nogui poppler-utils)")
def test_libreoffice_opens_every_document(small, tmp_path):
    out = tmp_path / "out"
    assert run("build", small, STRATEGIES / "wolverhampton-2015", "-o", out).returncode == 0
    files = sorted(out.glob("*.docx"))
    assert len(files) == 4
    pdf_dir = tmp_path / "pdf"
    libreoffice("pdf", pdf_dir, *files, profile=tmp_path / "lo-profile", timeout=180, check=True)
    for file in files:
        pdf = pdf_dir / (file.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice could not load {file.name}"  # it exits 0 even then
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
        assert pages >= 3, (file.name, pages)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "Vision" in text or "Purpose" in text


def test_plan_and_report_end_with_a_glossary_of_the_acronyms_they_use(tmp_path):
    import docx
    from conftest import STRATEGIES
    from conftest import run as run_cli

    out = tmp_path / "out"
    assert run_cli("build", STRATEGIES / "wolverhampton-2015", "-o", out).returncode == 0
    for f in sorted(out.glob("*.docx")):
        d = docx.Document(str(f))
        body = "\n".join(p.text for p in d.paragraphs) + "\n".join(
            c.text for t in d.tables for r in t.rows for c in r.cells)
        table = d.tables[-1]
        assert [c.text for c in table.rows[0].cells] == ["Acronym", "What it stands for"]
        listed = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
        assert listed["CCG"] == "Clinical Commissioning Group"
        for acronym in listed:
            assert body.count(acronym) >= 2  # used in the text, and listed


def test_markdown_and_html_plans_list_the_acronyms_they_use(tmp_path):
    from conftest import STRATEGIES
    from conftest import run as run_cli

    out = tmp_path / "out"
    assert run_cli("build", STRATEGIES / "wolverhampton-2015", "-o", out, "--format", "md,html").returncode == 0
    md = (out / "wolverhampton-2015-action-plan.md").read_text()
    assert "## Glossary of acronyms" in md and "| PEP | Personal Education Plan |" in md
    html = (out / "wolverhampton-2015-action-plan.html").read_text()
    assert '<td><abbr title="Personal Education Plan">PEP</abbr></td><td>Personal Education Plan</td>' in html


def test_plan_publishes_the_strategys_background_lists(tmp_path):
    import docx
    from conftest import STRATEGIES
    from conftest import run as run_cli

    out = tmp_path / "out"
    assert run_cli("build", STRATEGIES / "wolverhampton-2021", "-o", out, "--format", "docx,md,html").returncode == 0
    d = docx.Document(str(out / "wolverhampton-2021-action-plan.docx"))
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    for heading in ("Introduction", "As a council we will", "Strengths", "Challenges", "Legislation"):
        assert heading in headings
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Digital inclusion" in text and "Children (Leaving Care) Act 2000" in text
    md = (out / "wolverhampton-2021-action-plan.md").read_text()
    assert "### Challenges\n\n- Communication support for young people" in md
    html = (out / "wolverhampton-2021-action-plan.html").read_text()
    assert '<h3 id="legislation">Legislation</h3>' in html and "<li>Children Act 1989</li>" in html


def test_status_summary_says_no_update_and_updated_without_status_apart(small, tmp_path):
    """'No status given' beside 'Not reported' read alike; and the Wolverhampton 2015 report said 'no action is
    not started, on track, at risk, off track or dropped'."""
    strategy = small / "strategy.yaml"
    strategy.write_text(strategy.read_text().replace("    status: not-started\n", "").replace(
        "    status: on-track\n", "") + "  - id: A03\n    title: A third action\n    principles: [adulthood]\n")
    progress = small / "progress" / "2023-03-31.yaml"
    progress.write_text(progress.read_text().replace(
        "report_of:", "  - action: A02\n    summary: Talks with the bus company began.\nreport_of:"))
    out = tmp_path / "out"
    result = run("build", small, "-o", out)
    assert result.returncode == 0, result.stderr
    report = docx.Document(str(out / "small-progress-report-2023-03-31.docx"))
    counts = next(t for t in report.tables if t.rows[0].cells[0].text == "Status")
    rows = {r.cells[0].text: r.cells[1].text for r in counts.rows[1:]}
    assert rows == {"Complete": "1", "Updated, no status": "1", "No update": "1", "Total": "3"}
    said = next(p.text for p in report.paragraphs if p.text.startswith("The plan has 3 actions."))
    assert said == "The plan has 3 actions. Their status as at 31 March 2023 is below; none is at risk or off track."


def test_a_huge_measure_target_prints_as_a_short_figure():
    """A target of 1.0e+308 printed as a 309-digit number: figures beyond a thousand million million print
    in short scientific form; ordinary ones as before."""
    from cpstrat.outputs.views.context import LARGEST, number, with_unit

    assert with_unit(1.0e308, "%") == "1e+308%"
    assert number(10 ** 400) == "1.00e+400" and number(-1e20) == "-1e+20" and number(float("inf")) == "inf"
    assert number(LARGEST - 1) == "999,999,999,999,999" and number(LARGEST) == "1e+15"
    assert number(10.5) == "10.5" and number(2.0) == "2" and number(1234567) == "1,234,567"
