"""export-xlsx, update-form and collect, on workbooks read back with openpyxl."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import openpyxl
from conftest import ROOT, run

from cpstrat.checks.run import check


def _form(small, tmp_path, name="form.xlsx", *extra):
    path = tmp_path / name
    r = run("update-form", small, "-o", path, *extra)
    assert r.returncode == 0, r.stderr
    return path


def _fill(path, out, updates=None, measures=None):
    wb = openpyxl.load_workbook(path)
    for ref, value in (updates or {}).items():
        wb["Updates"][ref] = value
    for ref, value in (measures or {}).items():
        wb["Measures"][ref] = value
    wb.save(out)
    return out


def test_export_has_one_row_per_action_in_words(small, tmp_path):
    out = tmp_path / "plan.xlsx"
    r = run("export-xlsx", small, "-o", out)
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Action plan", "Strategy"] and "Measures" in wb.sheetnames
    ws = wb["Action plan"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["Id", "Action", "Plain title", "Principles"]
    assert header[-1] == "Latest progress" and "Latest status" not in header  # one status column
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert [r["Id"] for r in rows] == ["A01", "A02"]
    assert rows[0]["Principles"].splitlines() == ["Best interests, health and well-being",
                                                 "Encourage them to express their views",
                                                 "Take their views into account"]
    assert rows[0]["Priorities"] == "Health and wellbeing" and rows[0]["Partners"] == "Health\nPolice"
    # the current status (the progress file's complete), in words
    assert rows[0]["Due"] == dt.datetime(2023, 3, 31) and rows[0]["Status"] == "Complete"
    assert "40 frontline police officers" in rows[0]["Latest progress"]
    measures = wb["Measures"]
    assert [c.value for c in measures[1]] == ["Action id", "Id", "Text", "Plain text", "Target", "Baseline", "Unit",
                                              "Latest value"]
    assert [c.value for c in measures[2]] == ["A01", "A01-m1", "Care leavers with an up-to-date pathway plan", None,
                                              98, None, "%", 97]
    strategy = {r[0]: r[1] for r in wb["Strategy"].iter_rows(min_row=2, values_only=True)}
    assert strategy["council"] == "Testshire County Council" and strategy["period.end"] == dt.datetime(2025, 3, 31)
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(header))}3"
    assert ws.column_dimensions["B"].width == 50
    validation = ws.data_validations.dataValidation[0]
    status = openpyxl.utils.get_column_letter(header.index("Status") + 1)
    assert validation.type == "list" and "Off track" in validation.formula1 and str(validation.sqref) == \
        f"{status}2:{status}3"
    assert wb.properties.language == "en-GB" and wb.properties.title.startswith("Corporate Parenting Strategy")


def test_export_imports_back(small, tmp_path):
    out = tmp_path / "plan.xlsx"
    assert run("export-xlsx", small, "-o", out).returncode == 0
    r = run("import-xlsx", out, "-o", tmp_path / "back", "--council", "Testshire County Council",
            "--title", "Corporate Parenting Strategy", "--period", "2022-04-01:2025-03-31")
    assert r.returncode == 0, r.stderr
    from cpstrat.analysis.status import current

    original = check(small).strategy
    back = check(tmp_path / "back").strategy
    for a, b in zip(original.actions, back.actions, strict=True):  # the sheet's status is the current one
        assert (a.id, a.title, a.principles, a.lead, a.partners, a.due, current(original, a)[0]) == \
               (b.id, b.title, b.principles, b.lead, b.partners, b.due, b.status)


def test_form_locks_the_plan_and_opens_the_update_columns(small, tmp_path):
    wb = openpyxl.load_workbook(_form(small, tmp_path))
    ws = wb["Updates"]
    assert ws.protection.sheet and not ws.protection.password
    assert [c.value for c in ws[5]][:6] == ["Action id", "Action", "Lead", "Due", "Current status", "New status"]
    assert [ws.cell(row=r, column=1).value for r in (6, 7)] == ["A01", "A02"]
    for col in "ABCDE":
        assert ws[f"{col}6"].protection.locked
    for col in "FGHI":
        assert not ws[f"{col}6"].protection.locked
    assert "F6:F7" in str(ws.data_validations.dataValidation[0].sqref)
    ms = wb["Measures"]
    assert [c.value for c in ms[6]][:6] == ["A01", "A01-m1", "Care leavers with an up-to-date pathway plan", 98, "%",
                                            97]
    assert not ms["G6"].protection.locked and ms["C6"].protection.locked


def test_lead_option_matches_ignoring_case(small, tmp_path):
    wb = openpyxl.load_workbook(_form(small, tmp_path, "t.xlsx", "--lead", "head of TRANSPORT"))
    assert [r[0] for r in wb["Updates"].iter_rows(min_row=6, values_only=True)] == ["A02"]
    r = run("update-form", small, "-o", tmp_path / "x.xlsx", "--lead", "Nobody")
    assert r.returncode == 2 and "Head of Transport" in r.stderr and not (tmp_path / "x.xlsx").exists()


def test_filled_forms_collect_into_a_progress_file_that_checks_clean(small, tmp_path):
    form = _form(small, tmp_path)
    health = _fill(form, tmp_path / "form-health.xlsx",
                   {"F6": "complete", "G6": "Done: shared at 3 events", "H6": "- 40 officers trained\n- no"},
                   {"G6": 0.99})
    wb = openpyxl.load_workbook(health)
    wb["Measures"]["G6"].number_format = "0%"  # Excel stores a typed "99%" as 0.99 shown as a percentage
    wb.save(health)
    transport = _fill(form, tmp_path / "form-transport.xlsx", {"F7": "Amber", "I7": "Budget not agreed"})
    r = run("collect", small, health, transport, "--as-at", "2024-03-31", "--meeting", "Board, April 2024")
    assert r.returncode == 0, r.stderr
    target = small / "progress" / "2024-03-31.yaml"
    checked = check(small)
    assert not checked.errors, checked.errors
    p = next(p for p in checked.strategy.progress if p.path.endswith("2024-03-31.yaml"))
    a01, a02 = p.updates
    assert (a01.action, a01.status, a01.summary) == ("A01", "complete", "Done: shared at 3 events")
    assert a01.achievements == ("40 officers trained", "no") and a01.measures == {"A01-m1": 99}
    assert (a02.action, a02.status, a02.challenges) == ("A02", "at-risk", ("Budget not agreed",))
    assert str(p.meeting) == "Board, April 2024" and p.meeting.body == "Board"
    # never overwritten without --force
    before = target.read_bytes()
    r = run("collect", small, health, "--as-at", "2024-03-31")
    assert r.returncode == 2 and "CP081" in r.stderr and target.read_bytes() == before
    assert run("collect", small, health, "--as-at", "2024-03-31", "--force").returncode == 0
    assert "A02" not in target.read_text()


def test_collect_reports_each_problem_with_sheet_row_and_column_and_writes_nothing(small, tmp_path):
    form = _form(small, tmp_path)
    one = _fill(form, tmp_path / "one.xlsx", {"F6": "complete"})
    two = _fill(form, tmp_path / "two.xlsx", {"F6": "on-track", "B7": "A different action", "F7": "purple",
                                              "A8": "A99", "G8": "new row"},
                {"G6": "lots"})
    r = run("collect", small, one, two, "--as-at", "2024-03-31")
    assert r.returncode == 1
    err = r.stderr
    assert "two.xlsx:6:6: error CP076 Sheet 'Updates' cell F6: action A01 status is 'on-track' here but " \
           "'complete' in" in err and "one.xlsx (sheet 'Updates' cell F6)" in err
    assert "two.xlsx:7:2: error CP077 Sheet 'Updates' cell B7: Action of action A02 was changed" in err
    assert "two.xlsx:7:6: error CP079 Sheet 'Updates' cell F7: 'purple' is not a status" in err
    assert "two.xlsx:8:1: error CP078 Sheet 'Updates' cell A8: unknown action id 'A99'" in err
    assert "two.xlsx:6:7: error CP080 Sheet 'Measures' cell G6: measure A01-m1 value 'lots' is not a number" in err
    assert "Traceback" not in err
    assert not (small / "progress" / "2024-03-31.yaml").exists()


def test_collect_refuses_what_is_not_a_form(small, tmp_path):
    other = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "hello"
    wb.save(other)
    r = run("collect", small, other, "--as-at", "2024-03-31")
    assert r.returncode == 2 and "CP082" in r.stderr
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook")
    r = run("collect", small, bad, "--as-at", "2024-03-31")
    assert r.returncode == 2 and "CP070" in r.stderr
    r = run("collect", small, other, "--as-at", "31/03/2024")
    assert r.returncode == 2 and "--as-at '31/03/2024': not a date" in r.stderr


def test_collect_checks_the_new_file_against_the_strategy(small, tmp_path):
    form = _fill(_form(small, tmp_path), tmp_path / "f.xlsx", {"F6": "complete"})
    r = run("collect", small, form, "--as-at", "2030-01-01")
    assert r.returncode == 1 and "CP044" in r.stderr
    assert not (small / "progress" / "2030-01-01.yaml").exists()


def test_forms_refuse_a_strategy_with_errors(small, tmp_path):
    text = (small / "strategy.yaml").read_text().replace("status: on-track", "status: going well")
    (small / "strategy.yaml").write_text(text)
    r = run("update-form", small, "-o", tmp_path / "f.xlsx")
    assert r.returncode == 1 and "CP089" in r.stderr and not (tmp_path / "f.xlsx").exists()


def test_a_form_made_for_another_strategy_is_refused(small, tmp_path):
    form = _form(small, tmp_path)
    text = (small / "strategy.yaml").read_text().replace("Testshire County Council", "Otherton City Council")
    (small / "strategy.yaml").write_text(text)
    r = run("collect", small, form, "--as-at", "2024-03-31")
    assert r.returncode == 2 and "it was made for Testshire County Council" in r.stderr


def test_check_does_not_import_openpyxl(small):
    r = subprocess.run([sys.executable, "-X", "importtime", "-m", "cpstrat", "check", str(small)],
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stderr[-500:]
    assert "cpstrat.checks.run" in r.stderr  # the import log is there...
    assert "openpyxl" not in r.stderr and "cpstrat.excel" not in r.stderr  # ...and names no Excel module


def test_collected_updates_build_into_the_board_report(small, tmp_path):
    import docx

    (small / "progress" / "2023-03-31.yaml").unlink()  # the form's round is the only report
    form = _form(small, tmp_path)
    filled = _fill(form, tmp_path / "form-all.xlsx",
                   {"F6": "complete", "G6": "Good practice shared at four partnership events",
                    "H6": "60 police officers trained\nNew wellbeing guide published",
                    "F7": "at-risk", "I7": "Bus operator contract not yet signed"},
                   {"G6": 99})
    assert run("collect", small, filled, "--as-at", "2024-03-31", "--meeting", "Corporate Parenting Board, "
               "April 2024").returncode == 0
    r = run("build", small, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    report = next((tmp_path / "out").glob("*progress*2024-03-31*.docx"))
    d = docx.Document(report)
    text = "\n".join([p.text for p in d.paragraphs] +
                     [c.text for t in d.tables for row in t.rows for c in row.cells])
    for expected in ("Good practice shared at four partnership events", "60 police officers trained",
                     "New wellbeing guide published", "Bus operator contract not yet signed", "99"):
        assert expected in text
