"""`cpstrat build`: the documents are read back with python-docx and checked."""

from __future__ import annotations

import textwrap
import zipfile

import docx
import pytest
from conftest import PROGRESS, SMALL, STRATEGIES, run
from docx.oxml.ns import qn

from cpstrat.outputs.word.lint import lint

PLAN = "small-action-plan.docx"
REPORT = "small-progress-report-2023-03-31.docx"

SECOND_PROGRESS = textwrap.dedent("""\
    cpstrat: 1
    as_at: 2024-06-30
    meeting: Corporate Parenting Board, 9 July 2024
    purpose: To report progress in the second year.
    recommendations:
      - The board notes the delay to free bus travel.
    implications:
      financial: None.
      legal: None.
      equalities: None.
      environmental: None.
    updates:
      - action: A02
        status: at-risk
        summary: Bus operators have not yet agreed the scheme.
        challenges:
          - Two operators withdrew from talks
      - action: A01
        measures: {A01-m1: 99}
    """)


def headings(document) -> list[tuple[int, str]]:
    out = []
    for p in document.paragraphs:
        name = p.style.name
        if name.startswith("Heading "):
            out.append((int(name.split()[1]), p.text))
    return out


def table_after(document, caption: str):
    """The table whose caption (w:tblCaption) is `caption`."""
    tbls = list(document.element.body.iterchildren(qn("w:tbl")))  # python-docx's tables, as XML
    for table, tbl in zip(document.tables, tbls, strict=True):
        el = tbl.tblPr.find(qn("w:tblCaption"))
        if el is not None and el.get(qn("w:val")) == caption:
            return table
    raise AssertionError(f"no table captioned {caption!r}: "
                         f"{[t.tblPr.find(qn('w:tblCaption')).get(qn('w:val')) for t in tbls]}")


def rows(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def section_text(document, heading: str) -> list[str]:
    """Paragraph texts after a heading, up to the next heading of the same or higher level."""
    out, inside, level = [], False, 0
    for p in document.paragraphs:
        name = p.style.name
        if name.startswith("Heading "):
            lvl = int(name.split()[1])
            if inside and lvl <= level:
                break
            if p.text == heading:
                inside, level = True, lvl
                continue
        if inside:
            out.append(p.text)
    return out


@pytest.fixture
def built(small, tmp_path):
    out = tmp_path / "out"
    result = run("build", small, "-o", out)
    assert result.returncode == 0, result.stderr
    return out


def test_build_writes_the_plan_and_the_report_for_the_latest_progress(built):
    assert sorted(p.name for p in built.iterdir()) == [PLAN, REPORT, "small.manifest.json"]


def test_plan_reads_back_with_its_sections_and_tables(built):
    d = docx.Document(built / PLAN)
    assert d.core_properties.title == "Testshire County Council: Corporate Parenting Strategy: action plan"
    assert d.core_properties.language == "en-GB"
    top = [text for level, text in headings(d) if level == 1]
    assert top == ["Corporate Parenting Strategy: action plan", "Vision", "The corporate parenting principles",
                   "Actions by local priority", "You said, we will",
                   "Coverage of the principles by local priority", "Governance"]
    assert "1 April 2022 to 31 March 2025" in " ".join(p.text for p in d.paragraphs[:6])
    assert section_text(d, "Vision")[0] == "Children in our care grow up safe, heard and ambitious."
    # each statutory principle with its wording from the Act, and its actions with status in words
    first = section_text(d, "Best interests, health and well-being")
    assert first[0].startswith("s.1(1)(a): to act in the best interests")
    table = table_after(d, "Actions for the principle: Best interests, health and well-being")
    assert rows(table)[0] == ["Id", "Action", "Lead", "Partners", "Due", "Measures", "Status"]
    # A01's status is 'complete' in the progress file, 'on-track' in the strategy: latest wins
    assert rows(table)[1] == ["A01", "Share good practice on emotional wellbeing across the partnership",
                              "Head of Service, Children in Care", "Health, Police", "31 March 2023",
                              "Care leavers with an up-to-date pathway plan (target 98%)", "Complete"]
    adulthood = table_after(d, "Actions for the principle: Preparation for adulthood and independent living")
    assert rows(adulthood)[1][0] == "A02" and rows(adulthood)[1][-1] == "Not started"


def test_plan_you_said_we_will_coverage_and_priority_view(built):
    d = docx.Document(built / PLAN)
    said = table_after(d, "What Children in Care Council said and what we will do")
    assert rows(said) == [["You said", "We will", "Status"],
                          ["Workers listening to our views",
                           "A01: Share good practice on emotional wellbeing across the partnership", "Complete"]]
    assert "Every ask is answered by at least one action." in section_text(d, "Asks not yet answered")
    coverage = rows(table_after(d, "Actions by principle and local priority"))
    assert coverage[0] == ["Principle", "Health and wellbeing"]
    assert dict(map(tuple, coverage[1:]))["Best interests, health and well-being"] == "1 action"
    assert dict(map(tuple, coverage[1:]))["Preparation for adulthood and independent living"] == "None"
    assert [r[0] for r in rows(table_after(d, "Actions for the priority: Health and wellbeing"))] == ["Id", "A01"]
    assert [r[0] for r in rows(table_after(d, "Actions under no local priority"))] == ["Id", "A02"]


def test_unanswered_asks_are_listed_plainly(small, tmp_path):
    text = SMALL.replace("        text: Workers listening to our views\n",
                         "        text: Workers listening to our views\n"
                         "      - id: cicc-wifi\n        text: Wifi in every placement\n")
    (small / "strategy.yaml").write_text(text, encoding="utf-8")
    result = run("build", small, "-o", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "warning CP042" in result.stderr  # check's warning is shown; the build still goes ahead
    d = docx.Document(tmp_path / "out" / PLAN)
    assert section_text(d, "Asks not yet answered") == ["No action answers these asks yet:",
                                                       "Wifi in every placement (Children in Care Council)"]
    said = rows(table_after(d, "What Children in Care Council said and what we will do"))
    assert said[2] == ["Wifi in every placement", "No action answers this yet", "Not answered"]


def test_report_reads_back_with_status_summary_chart_and_measures(built):
    d = docx.Document(built / REPORT)
    top = [text for level, text in headings(d) if level == 1]
    assert top == ["Corporate Parenting Strategy: progress report", "Recommendations", "Purpose", "Background",
                   "Summary of progress", "Progress by local priority", "Measures and indicators",
                   "Implications", "Appendix A: the action plan"]
    cover = rows(table_after(d, "Report details"))
    assert cover[0] == ["Item", "Detail"]
    assert cover[1:6] == [["Report to", "Corporate Parenting Board"], ["Date of meeting", "12 April 2023"],
                          ["Agenda item", "5"], ["Report title", "Corporate Parenting Strategy: progress report"],
                          ["Report of", "Director of Children's Services"]]
    assert ["Contact officer", "Jo Bloggs, Corporate Parenting Officer, jo.bloggs@example.gov.uk"] in cover
    assert not any(r[0] in ("Key decision", "Wards affected", "Decision designation") for r in cover)
    assert section_text(d, "Purpose") == ["To report progress on the action plan."]
    counts = {r[0]: r[1] for r in rows(table_after(d, "Actions by status"))[1:]}
    assert counts == {"Not started": "1", "Complete": "1", "Total": "2"}
    alt = [el.get("descr") for el in d.element.body.iter(qn("wp:docPr"))]
    assert alt == ["Bar chart of the 2 actions by status as at 31 March 2023: Not started 1, Complete 1."]
    assert d.inline_shapes[0].width > 0
    # each update once: A01 under its priority, A02 (no priority) under a group of its own
    progress = rows(table_after(d, "Progress: Health and wellbeing"))
    assert progress[1][:3] == ["A01", "Share good practice on emotional wellbeing across the partnership", "Complete"]
    assert progress[1][3] == ("Good practice shared at three partnership events.\n"
                              "\u2022 40 frontline police officers trained in Total Respect")
    assert [r[0] for r in rows(table_after(d, "Progress: Actions under no local priority"))] == ["Id", "A02"]
    body = "\n".join(c.text for t in d.tables for r in t.rows for c in r.cells)
    assert body.count("Good practice shared at three partnership events.") == 1
    matrix = rows(table_after(d, "Actions by corporate parenting principle"))
    assert matrix[0] == ["Principle", "Actions", "Number"]
    assert ["Best interests, health and well-being", "A01", "1"] in matrix
    measures = rows(table_after(d, "Measures: target against actual"))
    assert measures == [["Id", "Measure", "Target", "Actual", "Against target"],
                        ["A01-m1", "Care leavers with an up-to-date pathway plan", "98%", "97%", "Not met"]]
    assert section_text(d, "Summary of progress")[0] == (
        "No action is overdue. This is the first progress report on this plan.")
    assert ["Financial", "None."] in rows(table_after(d, "Implications of this report"))
    plan = rows(table_after(d, "The action plan"))
    assert [r[0] for r in plan] == ["Id", "A01", "A02"]


def test_second_report_shows_overdue_changes_and_missing_implication(small, tmp_path):
    (small / "progress" / "2024-06-30.yaml").write_text(SECOND_PROGRESS, encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", small, "-o", out)
    assert result.returncode == 0, result.stderr
    assert "2024-06-30.yaml" in result.stderr and "warning CP045" in result.stderr
    d = docx.Document(out / "small-progress-report-2024-06-30.docx")
    overdue = rows(table_after(d, "Overdue actions"))
    assert overdue[1] == ["A02", "Offer free bus travel to care leavers in education or work", "Head of Transport",
                          "31 March 2024", "At risk"]
    changes = rows(table_after(d, "Changes since 31 March 2023"))[1:]
    assert ["A01", "Share good practice on emotional wellbeing across the partnership",
            "Care leavers with an up-to-date pathway plan: 99% (from 97%)"] in changes
    assert ["A02", "Offer free bus travel to care leavers in education or work",
            "status changed from Not started to At risk"] in changes
    assert not any(c[0] == "A01" and "status" in c[2] for c in changes)  # A01 stays complete
    assert "The report states no human resources, risk or safeguarding implications." in section_text(
        d, "Implications")
    measures = rows(table_after(d, "Measures: target against actual"))
    assert measures[0] == ["Id", "Measure", "Target", "Previous", "Actual", "Against target"]
    assert measures[1][2:] == ["98%", "97%", "99%", "Met"]
    progress = rows(table_after(d, "Progress: Actions under no local priority"))
    assert progress[1][3] == ("Bus operators have not yet agreed the scheme.\n"
                              "Challenge: Two operators withdrew from talks")


def test_progress_option_picks_an_earlier_report(small, tmp_path):
    (small / "progress" / "2024-06-30.yaml").write_text(SECOND_PROGRESS, encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", small, "-o", out, "--progress", small / "progress" / "2023-03-31.yaml")
    assert result.returncode == 0, result.stderr
    assert REPORT in {p.name for p in out.iterdir()}
    assert "small-progress-report-2024-06-30.docx" not in {p.name for p in out.iterdir()}


def test_progress_option_naming_another_file_is_refused_and_writes_nothing(small, tmp_path):
    stray = tmp_path / "elsewhere.yaml"
    stray.write_text(PROGRESS, encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", small, "-o", out, "--progress", stray)
    assert result.returncode == 2
    assert "CP049" in result.stderr and "is not a progress file of this strategy" in result.stderr
    assert "2023-03-31.yaml" in result.stderr  # the hint lists the ones there are
    assert not out.exists()


def test_a_strategy_without_progress_builds_only_the_plan(small, tmp_path):
    (small / "progress" / "2023-03-31.yaml").unlink()
    out = tmp_path / "out"
    assert run("build", small, "-o", out).returncode == 0
    assert [p.name for p in out.iterdir()] == [PLAN]
    d = docx.Document(out / PLAN)
    assert "No progress reported yet" in [p.text for p in d.paragraphs[:6]]
    assert rows(table_after(d, "Actions for the priority: Health and wellbeing"))[1][-1] == "On track"


def test_every_document_written_passes_lint_docx(small, tmp_path):
    (small / "progress" / "2024-06-30.yaml").write_text(SECOND_PROGRESS, encoding="utf-8")
    out = tmp_path / "out"
    assert run("build", small, *STRATEGIES.iterdir(), "-o", out).returncode == 0
    written = sorted(out.glob("*.docx"))
    assert len(written) == 2 + 4 + 2  # small's plan and report, four bundled plans, two bundled reports
    for file in written:
        assert lint(file) == [], file
    result = run("lint-docx", *written)
    assert result.returncode == 0 and result.stdout.count(": passes") == len(written)


def test_every_table_has_a_repeating_header_row_and_no_merged_cells(built):
    for name in (PLAN, REPORT):
        d = docx.Document(built / name)
        assert d.tables
        for tbl in d.element.body.iterchildren(qn("w:tbl")):
            first = tbl.find(qn("w:tr"))
            assert first.trPr is not None and first.trPr.find(qn("w:tblHeader")) is not None
            assert not list(tbl.iter(qn("w:gridSpan"))) and not list(tbl.iter(qn("w:vMerge")))


def test_headings_never_skip_a_level(built):
    for name in (PLAN, REPORT):
        previous = 0
        for level, text in headings(docx.Document(built / name)):
            assert level <= previous + 1, (name, text)
            previous = level


def test_text_with_markup_characters_comes_out_intact(small, tmp_path):
    text = (SMALL.replace("council: Testshire County Council", "council: Smith & Sons <draft>")
            .replace("title: Share good practice on emotional wellbeing across the partnership",
                     "title: \"Work with Smith & Sons <draft> & {{ partners }}\""))
    (small / "strategy.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", small, "-o", out, "--format", "docx,md,html")
    assert result.returncode == 0, result.stderr
    for name in (PLAN, REPORT):
        d = docx.Document(out / name)
        body = "\n".join(p.text for p in d.paragraphs) + "\n".join(c.text for t in d.tables for r in t.rows
                                                                  for c in r.cells)
        assert "Smith & Sons <draft>" in body
        assert "Work with Smith & Sons <draft> & {{ partners }}" in body
        assert d.core_properties.title.startswith("Smith & Sons <draft>: ")
    html = (out / "small-action-plan.html").read_text("utf-8")
    assert "Smith &amp; Sons &lt;draft&gt;" in html and "<draft>" not in html
    md = (out / "small-action-plan.md").read_text("utf-8")
    assert "Smith & Sons \\<draft\\>" in md and "<draft>" not in md.replace("\\<draft\\>", "")
    assert "{{ partners }}" in md  # values are data, never evaluated as template code


def test_invalid_strategy_writes_nothing_and_shows_checks_diagnostics(small, tmp_path):
    text = SMALL.replace("principles: [access-services, high-aspirations, safe-and-stable, adulthood]",
                         "principles: [access-services, high-aspirations, safe-and-stable, adulthod]")
    (small / "strategy.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / PLAN).write_bytes(b"the previous plan")
    result = run("build", small, "-o", out, "--format", "docx,md,html")
    assert result.returncode == 1
    check = run("check", small)
    first_error = next(line for line in check.stdout.splitlines() if " error " in line)
    assert first_error in result.stderr  # the same file:line:column diagnostic as `cpstrat check`
    assert "strategy.yaml:33:" in first_error and "adulthod" in first_error
    assert "nothing written" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == [PLAN]
    assert (out / PLAN).read_bytes() == b"the previous plan"
    assert "Traceback" not in result.stderr


def test_several_strategies_build_each_and_a_bad_one_does_not_stop_the_others(small, tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "strategy.yaml").write_text(SMALL.replace("cpstrat: 1\n", "cpstrat: one\n"), encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", small, bad, STRATEGIES / "walsall-2021", "-o", out)
    assert result.returncode == 1
    assert sorted(p.name for p in out.iterdir()) == ["small-action-plan.docx", REPORT, "small.manifest.json",
                                                     "walsall-2021-action-plan.docx",
                                                     "walsall-2021-progress-report-2021-11-15.docx",
                                                     "walsall-2021.manifest.json"]
    assert "bad: not built" in result.stderr


def test_format_option(small, tmp_path):
    out = tmp_path / "out"
    assert run("build", small, "-o", out, "--format", "md,html").returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["small-action-plan.html", "small-action-plan.md",
                                                     "small-progress-report-2023-03-31.html",
                                                     "small-progress-report-2023-03-31.md", "small.manifest.json"]
    html = (out / "small-action-plan.html").read_text("utf-8")
    assert '<html lang="en-GB">' in html and '<th scope="col">Status</th>' in html
    assert "<td class=\"status-complete\">Complete</td>" in html
    md = (out / "small-action-plan.md").read_text("utf-8")
    assert "| A01 | Share good practice on emotional wellbeing across the partnership |" in md
    assert md.splitlines()[0] == "# Corporate Parenting Strategy: action plan"
    bad = run("build", small, "-o", tmp_path / "other", "--format", "docx,odt")
    assert bad.returncode == 2 and "--format 'docx,odt'" in bad.stderr
    assert not (tmp_path / "other").exists()


def test_output_zip_holds_no_wall_clock_time(built):
    for name in (PLAN, REPORT):
        with zipfile.ZipFile(built / name) as z:
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    # dates in the properties come from the inputs: the report's as_at
    assert docx.Document(built / REPORT).core_properties.modified.date().isoformat() == "2023-03-31"
    assert docx.Document(built / PLAN).core_properties.created.date().isoformat() == "2023-03-31"


def test_an_output_path_that_is_a_file_is_a_one_line_error(small, tmp_path):
    blocker = tmp_path / "out"
    blocker.write_text("a file, not a folder", "utf-8")
    result = run("build", small, "-o", blocker)
    assert result.returncode == 2
    assert result.stderr.strip().endswith(f"check that {blocker} is a folder you can write to")
    assert "Traceback" not in result.stderr
    assert blocker.read_text("utf-8") == "a file, not a folder"


def test_a_full_cover_block_prints_every_field_on_the_first_page(small, tmp_path):
    progress = small / "progress" / "2023-03-31.yaml"
    progress.write_text(progress.read_text(encoding="utf-8").replace(
        "purpose:", "decision_designation: For information\nkey_decision: 'No'\nwards_affected: All wards\npurpose:", 1),
        encoding="utf-8")
    assert run("check", small).returncode == 0
    assert run("build", small, "-o", tmp_path / "out").returncode == 0
    d = docx.Document(tmp_path / "out" / REPORT)
    cover = dict(map(tuple, rows(table_after(d, "Report details"))[1:]))
    assert cover["Decision designation"] == "For information"
    assert cover["Key decision"] == "No"
    assert cover["Wards affected"] == "All wards"


@pytest.mark.parametrize("forked", [False, True], ids=["here", "forked"])
@pytest.mark.parametrize("name", ["walsall-2021", "wolverhampton-2015"])
def test_build_reports_exactly_the_diagnostics_check_gives(name, forked, tmp_path, monkeypatch):
    """A large strategy's text warnings are worked out in a forked process while its documents render;
    whichever way, build reports what check reports, in the same order."""
    from cpstrat.outputs import publish
    from cpstrat.util import background

    if forked and background.cpus() < 2:
        pytest.skip("one CPU: the warnings are always worked out here")
    from cpstrat.checks import run as check_run

    checked = run("check", STRATEGIES / name)
    monkeypatch.setattr(publish, "PARALLEL_ACTIONS", 0 if forked else 10**9)
    made_here = []  # a forked child's calls land in the child's copy of this list, not here
    real = check_run.text_warnings
    monkeypatch.setattr(check_run, "text_warnings", lambda s: made_here.append(1) or real(s))
    built = run("build", STRATEGIES / name, "-o", tmp_path)
    assert built.returncode == 0
    assert made_here == ([] if forked else [1])

    import re

    from cpstrat.format.diagnostics import rules

    def diagnostics(text):
        return [line for line in text.splitlines() if ": warning CP" in line or ": error CP" in line]

    def the_boards(lines):  # less the warnings the catalogue gives to other documents (the young people's words)
        return [line for line in lines
                if "board" in rules()[re.search(r" (CP\d+) ", line).group(1)].get("documents", ["board"])]

    assert diagnostics(checked.stdout + checked.stderr)  # both strategies draw text warnings
    assert diagnostics(built.stderr) == the_boards(diagnostics(checked.stdout + checked.stderr))


def test_text_warnings_are_given_when_the_forked_process_fails(small, tmp_path, monkeypatch):
    """A child that dies (killed, out of memory) leaves the parent to work the warnings out itself."""
    from cpstrat.util import background

    def dies(*args):
        import os

        os._exit(9)

    calls = []

    def fn(x):
        calls.append(x)
        return [x]

    monkeypatch.setattr(background, "cpus", lambda: 2)
    monkeypatch.setattr(background, "_child", lambda send, f, args: dies())
    assert background.meanwhile(fn, "same").result() == ["same"] and calls == ["same"]


def test_an_interrupted_build_stops_its_forked_warnings_and_works_none_out(tmp_path, monkeypatch):
    """Ctrl-C (or a fault) while the documents render: the child working out the text warnings is
    stopped and reaped, and the parent does not start that work itself."""
    import multiprocessing

    from cpstrat.checks import run as check_run
    from cpstrat.outputs import publish
    from cpstrat.util import background

    if background.cpus() < 2:
        pytest.skip("one CPU: nothing is forked")
    monkeypatch.setattr(publish, "PARALLEL_ACTIONS", 0)
    import os

    parent, made_here = os.getpid(), []

    def text_warnings(strategy):
        if os.getpid() != parent:  # the child does not answer: only a parent left to it would do the work
            os._exit(9)
        made_here.append(1)
        return []

    monkeypatch.setattr(check_run, "text_warnings", text_warnings)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(publish, "_render", interrupted)
    with pytest.raises(KeyboardInterrupt):
        publish.build(STRATEGIES / "walsall-2021", tmp_path)
    assert made_here == [] and multiprocessing.active_children() == []
    assert list(tmp_path.iterdir()) == []
