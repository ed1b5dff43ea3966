"""The sheet reader: its fast path agrees with openpyxl's, on files written by openpyxl and by LibreOffice."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile

import openpyxl
import pytest
from conftest import run
from openpyxl.styles import Font, PatternFill

from cpstrat.checks.run import check
from cpstrat.excel import read

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


def _soffice(src, outdir, tmp_path):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "xlsx", "--outdir", str(outdir), str(src)], capture_output=True, timeout=120)
    out = outdir / (src.stem + ".xlsx")
    assert out.exists(), "LibreOffice did not convert the file: is Calc installed (apt-get install libreoffice-calc-nogui)?"
    return out


def _cells(grid):
    return [[(c.value, c.fill, c.row, c.column, c.bold) for c in row if c.value is not None or c.fill]
            for row in grid.rows]


def _same_both_ways(path):
    wb = read.open_workbook(path, str(path))
    try:
        for name in wb.sheetnames:
            fast, slow = _cells(read._fast_grid(wb, name, True)), _cells(read.openpyxl_grid(wb, name, True))
            while slow and not slow[-1]:
                slow.pop()
            assert fast == slow, name
            return fast
    finally:
        wb.close()


def _workbook(path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Title & <things>", None, None])
    ws.append([1, 2.5, dt.datetime(2023, 3, 31)])
    ws.append([True, "  ", "line\nbreak"])
    ws.append([None, None, None])
    ws.append(["after gap", "=1+1", "x"])
    ws["A1"].font = Font(bold=True)
    ws["B2"].fill = PatternFill("solid", fgColor="FF0000")
    ws["C4"].fill = PatternFill("solid", fgColor="00B050")
    wb.save(path)
    return path


def test_fast_path_matches_openpyxl_on_an_openpyxl_file(tmp_path):
    cells = _same_both_ways(_workbook(tmp_path / "w.xlsx"))
    assert cells[0] == [("Title & <things>", None, 1, 1, True)]
    assert cells[1][2][0] == dt.datetime(2023, 3, 31) and cells[1][1][:2] == (2.5, "FF0000")
    assert cells[3] == [(None, "00B050", 4, 3, False)]  # an empty cell coloured green is kept for its colour


def test_fast_path_falls_back_when_cells_carry_no_reference(tmp_path):
    src = _workbook(tmp_path / "w.xlsx")
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bare, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b' r="A1"', b"")
            zout.writestr(item, data)
    wb = read.open_workbook(bare, "bare.xlsx")
    with pytest.raises(KeyError):
        read._fast_grid(wb, wb.sheetnames[0], True)
    assert read.read_grid(wb, wb.sheetnames[0]).rows[0][0].value == "Title & <things>"
    wb.close()


@needs_soffice
def test_fast_path_matches_openpyxl_on_a_libreoffice_file_and_reads_formula_values(tmp_path):
    csv = tmp_path / "plan.csv"
    csv.write_text('Action,Lead,Due\nDo it,=CONCATENATE("Head of ";"X"),2023-03-31\n', encoding="utf-8")
    xlsx = _soffice(csv, tmp_path, tmp_path)
    cells = _same_both_ways(xlsx)
    assert cells[1][1][0] == "Head of X"  # the formula's saved value, not its text
    r = run("import-xlsx", xlsx, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert check(tmp_path / "out").strategy.actions[0].lead == "Head of X"


@needs_soffice
def test_form_saved_by_libreoffice_is_collected(small, tmp_path):
    form = tmp_path / "form.xlsx"
    assert run("update-form", small, "-o", form).returncode == 0
    wb = openpyxl.load_workbook(form)
    wb["Updates"]["F6"] = "Green"
    wb["Updates"]["G6"] = "Three events held"
    wb["Measures"]["G6"] = "96"
    filled = tmp_path / "filled" / "form-health.xlsx"
    filled.parent.mkdir()
    wb.save(filled)
    (tmp_path / "lo").mkdir()
    resaved = _soffice(filled, tmp_path / "lo", tmp_path)
    r = run("collect", small, resaved, "--as-at", "2024-03-31")
    assert r.returncode == 0, r.stderr
    result = check(small)
    assert not result.errors
    update = result.strategy.latest.update_for("A01")
    assert (update.status, update.summary, update.measures) == ("on-track", "Three events held", {"A01-m1": 96})


@needs_soffice
def test_exported_plan_opens_in_libreoffice(small, tmp_path):
    plan = tmp_path / "plan.xlsx"
    assert run("export-xlsx", small, "-o", plan).returncode == 0
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless",
                    "--convert-to", "csv", "--outdir", str(tmp_path / "csv"), str(plan)],
                   capture_output=True, timeout=120)
    text = (tmp_path / "csv" / "plan.csv").read_text(encoding="utf-8", errors="replace")
    assert "Offer free bus travel to care leavers in education or work" in text and "not-started" in text


def _commented(path):
    from openpyxl.comments import Comment

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Action", "Lead"])
    ws.append(["Do it", "Head of X"])
    ws.append(["Do more", "Head of Y"])
    ws["B3"].comment = Comment("Lead changes in April\nto Head of Z", "Officer")
    ws["A1"].comment = Comment("Column agreed by the board", "Officer")
    wb.save(path)
    return path


def _comments_kept(xlsx, out):
    r = run("import-xlsx", xlsx, "-o", out)
    assert r.returncode == 0, r.stderr
    s = check(out).strategy
    assert s.actions[1].notes == "Comment on B3: Lead changes in April to Head of Z"
    assert not s.actions[0].notes
    assert "Comment on A1: Column agreed by the board" in s.source


def test_cell_comments_are_kept(tmp_path):
    _comments_kept(_commented(tmp_path / "c.xlsx"), tmp_path / "out")


@needs_soffice
def test_cell_comments_are_kept_from_a_libreoffice_file(tmp_path):
    (tmp_path / "src").mkdir()
    src = _commented(tmp_path / "src" / "c.xlsx")
    resaved = _soffice(src, tmp_path, tmp_path)
    _comments_kept(resaved, tmp_path / "out")
