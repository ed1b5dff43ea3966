"""Rules whose code no other test saw come out of the command line: each through the command a user
runs, with its file, line or cell."""

from __future__ import annotations

import openpyxl
import pytest
from conftest import SMALL, run
from gitrepo import Repo

from cpstrat.checks.run import check

# (code, text that carries personal data): rules found by privacy.findings, here through `check`
PERSONAL = [("CP061", "Her date of birth is 14/02/2008."), ("CP062", "She now lives at 12 Acacia Avenue."),
            ("CP063", "Call her on 07700 900123 after school."), ("CP064", "Email jo.bloggs@example.org.")]


@pytest.mark.parametrize("code, text", PERSONAL, ids=[c for c, _ in PERSONAL])
def test_personal_data_in_a_progress_report_is_reported_at_its_line(small, code, text):
    progress = small / "progress" / "2023-03-31.yaml"
    progress.write_text(progress.read_text().replace("40 frontline police officers trained in Total Respect", text))
    found = [d for d in check(small).diagnostics if d.code == code]
    assert found, code
    assert (found[0].file, found[0].line, found[0].severity) == (str(progress), 16, "warning")


def plan(path, sheets: dict[str, list[list]]):
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


HEADER = ["Ref", "What we will do", "Corporate Parenting Principle", "Responsible officer", "By when?", "RAG"]
ROWS = [HEADER, ["1.1", "Health assessments on time", "Principle 1", "Head of Health", "March 2023", "Green"]]
NOTES = [[f"Note {i} about the plan's budget and staffing"] for i in range(12)]


def test_a_sheet_that_is_not_there(tmp_path):
    xlsx = plan(tmp_path / "plan.xlsx", {"Action Plan": ROWS})
    r = run("import-xlsx", xlsx, "-o", tmp_path / "out", "--sheet", "Action Plans")
    assert r.returncode == 2 and not (tmp_path / "out").exists()
    assert "CP072 the workbook has no sheet 'Action Plans' (did you mean 'Action Plan'?)" in r.stderr


def test_a_header_with_no_actions_below_it(tmp_path):
    xlsx = plan(tmp_path / "plan.xlsx", {"Action Plan": [HEADER]})
    r = run("import-xlsx", xlsx, "-o", tmp_path / "out")
    assert r.returncode == 1 and not (tmp_path / "out").exists()
    assert "CP088 Sheet 'Action Plan': the header row 1 was found but no action rows below it" in r.stderr


def test_a_sheet_left_out_by_sheet_is_named(tmp_path):
    xlsx = plan(tmp_path / "plan.xlsx", {"Action Plan": ROWS, "Notes": NOTES})
    r = run("import-xlsx", xlsx, "-o", tmp_path / "out", "--sheet", "Action Plan", "--council", "Testshire",
            "--title", "Plan", "--period", "2022-04-01:2025-03-31")
    assert r.returncode == 0, r.stderr
    assert "warning CP085 sheet 'Notes' was not imported (only 'Action Plan' was)" in r.stderr


def test_an_update_on_a_row_with_no_action_id(small, tmp_path):
    form = tmp_path / "form.xlsx"
    assert run("update-form", small, "-o", form).returncode == 0
    workbook = openpyxl.load_workbook(form)
    updates = workbook["Updates"]
    updates["A7"] = None  # A02's id cleared, its update kept
    updates["F7"] = "complete"
    workbook.save(form)
    r = run("collect", small, form, "--as-at", "2024-03-31")
    assert r.returncode != 0 and not (small / "progress" / "2024-03-31.yaml").exists()
    assert "CP086 Sheet 'Updates' cell F7: a row with an update but no action id" in r.stderr


def test_git_that_cannot_be_run(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.write("strategy.yaml", SMALL)
    repo.commit("First")
    r = run("diff", "HEAD:strategy.yaml", repo.root / "strategy.yaml", cwd=repo.root,
            env={"PATH": str(tmp_path / "no-programs-here")})
    assert r.returncode == 2
    assert "CP094 git could not be run" in r.stderr and "Traceback" not in r.stderr


def test_a_file_of_too_many_values_stops_at_the_budget(tmp_path):
    path = tmp_path / "many.yaml"
    path.write_text("[" + "0," * 200_000 + "0]")  # 200,001 values in 400 KB: past 100,000 + one per 5 bytes
    r = run("check", path)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert f"{path}:1:" in r.stdout and "CP017" in r.stdout


def test_bad_map_and_period_options_are_one_line_usage_errors(tmp_path):
    xlsx = plan(tmp_path / "plan.xlsx", {"Action Plan": ROWS})
    out = tmp_path / "out"
    r = run("import-xlsx", xlsx, "-o", out, "--map", "Intervention title")
    assert r.returncode == 2 and not out.exists()
    assert "<command line>: error CP075 --map 'Intervention title': no '=' between header" in r.stderr
    r = run("import-xlsx", xlsx, "-o", out, "--period", "2025-04-01:2022-03-31")
    assert r.returncode == 2 and not out.exists()
    assert ("error CP087 --period '2025-04-01:2022-03-31': the period ends before it starts" in r.stderr)


def test_an_id_given_twice_in_an_exported_workbook(small, tmp_path):
    exported = tmp_path / "plan.xlsx"
    assert run("export-xlsx", small, "-o", exported).returncode == 0
    workbook = openpyxl.load_workbook(exported)
    sheet = workbook["Action plan"]
    header = [c.value for c in sheet[1]]
    column = openpyxl.utils.get_column_letter(header.index("Id") + 1) if "Id" in header else "A"
    ids = [(c.coordinate, c.value) for c in sheet[column][1:] if c.value]
    assert [v for _, v in ids][:2] == ["A01", "A02"], ids
    sheet[ids[1][0]] = "A01"  # A02's row now claims A01's id
    workbook.save(tmp_path / "twice.xlsx")
    r = run("import-xlsx", tmp_path / "twice.xlsx", "-o", tmp_path / "out")
    assert r.returncode == 1 and not (tmp_path / "out").exists()
    assert (f"CP171 Sheet 'Action plan' cell {ids[1][0]}: action id 'A01' is given again "
            f"(first in cell {ids[0][0]})") in r.stderr
