"""One Excel vocabulary: `import-xlsx --into` reads every status word and date form the import and `collect`
read, names real rows and cells, warns only about grey cells the officer changed, and changes only the
lines whose values changed."""

from __future__ import annotations

import difflib

import openpyxl
import pytest
from conftest import PROGRESS, SMALL, run
from test_xlsx_merge import _edit

from cpstrat.checks.run import check

# the small strategy with a measure written as a one-line flow mapping, and a comment on it
FLOW = SMALL[:SMALL.index("    measures:\n")] + (
    '    measures:\n      - {id: A01-m1, text: Care leavers with an up-to-date pathway plan, target: 98, unit: "%"}'
    "  # agreed with health\n") + SMALL[SMALL.index("    status: on-track"):]


@pytest.fixture
def plan(small, tmp_path):
    (small / "strategy.yaml").write_text(FLOW, "utf-8")
    path = tmp_path / "plan.xlsx"
    assert run("export-xlsx", small, "-o", path).returncode == 0
    return path


def _changed_lines(before: str, after: str) -> list[str]:
    return [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def test_a_day_first_date_is_taken_and_changes_one_line(small, plan):
    before = (small / "strategy.yaml").read_text("utf-8")
    _edit(plan, {(3, "Due"): "31/03/2028"})
    r = run("import-xlsx", plan, "--into", small)
    assert r.returncode == 0, r.stderr
    after = (small / "strategy.yaml").read_text("utf-8")
    assert _changed_lines(before, after) == ["-    due: 2024-03-31", "+    due: 2028-03-31"]
    assert next(a for a in check(small).strategy.actions if a.id == "A02").due.value.isoformat() == "2028-03-31"


def test_status_words_of_the_sheets_and_a_flow_measure_each_change_one_line(small, plan):
    before = (small / "strategy.yaml").read_text("utf-8")
    paper = small / "progress" / "2023-03-31.yaml"
    paper_before = paper.read_text("utf-8")
    _edit(plan, {(2, "Status"): "Not started", (3, "Status"): "Amber"})
    _edit(plan, {(2, "Target"): 95}, sheet="Measures")
    r = run("import-xlsx", plan, "--into", small)
    assert r.returncode == 0, r.stderr
    after = (small / "strategy.yaml").read_text("utf-8")
    assert _changed_lines(before, after) == [
        '-      - {id: A01-m1, text: Care leavers with an up-to-date pathway plan, target: 98, unit: "%"}'
        "  # agreed with health",
        '+      - {id: A01-m1, text: Care leavers with an up-to-date pathway plan, target: 95, unit: "%"}'
        "  # agreed with health",
        "-    status: not-started",
        "+    status: at-risk",
    ]
    # A01's current status lives in the progress file (issue 20): one line there
    assert _changed_lines(paper_before, paper.read_text("utf-8")) == ["-    status: complete",
                                                                      "+    status: not-started"]
    assert not check(small).errors


def test_amber_through_the_councils_words_in_into_and_collect(small, tmp_path):
    (small / "strategy.yaml").write_text(FLOW + "status_words: {Green: on-track, Amber: at-risk, Red: off-track}\n",
                                         "utf-8")
    plan = tmp_path / "plan.xlsx"
    assert run("export-xlsx", small, "-o", plan).returncode == 0
    before = (small / "strategy.yaml").read_text("utf-8")
    _edit(plan, {(3, "Status"): "amber"})  # the council's word, in any case
    r = run("import-xlsx", plan, "--into", small)
    assert r.returncode == 0, r.stderr
    after = (small / "strategy.yaml").read_text("utf-8")
    assert _changed_lines(before, after) == ["-    status: not-started", "+    status: Amber"]  # as the council spells it
    assert next(a for a in check(small).strategy.actions if a.id == "A02").status == "at-risk"
    form = tmp_path / "form.xlsx"
    assert run("update-form", small, "-o", form).returncode == 0
    wb = openpyxl.load_workbook(form)
    wb["Updates"]["F6"] = "Red"
    wb["Updates"]["F7"] = "AMBER"
    wb.save(form)
    r = run("collect", small, form, "--as-at", "2024-03-31")
    assert r.returncode == 0, r.stderr
    result = check(small)
    assert not result.errors
    latest = result.strategy.latest
    assert [(u.action, u.status) for u in latest.updates] == [("A01", "off-track"), ("A02", "at-risk")]
    assert "status: Amber" in (small / "progress" / "2024-03-31.yaml").read_text("utf-8")


def test_an_export_left_unedited_across_a_collect_merges_with_no_warning(small, plan, tmp_path):
    form = tmp_path / "form.xlsx"
    assert run("update-form", small, "-o", form).returncode == 0
    wb = openpyxl.load_workbook(form)
    wb["Updates"]["F6"] = "Off track"
    wb["Updates"]["G6"] = "The partnership events were cancelled."
    wb["Measures"]["G6"] = 50  # the measure's latest value changes too
    wb.save(form)
    assert run("collect", small, form, "--as-at", "2024-03-31").returncode == 0
    before = (small / "strategy.yaml").read_text("utf-8")
    r = run("import-xlsx", plan, "--into", small)
    assert r.returncode == 0, r.stderr
    assert "CP174" not in r.stderr and "nothing to change" in r.stdout
    assert (small / "strategy.yaml").read_text("utf-8") == before
    # a grey cell the officer did type in is still reported, at its cell
    header = _edit(plan, {(2, "Latest progress"): "I typed this"})
    r = run("import-xlsx", plan, "--into", small)
    column = openpyxl.utils.get_column_letter(header.index("Latest progress") + 1)
    assert f"plan.xlsx:2:{header.index('Latest progress') + 1}: warning CP174 Sheet 'Action plan' cell {column}2" \
        in r.stderr
    # and so is a measure's Latest value typed over
    header = _edit(plan, {(2, "Latest value"): 12}, sheet="Measures")
    r = run("import-xlsx", plan, "--into", small)
    column = openpyxl.utils.get_column_letter(header.index("Latest value") + 1)
    assert f"warning CP174 Sheet 'Measures' cell {column}2: 'Latest value'" in r.stderr


def test_messages_name_real_rows_and_cells(small, plan):
    (small / "progress" / "2023-03-31.yaml").write_text(PROGRESS, "utf-8")
    header = _edit(plan, {(4, "Action"): "A new action with no id", (4, "Principles"): "Take their views into account"})
    wb = openpyxl.load_workbook(plan)
    vision = next(row for row in wb["Strategy"].iter_rows() if row[0].value == "vision")
    vision[1].value = "A new vision"
    wb.save(plan)
    r = run("import-xlsx", plan, "--into", small, "--dry-run")
    assert r.returncode == 0, r.stderr
    out = r.stdout + r.stderr
    assert "A03: added (sheet 'Action plan' row 4)" in out
    assert f"plan.xlsx:{vision[1].row}:2: warning CP176 Sheet 'Strategy' cell B{vision[1].row}" in out
    # a bad cell in a row with no id, and a conflict: each at its cell
    _edit(plan, {(4, "Due"): "whenever"})
    bad = run("import-xlsx", plan, "--into", small)
    due = openpyxl.utils.get_column_letter(header.index("Due") + 1)
    assert bad.returncode == 1 and f"plan.xlsx:4:{header.index('Due') + 1}: error CP170 Sheet 'Action plan' cell {due}4" \
        in bad.stderr
    for text in (out, bad.stdout + bad.stderr):
        assert "row 0" not in text and ":0:0" not in text
