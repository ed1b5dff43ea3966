"""import-xlsx on workbooks made here, and one LibreOffice made from a CSV."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile

import openpyxl
import pytest
from conftest import libreoffice, run
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font, PatternFill

from cpstrat.checks.run import check
from cpstrat.excel.dates import parse_due
from cpstrat.excel.emit import Writer
from cpstrat.format.load import parse

TRICKY = ["no", "#hash", ": colon", "key: value", "- dash", "*star", "&anchor", "007", "1.10", "2022-01-01",
          "yes", "true", "null", "~", "line one\nline two\n  indented", "trailing space ", "'quoted'", '"dq"',
          "tab\there", "1:30", "@at", "`tick", "%pct", "[list]", "{map}", "a # not a comment", "multi\n\nblank"]


def _plan(path, rows, title_block=(), fills=None, bold=()):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Action Plan"
    for line in title_block:
        ws.append([line])
    for r in rows:
        ws.append(list(r))
    for ref, colour in (fills or {}).items():
        ws[ref].fill = PatternFill("solid", fgColor=colour)
    for ref in bold:
        ws[ref].font = Font(bold=True)
    wb.save(path)
    return path


def _load(folder):
    result = check(folder)
    assert result.strategy is not None
    return result


def _codes(result):
    return [(d.code, d.line) for d in result.diagnostics]


HEADER = ["Ref", "What we will do", "Corporate Parenting Principle", "Theme", "Responsible officer",
          "Partners", "By when?", "RAG", "Success measure", "Target", "Comments", "Budget"]


def test_title_block_header_variants_dates_statuses_and_principles(tmp_path):
    xlsx = _plan(tmp_path / "plan.xlsx", [
        HEADER,
        ["1.1", "Health assessments on time", "Principle 1", "Health", "Head of Health", "NHS, CAMHS",
         "March 2023", "Green", "Assessments within 20 days", "95%", "Going well", "£10k"],
        ["1.2", "Training for foster carers", "(e)", "Health", "Head of Fostering", "", "Q3 2022/23", None,
         "Carers trained", "", "", ""],
        ["1.3", "Bus passes", "high aspirations; adulthood", "Transport", "Head of Transport", "",
         "Ongoing", "Amber/Green", "", "", "", ""],
        ["1.4", "Listen better", "views", "Transport", "", "", "Spring 2023", "Sort of", "", "", "", ""],
        ["1.5", "Dated", 7, "", "", "", dt.datetime(2024, 3, 31), "Completed", "", "", "", ""],
    ], title_block=["Testshire County Council Corporate Parenting Action Plan 2022-2025", "Draft 3", None],
        fills={"H6": "FFC000"})
    out = tmp_path / "out"
    r = run("import-xlsx", xlsx, "-o", out)
    assert r.returncode == 0, r.stderr
    assert "Budget" in r.stderr and "CP084" in r.stderr  # the unknown column is reported...
    text = (out / "strategy.yaml").read_text()
    assert "Budget: £10k" in text  # ...and kept
    result = _load(out)
    s = result.strategy
    assert s.council == "Testshire County Council"
    assert (s.period.start, s.period.end) == (dt.date(2022, 4, 1), dt.date(2025, 3, 31))
    a = {x.id: x for x in s.actions}
    assert list(a) == ["1.1", "1.2", "1.3", "1.4", "1.5"]
    assert a["1.1"].principles == ("best-interests",) and a["1.1"].status == "on-track"
    assert a["1.1"].due.last == dt.date(2023, 3, 31) and a["1.1"].partners == ("NHS", "CAMHS")
    assert a["1.1"].measures[0].target == 95 and a["1.1"].measures[0].unit == "%"
    assert a["1.2"].principles == ("high-aspirations",) and a["1.2"].due.last == dt.date(2022, 12, 31)
    assert a["1.2"].status == "at-risk"  # from the amber fill of an empty RAG cell
    assert a["1.3"].principles == ("high-aspirations", "adulthood") and a["1.3"].due is None
    assert a["1.3"].status == "at-risk" and "Amber/Green" in a["1.3"].notes and "Due: Ongoing" in a["1.3"].notes
    assert a["1.5"].principles == ("adulthood",) and a["1.5"].status == "complete"
    assert a["1.5"].due.last == dt.date(2024, 3, 31) and a["1.5"].due.kind == "day"
    assert [p.title for p in s.priorities] == ["Health", "Transport"]
    # what could not be mapped is left for check to point at, on the lines of action 1.4
    lines = text.splitlines()
    row_of = {code: line for code, line in _codes(result)}
    assert "views" in lines[row_of["CP032"] - 1] and "to finish" in lines[row_of["CP032"] - 1]
    assert "Spring 2023" in lines[row_of["CP100"] - 1]
    assert "Sort of" in lines[row_of["CP024"] - 1]
    assert "express-views or take-account" in text
    assert "a principle that could not be mapped (1): 1.4" in text


def test_missing_council_title_period_are_flagged_by_check(tmp_path):
    xlsx = _plan(tmp_path / "p.xlsx", [["Action", "Lead", "Principle"], ["Do a thing", "Head of X", "adulthood"]])
    out = tmp_path / "out"
    assert run("import-xlsx", xlsx, "-o", out).returncode == 0
    r = run("check", out)
    assert r.returncode == 1
    for key in ("council", "title", "period"):
        assert f"missing required key '{key}'" in r.stdout
    assert "re-import with --council" in (out / "strategy.yaml").read_text()
    r = run("import-xlsx", xlsx, "-o", out, "--force", "--council", "Testshire County Council",
            "--title", "Corporate Parenting Strategy", "--period", "2022-04-01:2025-03-31")
    assert r.returncode == 0, r.stderr
    assert run("check", out).returncode == 0


def test_id_column_absent_gives_stable_ids_and_headings_become_priorities(tmp_path):
    rows = [["Action", "Principle", "Lead"], ["Health and wellbeing"], ["First", "a", "X"], ["Second", "b", "Y"],
            ["Education"], ["Third", "c", "Z"]]
    xlsx = _plan(tmp_path / "p.xlsx", rows, bold=["A2", "A5"])
    out = tmp_path / "out"
    assert run("import-xlsx", xlsx, "-o", out).returncode == 0
    s = _load(out).strategy
    assert [a.id for a in s.actions] == ["A01", "A02", "A03"]
    assert [(a.title, a.priorities) for a in s.actions] == [
        ("First", ("health-and-wellbeing",)), ("Second", ("health-and-wellbeing",)), ("Third", ("education",))]
    # importing the same sheet again gives the same file
    first = (out / "strategy.yaml").read_bytes()
    assert run("import-xlsx", xlsx, "-o", out, "--force").returncode == 0
    assert (out / "strategy.yaml").read_bytes() == first


def test_continuation_rows_and_multiline_cells_are_kept(tmp_path):
    xlsx = _plan(tmp_path / "p.xlsx", [
        ["Action", "Measures", "Lead", "Notes"],
        ["Do a thing", "Measure one\nMeasure two", "Head of X", "first note"],
        [None, "Measure three", None, "second note"],
    ])
    out = tmp_path / "out"
    assert run("import-xlsx", xlsx, "-o", out).returncode == 0
    a = _load(out).strategy.actions[0]
    assert [m.text for m in a.measures] == ["Measure one", "Measure two", "Measure three"]
    assert [m.id for m in a.measures] == ["A01-m1", "A01-m2", "A01-m3"]
    assert "first note" in a.notes and "Notes (row 3): second note" in a.notes


def test_map_option_names_a_column_and_bad_maps_are_usage_errors(tmp_path):
    xlsx = _plan(tmp_path / "p.xlsx", [["Intervention", "Accountable body"], ["Do a thing", "Head of X"]])
    out = tmp_path / "out"
    r = run("import-xlsx", xlsx, "-o", out)
    assert r.returncode == 1 and "CP073" in r.stderr and "--map" in r.stderr
    assert not (out / "strategy.yaml").exists()
    r = run("import-xlsx", xlsx, "-o", out, "--map", "Intervention=title", "--map", "Accountable body=lead")
    assert r.returncode == 0, r.stderr
    assert _load(out).strategy.actions[0].lead == ("Head of X",)
    r = run("import-xlsx", xlsx, "-o", out, "--force", "--map", "Intervention=titel")
    assert r.returncode == 2 and "unknown field 'titel' (did you mean 'title'?)" in r.stderr
    r = run("import-xlsx", xlsx, "-o", out, "--force", "--map", "Nope=title")
    assert r.returncode == 2 and "CP083" in r.stderr and "Intervention" in r.stderr


def test_every_value_survives_the_round_trip_through_the_loader(tmp_path):
    rows = [["Ref", "Action", "Lead", "Other"]]
    rows += [[f"R{i}", value, value, value] for i, value in enumerate(TRICKY)]
    xlsx = _plan(tmp_path / "p.xlsx", rows)
    out = tmp_path / "out"
    assert run("import-xlsx", xlsx, "-o", out).returncode == 0
    s = _load(out).strategy
    for action, value in zip(s.actions, TRICKY, strict=True):
        raw = action.raw
        lines = "\n".join(line.rstrip() for line in value.strip().splitlines())
        assert raw["title"] == value.strip() or raw["title"] == lines
        assert f"Other: {value.strip()}" in raw["notes"] or value.strip().splitlines()[0] in raw["notes"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_emitted_text_reads_back_exactly(value):
    w = Writer()
    w.key(0, "v", value, note="a # note")
    w.key(2, "w", value, item=True)
    data = parse("x: 1\n" + w.text().replace("  - w", "l:\n  - w", 1), "t").data
    assert data["v"] == value and data["l"][0]["w"] == value


def test_text_dates():
    assert parse_due("March 2022").date == dt.date(2022, 3, 31)
    assert parse_due("Q3 2022/23").date == dt.date(2022, 12, 31)
    assert parse_due("Q4 2022/23").date == dt.date(2023, 3, 31)
    assert parse_due("2023/24").date == dt.date(2024, 3, 31)
    assert parse_due("31/03/2022").date == dt.date(2022, 3, 31)
    assert parse_due("Ongoing").date is None and parse_due("Ongoing").note == "Ongoing"
    assert parse_due("TBC").text == "TBC" and parse_due("Q3 2022").text == "Q3 2022"
    assert parse_due("30/02/2023").text == "30/02/2023"


def test_macros_corrupt_and_non_workbooks_are_refused_cleanly(tmp_path):
    good = _plan(tmp_path / "p.xlsx", [["Action"], ["x"]])
    xlsm = tmp_path / "p.xlsm"
    shutil.copy(good, xlsm)
    r = run("import-xlsx", xlsm, "-o", tmp_path / "o")
    assert r.returncode == 2 and "CP071" in r.stderr and "macros" in r.stderr
    vba = tmp_path / "vba.xlsx"
    shutil.copy(good, vba)
    with zipfile.ZipFile(vba, "a") as z:
        z.writestr("xl/vbaProject.bin", b"\x00")
    r = run("import-xlsx", vba, "-o", tmp_path / "o")
    assert r.returncode == 2 and "vbaProject.bin" in r.stderr
    for name, data in (("csv.xlsx", b"Action,Lead\nx,y\n"), ("cut.xlsx", good.read_bytes()[:300]),
                       ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)):
        (tmp_path / name).write_bytes(data)
        r = run("import-xlsx", tmp_path / name, "-o", tmp_path / "o")
        assert r.returncode == 2 and "CP070" in r.stderr and "Traceback" not in r.stderr, r.stderr
        assert len(r.stderr.strip().splitlines()) == 2  # the error line and its hint
    assert not (tmp_path / "o" / "strategy.yaml").exists()


def test_formula_without_saved_value_is_reported_and_nothing_written(tmp_path):
    xlsx = _plan(tmp_path / "p.xlsx", [["Action", "Lead"], ["x", "=CONCAT(\"Head \", \"of X\")"]])
    r = run("import-xlsx", xlsx, "-o", tmp_path / "o")
    assert r.returncode == 1 and "CP074" in r.stderr and "cell B2" in r.stderr
    assert not (tmp_path / "o" / "strategy.yaml").exists()


def test_existing_strategy_is_not_overwritten(tmp_path, small):
    xlsx = _plan(tmp_path / "p.xlsx", [["Action"], ["x"]])
    before = (small / "strategy.yaml").read_bytes()
    r = run("import-xlsx", xlsx, "-o", small)
    assert r.returncode == 2 and "--force" in r.stderr
    assert (small / "strategy.yaml").read_bytes() == before


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_workbook_made_by_libreoffice_from_csv(tmp_path):
    csv = tmp_path / "plan.csv"
    csv.write_text(
        "Action Ref,Action description,Principle,Pledge,Owner,Deadline,Status,KPI,Partners\n"
        "P1,Every care leaver has a personal adviser,Principle 7,Leaving care,Head of Leaving Care,31/03/2023,"
        "On track,Care leavers with a PA,\"Housing, DWP\"\n"
        "P2,\"Children say: \"\"we want to be heard\"\"\",take account,Voice,Participation Lead,Q2 2023/24,Red,,\n",
        encoding="utf-8")
    libreoffice("xlsx", tmp_path, csv, profile=tmp_path / "lo-profile")
    xlsx = tmp_path / "plan.xlsx"
    assert xlsx.exists(), ("LibreOffice did not convert the CSV: is Calc installed "
                           "(apt-get install libreoffice-calc-nogui)?")
    out = tmp_path / "out"
    r = run("import-xlsx", xlsx, "-o", out, "--council", "Testshire County Council", "--title", "Plan",
            "--period", "2022-04-01:2025-03-31")
    assert r.returncode == 0, r.stderr
    s = _load(out).strategy
    a = {x.id: x for x in s.actions}
    assert a["P1"].principles == ("adulthood",) and a["P1"].partners == ("Housing", "DWP")
    assert a["P1"].due.last == dt.date(2023, 3, 31) and a["P1"].status == "on-track"
    assert a["P2"].title == 'Children say: "we want to be heard"' and a["P2"].status == "off-track"
    assert a["P2"].principles == ("take-account",) and a["P2"].due.last == dt.date(2023, 9, 30)
    assert [p.title for p in s.priorities] == ["Leaving care", "Voice"]
    r = run("check", out, "--format", "json")
    assert r.returncode == 0, r.stdout  # everything mapped: at most warnings (e.g. principles no action serves)
    assert all(d["severity"] == "warning" for d in json.loads(r.stdout)["diagnostics"])


def test_one_table_per_sheet_with_a_cover_sheet(tmp_path):
    wb = openpyxl.Workbook()
    cover = wb.active
    cover.title = "Cover"
    for line in ("Northshire Borough Council", "Corporate Parenting Strategy: Action Plan",
                 "April 2023 to March 2026", "Owner: Corporate Parenting Board"):
        cover.append([line])
    for name, rows in (("Be healthy", [["1", "Health passports", "(a)", "Designated nurse", "Q2 2023/24", "G"],
                                       ["2", "CAMHS fast track", "best interests", "CAMHS lead", "Sept 2024", "A"]]),
                       ("Achieve", [["1", "Tutoring", "(e)", "Virtual School Head", "Summer 2024", "R"]])):
        ws = wb.create_sheet(name)
        ws.append(["No.", "Key actions", "Principle(s)", "Lead", "Timescale", "RAG"])
        for row in rows:
            ws.append(row)
    wb.save(tmp_path / "multi.xlsx")
    out = tmp_path / "out"
    r = run("import-xlsx", tmp_path / "multi.xlsx", "-o", out)
    assert r.returncode == 0, r.stderr
    assert "3 actions from sheets 'Be healthy', 'Achieve'" in r.stdout
    result = _load(out)
    s = result.strategy
    assert (s.council, s.title) == ("Northshire Borough Council", "Corporate Parenting Strategy: Action Plan")
    assert (s.period.start, s.period.end) == (dt.date(2023, 4, 1), dt.date(2026, 3, 31))
    assert [(a.title, a.priorities) for a in s.actions] == [
        ("Health passports", ("be-healthy",)), ("CAMHS fast track", ("be-healthy",)), ("Tutoring", ("achieve",))]
    assert "Owner: Corporate Parenting Board" in s.source
    # each sheet numbered its actions from 1: check points at the clash for the officer to settle
    assert ("CP030" in {d.code for d in result.errors}) and ("CP100" in {d.code for d in result.errors})


def test_status_from_theme_and_palette_fill_colours(tmp_path):
    from openpyxl.styles.colors import Color

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "RAG"])
    for title in ("a", "b", "c"):
        ws.append([title, None])
    # openpyxl's default theme (Office 2007): accent3 (theme 6) is green 9BBB59, accent6 (theme 9) orange F79646
    ws["B2"].fill = PatternFill("solid", fgColor=Color(theme=6, tint=0.4))
    ws["B3"].fill = PatternFill("solid", fgColor=Color(indexed=10))  # legacy palette red
    ws["B4"].fill = PatternFill("solid", fgColor=Color(theme=9))
    wb.save(tmp_path / "t.xlsx")
    assert run("import-xlsx", tmp_path / "t.xlsx", "-o", tmp_path / "o").returncode == 0
    assert [a.status for a in _load(tmp_path / "o").strategy.actions] == ["on-track", "off-track", "at-risk"]


def test_of_two_status_columns_the_one_holding_statuses_wins(tmp_path):
    xlsx = _plan(tmp_path / "p.xlsx", [
        ["What we will do", "Who", "When", "Progress", "RAG", "Action"],
        ["Do a thing", "Head of X", "March 2024", "Started in January with the first cohort", "Amber", "more words"],
        ["Do another", "Head of Y", "Ongoing", "Waiting for funding", "Red", ""],
    ])
    out = tmp_path / "out"
    r = run("import-xlsx", xlsx, "-o", out)
    assert r.returncode == 0, r.stderr
    assert "CP084" not in r.stderr
    a = _load(out).strategy.actions
    assert [x.status for x in a] == ["at-risk", "off-track"]
    assert "Progress: Started in January with the first cohort" in a[0].notes
    assert a[0].description == "more words" and a[0].lead == ("Head of X",) and a[0].due.last == dt.date(2024, 3, 31)


def test_percentage_cells_read_as_the_sheet_shows_them(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "Measure", "Target", "Baseline"])
    ws.append(["Support care leavers into work", "Care leavers in EET", 0.65, 0.5])
    ws["C2"].number_format = "0%"
    ws["D2"].number_format = "0.0%"
    wb.save(tmp_path / "p.xlsx")
    assert run("import-xlsx", tmp_path / "p.xlsx", "-o", tmp_path / "o").returncode == 0
    m = _load(tmp_path / "o").strategy.actions[0].measures[0]
    assert (m.text, m.target, m.baseline, m.unit) == ("Care leavers in EET", 65, 50, "%")


def test_no_check_skips_the_count_but_writes_the_same_file(tmp_path):
    xlsx = _plan(tmp_path / "p.xlsx", [["Action", "Lead"], ["Do it", "Head of X"]])
    r = run("import-xlsx", xlsx, "-o", tmp_path / "a")
    assert r.returncode == 0 and "reports" in r.stdout
    r = run("import-xlsx", xlsx, "-o", tmp_path / "b", "--no-check")
    assert r.returncode == 0 and "reports" not in r.stdout and "cpstrat check" in r.stdout
    assert (tmp_path / "a" / "strategy.yaml").read_bytes() == (tmp_path / "b" / "strategy.yaml").read_bytes()
