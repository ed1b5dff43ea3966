"""`import-xlsx --into`: an edited export merged into its strategy, changing exactly what was edited."""

from __future__ import annotations

import re
import shutil

import openpyxl
import pytest
from conftest import STRATEGIES
from typer.testing import CliRunner

from cpstrat.checks.run import check
from cpstrat.cli import app


def cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1"})


def _exported(tmp_path, name="walsall-2021"):
    folder = tmp_path / "s"
    shutil.copytree(STRATEGIES / name, folder)
    assert cli("export-xlsx", folder, "-o", tmp_path / "plan.xlsx").exit_code == 0
    return folder, tmp_path / "plan.xlsx"


def _edit(plan, edits, sheet="Action plan"):
    """edits: {(row, header): value}; a row past the end adds a row."""
    wb = openpyxl.load_workbook(plan)
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    for (row, column), value in edits.items():
        ws.cell(row, header.index(column) + 1).value = value
    wb.save(plan)
    return header


def test_merge_changes_exactly_the_edited_actions_and_keeps_the_rest(tmp_path):
    folder, plan = _exported(tmp_path)
    before_text = (folder / "strategy.yaml").read_text()
    before = check(folder).strategy
    _edit(plan, {(3, "Lead"): "Head of Something New", (12, "Id"): "A99", (12, "Action"): "A brand new action",
                 (12, "Principles"): "Best interests, health and well-being"})
    (folder / "strategy.yaml").write_text(before_text)
    r = cli("import-xlsx", plan, "--into", folder, "--dry-run")
    assert r.exit_code == 0, r.output
    assert "A02: changed lead (sheet 'Action plan' row 3)" in r.stdout and "A99: added" in r.stdout
    assert (folder / "strategy.yaml").read_text() == before_text  # dry run: nothing written
    r = cli("import-xlsx", plan, "--into", folder)
    assert r.exit_code == 0, r.output
    after_text = (folder / "strategy.yaml").read_text()
    after = check(folder).strategy
    assert not check(folder).errors
    assert [a.id for a in after.actions] == [a.id for a in before.actions] + ["A99"]
    assert after.actions[1].lead == ("Head of Something New",)
    assert after.actions[-1].principles == ("best-interests",)
    for old, new in zip(before.actions, after.actions, strict=False):  # every other action is untouched
        if old.id != "A02":
            assert old == new
    for key in ("vision", "voices", "governance", "priorities", "council", "title", "period"):
        assert getattr(before, key) == getattr(after, key)
    # comments in the YAML survive: every comment line of the original is still there
    comments = [line.strip() for line in before_text.splitlines() if line.strip().startswith("#")]
    assert comments and all(c in after_text for c in comments)
    # importing the same workbook again changes nothing more... except it now sees A02 and A99 as the sheet has them
    r = cli("import-xlsx", plan, "--into", folder)
    assert r.exit_code == 0 and "nothing to change" in r.stdout


def test_a_rename_in_the_strategy_conflicts_with_an_edited_row(tmp_path):
    folder, plan = _exported(tmp_path)
    text = (folder / "strategy.yaml").read_text()
    old = check(folder).strategy.actions[2].title
    (folder / "strategy.yaml").write_text(text.replace(old, "Joint health assessments for every child"))
    line = next(i for i, t in enumerate((folder / "strategy.yaml").read_text().splitlines(), 1)
                if "Joint health assessments" in t)
    header = _edit(plan, {(4, "Lead"): "Designated nurse"})
    r = cli("import-xlsx", plan, "--into", folder)
    assert r.exit_code == 1
    column = openpyxl.utils.get_column_letter(header.index("Action") + 1)
    (first, _hint) = r.stderr.strip().splitlines()
    assert f"CP175 Sheet 'Action plan' cell {column}4: the row of action A03 was edited, but the strategy renamed " \
           f"action A03 since the export (line {line}" in first
    assert "Joint health assessments" in (folder / "strategy.yaml").read_text()  # nothing written


def test_the_same_key_changed_on_both_sides_is_a_conflict_with_cell_and_line(tmp_path):
    folder, plan = _exported(tmp_path)
    text = (folder / "strategy.yaml").read_text()
    (folder / "strategy.yaml").write_text(text.replace("    priorities: [health-wellbeing]\n",
                                                       "    priorities: [health-wellbeing]\n"
                                                       "    lead: Head of Health\n", 1))
    written = (folder / "strategy.yaml").read_text()
    line = written.splitlines().index("    lead: Head of Health") + 1
    header = _edit(plan, {(3, "Lead"): "Head of Education"})
    r = cli("import-xlsx", plan, "--into", folder)
    assert r.exit_code == 1
    cell = f"{openpyxl.utils.get_column_letter(header.index('Lead') + 1)}3"
    assert f"CP172 Sheet 'Action plan' cell {cell}: action A02 lead was changed in the sheet to 'Head of " \
           f"Education', and in the strategy (line {line}) to 'Head of Health'" in r.stderr
    assert (folder / "strategy.yaml").read_text() == written
    # a change made in the strategy alone is kept, not undone by the unedited export
    _edit(plan, {(3, "Lead"): None})
    r = cli("import-xlsx", plan, "--into", folder)
    assert r.exit_code == 0 and "nothing to change" in r.stdout


def test_rows_missing_from_the_sheet_are_reported_and_kept(tmp_path):
    folder, plan = _exported(tmp_path)
    wb = openpyxl.load_workbook(plan)
    wb["Action plan"].delete_rows(5)  # A04
    wb.save(plan)
    r = cli("import-xlsx", plan, "--into", folder)
    assert r.exit_code == 0, r.output
    assert re.search(r"strategy.yaml:\d+:\d+: warning CP173 action A04 has no row in the sheet; it is kept as it is",
                     r.stderr)
    assert "A04" in [a.id for a in check(folder).strategy.actions]


def test_bad_sheets_give_one_line_per_problem_and_write_nothing(tmp_path):
    folder, plan = _exported(tmp_path)
    before = (folder / "strategy.yaml").read_text()
    header = _edit(plan, {(3, "Id"): "A01", (4, "Due"): "next Tuesday-ish"})
    r = cli("import-xlsx", plan, "--into", folder)
    assert r.exit_code == 1
    due = openpyxl.utils.get_column_letter(header.index("Due") + 1)
    assert "CP171 Sheet 'Action plan' cell A3: action id 'A01' is given again (first in cell A2)" in r.stderr
    assert f"CP170 Sheet 'Action plan' cell {due}4: Due: 'next Tuesday-ish' is not what this column holds" \
        in r.stderr
    assert (folder / "strategy.yaml").read_text() == before


def test_merge_into_an_invalid_strategy_is_refused(tmp_path):
    folder, plan = _exported(tmp_path)
    _edit(plan, {(3, "Lead"): "Someone"})
    text = (folder / "strategy.yaml").read_text()
    (folder / "strategy.yaml").write_text(text.replace("principles: [best-interests]", "principles: [no-such]", 1))
    broken = (folder / "strategy.yaml").read_text()
    r = cli("import-xlsx", plan, "--into", folder)
    assert r.exit_code == 1 and "CP089" in r.stderr
    assert (folder / "strategy.yaml").read_text() == broken


def test_an_edited_grey_cell_is_reported_not_read(small, tmp_path):
    plan = tmp_path / "plan.xlsx"
    assert cli("export-xlsx", small, "-o", plan).exit_code == 0
    header = _edit(plan, {(2, "Latest progress"): "All done, typed in the grey cell"})
    r = cli("import-xlsx", plan, "--into", small)
    assert r.exit_code == 0, r.output
    cell = f"{openpyxl.utils.get_column_letter(header.index('Latest progress') + 1)}2"
    assert f"warning CP174 Sheet 'Action plan' cell {cell}: 'Latest progress' is shown from the progress file" \
        in r.stderr


def test_an_edit_outside_the_actions_is_reported_not_silently_dropped(tmp_path):
    folder, plan = _exported(tmp_path)
    before_text = (folder / "strategy.yaml").read_text()
    wb = openpyxl.load_workbook(plan)
    vision = next(row for row in wb["Strategy"].iter_rows() if row[0].value == "vision")
    vision[1].value = "A new vision typed in the sheet"
    wb.save(plan)
    r = cli("import-xlsx", plan, "--into", folder)
    assert r.exit_code == 0, r.output
    row = vision[1].row  # the cell the edit is in, never plan.xlsx:0:0
    assert f"plan.xlsx:{row}:2: warning CP176 Sheet 'Strategy' cell B{row}: the sheets change the strategy's " \
           "'vision'" in r.stderr
    line = next(i for i, text in enumerate(before_text.splitlines(), 1) if text.startswith("vision:"))
    assert f"(line {line})" in r.stderr
    assert (folder / "strategy.yaml").read_text() == before_text
    untouched = cli("import-xlsx", _exported(tmp_path / "again")[1], "--into", folder, "--dry-run")
    assert "CP176" not in untouched.stderr


def test_a_merge_reads_only_the_strategys_own_files(tmp_path, monkeypatch):
    """The merge is checked in memory: a named pipe, a symlink to a missing file and a large unrelated file beside
    the strategy change nothing, and no scratch folder is made (so a kill leaves nothing behind)."""
    import os
    import tempfile

    folder, plan = _exported(tmp_path, "wolverhampton-2015")
    os.mkfifo(folder / "pipe")
    (folder / "dangling").symlink_to(tmp_path / "gone")
    (folder / "big.bin").write_bytes(b"\0" * (8 << 20))
    before = sorted(p.name for p in folder.iterdir())

    def no_scratch(*args, **kwargs):
        raise AssertionError("a merge makes no temporary copy")

    monkeypatch.setattr(tempfile, "mkdtemp", no_scratch)
    monkeypatch.setattr(shutil, "copytree", no_scratch)
    _edit(plan, {(3, "Lead"): "Head of Something New"})
    r = cli("import-xlsx", plan, "--into", folder)
    assert r.exit_code == 0, r.output
    assert "changed lead (sheet 'Action plan' row 3)" in r.stdout
    assert sorted(p.name for p in folder.iterdir()) == before
    assert check(folder).strategy.actions[1].lead == ("Head of Something New",)


def test_a_merge_into_a_linked_strategy_writes_the_file_it_names(tmp_path):
    folder, plan = _exported(tmp_path, "wolverhampton-2015")
    real = tmp_path / "elsewhere.yaml"
    (folder / "strategy.yaml").rename(real)
    (folder / "strategy.yaml").symlink_to(real)
    _edit(plan, {(3, "Lead"): "Head of Something New"})
    r = cli("import-xlsx", plan, "--into", folder)
    assert r.exit_code == 0, r.output
    assert (folder / "strategy.yaml").is_symlink()
    assert "Head of Something New" in real.read_text(encoding="utf-8")


def test_the_merged_text_is_checked_with_the_strategys_progress_files(tmp_path):
    """Verification reads the real progress files: a merge that leaves a progress update naming an action the
    merged plan no longer has is refused (through check, not a copy of the folder)."""
    from cpstrat.commands.import_xlsx import _verify

    folder, _ = _exported(tmp_path, "wolverhampton-2015")
    target = folder / "strategy.yaml"
    text = target.read_text(encoding="utf-8")
    assert _verify(target, text, check) == []
    broken = text.replace("cpstrat: 1", "cpstrat: 1\nperiod: nonsense", 1)
    problems = _verify(target, broken, check)
    assert problems and all(p.file.endswith("strategy.yaml") for p in problems)
    (report,) = (folder / "progress").glob("*.yaml")
    merged = report.read_text(encoding="utf-8").replace("status: complete", "status: finished-ish", 1)
    problems = _verify(target, text, check, {str(report): merged})
    assert problems and all(p.file.endswith(report.name) for p in problems), problems
    assert "finished-ish" not in report.read_text(encoding="utf-8")


@pytest.mark.parametrize("merged", [False, True])
@pytest.mark.parametrize("into", [False, True])
def test_a_formula_with_no_saved_value_in_an_export_is_named_by_sheet_and_cell(tmp_path, merged, into):
    """A formula Excel never calculated reads as an empty cell: the title cell of the Strategy sheet (merged across
    two columns or not) is named, as collect names one, rather than the YAML being told it has no title."""
    folder, plan = _exported(tmp_path, "wolverhampton-2015")
    wb = openpyxl.load_workbook(plan)
    ws = wb["Strategy"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "title")
    ws.cell(row, 2).value = '="Corporate Parenting " & "Strategy"'
    if merged:
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    wb.save(plan)
    before = (folder / "strategy.yaml").read_text(encoding="utf-8")
    out = tmp_path / "out"
    r = cli("import-xlsx", plan, "--into", folder) if into else cli("import-xlsx", plan, "-o", out)
    assert r.exit_code == 1, r.output
    assert f"CP074 Sheet 'Strategy' cell B{row}: the formula" in r.output
    assert "missing required key" not in r.output and "Traceback" not in r.output
    assert not out.exists() and (folder / "strategy.yaml").read_text(encoding="utf-8") == before
