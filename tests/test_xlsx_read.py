"""The sheet reader: its fast path agrees with openpyxl's, on files written by openpyxl and by LibreOffice."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile

import openpyxl
import pytest
from conftest import libreoffice, run
from openpyxl.styles import Font, PatternFill

from cpstrat.checks.run import check
from cpstrat.excel import read

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


def _soffice(src, outdir, tmp_path):
    libreoffice("xlsx", outdir, src, profile=tmp_path / "lo-profile")
    out = outdir / (src.stem + ".xlsx")
    assert out.exists(), ("LibreOffice did not convert the file: is Calc installed "
                          "(apt-get install libreoffice-calc-nogui)?")
    return out


def _cells(grid):
    return [[(c.value, c.fill, c.row, c.column, c.bold) for c in row.present()] for row in grid.rows]


def _oracle(path, name):
    """The same cells as openpyxl's full (not read-only) loader sees them: the reference the reader must match."""
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[name]
    out = []
    for row in ws.iter_rows():
        cells = []
        for cell in row:
            value = cell.value
            if isinstance(value, str) and not value.strip():
                value = None
            if isinstance(value, (int, float)) and not isinstance(value, bool) and "%" in cell.number_format:
                value = read.as_percent(value)
            solid = cell.fill is not None and cell.fill.fill_type == "solid"
            fill = cell.fill.fgColor.rgb[-6:].upper() if solid and cell.fill.fgColor.type == "rgb" else None
            if value is not None or fill:
                cells.append((value, fill, cell.row, cell.column, bool(cell.font.b) and value is not None))
        out.append(cells)
    while out and not any(v is not None for v, *_ in out[-1]):
        out.pop()
    return [row for row in out if row]


def _same_as_openpyxl(path):
    wb = read.open_workbook(path, str(path))
    try:
        name = wb.sheetnames[0]
        cells = _cells(read.read_grid(wb, name, True))
    finally:
        wb.close()
    assert cells == _oracle(path, name)
    return cells


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
    ws["A6"] = 0.95
    ws["A6"].number_format = "0%"
    wb.save(path)
    return path


def test_reader_matches_openpyxl_on_an_openpyxl_file(tmp_path):
    cells = _same_as_openpyxl(_workbook(tmp_path / "w.xlsx"))
    assert cells[0] == [("Title & <things>", None, 1, 1, True)]
    assert cells[1][2][0] == dt.datetime(2023, 3, 31) and cells[1][1][:2] == (2.5, "FF0000")
    assert cells[3] == [(None, "00B050", 4, 3, False)]  # an empty cell coloured green is kept for its colour
    assert cells[5] == [("95%", None, 6, 1, False)]


def test_the_openpyxl_helpers_the_reader_relies_on_still_behave_as_it_expects():
    # pyproject pins openpyxl below 3.2; on an upgrade this test says which helper changed
    from openpyxl.styles.colors import COLOR_INDEX
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format
    from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel, from_ISO8601

    assert from_excel(45016, WINDOWS_EPOCH) == dt.datetime(2023, 3, 31)
    assert from_excel(43554, MAC_EPOCH) == dt.datetime(2023, 3, 31)
    assert from_excel(1.5, WINDOWS_EPOCH, timedelta=True) == dt.timedelta(days=1.5)
    assert from_ISO8601("2023-03-31T00:00:00Z") == dt.datetime(2023, 3, 31)
    assert (BUILTIN_FORMATS[14], BUILTIN_FORMATS[9], BUILTIN_FORMATS[10]) == ("mm-dd-yy", "0%", "0.00%")
    assert is_date_format("yyyy-mm-dd") and not is_date_format("0.00%") and is_timedelta_format("[h]:mm:ss")
    assert COLOR_INDEX[10][-6:] == "FF0000"


def test_cells_with_no_reference_follow_their_row(tmp_path):
    src = _workbook(tmp_path / "w.xlsx")
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bare, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb' r="[A-Z]+[0-9]+"', b"", data)
            zout.writestr(item, data)
    wb = read.open_workbook(bare, "bare.xlsx")
    grid = read.read_grid(wb, wb.sheetnames[0])
    wb.close()
    assert grid.rows[0][0].value == "Title & <things>"
    assert grid.row(5)[2].value == "x" and grid.row(5)[2].ref == "C5"


@needs_soffice
def test_fast_path_matches_openpyxl_on_a_libreoffice_file_and_reads_formula_values(tmp_path):
    csv = tmp_path / "plan.csv"
    csv.write_text('Action,Lead,Due\nDo it,=CONCATENATE("Head of ";"X"),2023-03-31\n', encoding="utf-8")
    xlsx = _soffice(csv, tmp_path, tmp_path)
    cells = _same_as_openpyxl(xlsx)
    assert cells[1][1][0] == "Head of X"  # the formula's saved value, not its text
    r = run("import-xlsx", xlsx, "-o", tmp_path / "out")
    assert r.returncode == 0, r.stderr
    assert check(tmp_path / "out").strategy.actions[0].lead == ("Head of X",)


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
    libreoffice("csv", tmp_path / "csv", plan, profile=tmp_path / "lo-profile")
    text = (tmp_path / "csv" / "plan.csv").read_text(encoding="utf-8", errors="replace")
    assert "Offer free bus travel to care leavers in education or work" in text and "Not started" in text


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
