"""One current status (issue 20): the export shows it in one editable column, in words; an edit lands where
it lives (the strategy, or the latest progress file), or is refused naming the file; the plan, the latest
report, the young people's version, the update form and `history` all show the same status."""

from __future__ import annotations

import json

import openpyxl
import pytest
from conftest import PROGRESS, SMALL, run
from gitrepo import Repo

from cpstrat.checks.run import check

Q3 = """\
cpstrat: 1
as_at: 2023-06-30
meeting: {name: Corporate Parenting Board, date: 2023-07-12, agenda_item: "4"}
purpose: To report progress on the action plan.
implications: {financial: None., legal: None., equalities: None., environmental: None., human_resources: None.}
report_of: Director of Children's Services
contact: {name: Jo Bloggs, role: Corporate Parenting Officer, email: jo.bloggs@example.gov.uk}
updates:
  # the transport team's update
  - action: A02
    status: on-track   # agreed at the team meeting
    summary: Bus passes agreed with the transport authority.
"""


@pytest.fixture
def repo(tmp_path) -> Repo:
    r = Repo(tmp_path / "repo")
    r.write("plan/strategy.yaml", SMALL)
    r.write("plan/progress/2023-03-31.yaml", PROGRESS)
    r.write("plan/progress/2023-06-30.yaml", Q3)
    r.commit("Q2 and Q3")
    return r


def export(repo: Repo):
    out = run("export-xlsx", "plan", "-o", "plan.xlsx", cwd=repo.root)
    assert out.returncode == 0, out.stderr
    wb = openpyxl.load_workbook(repo.root / "plan.xlsx")
    ws = wb["Action plan"]
    header = [c.value for c in ws[1]]
    rows = {ws.cell(r, header.index("Id") + 1).value: r for r in range(2, ws.max_row + 1)}
    return wb, ws, header, rows


def set_status(repo: Repo, action: str, value: str) -> str:
    wb, ws, header, rows = export(repo)
    ws.cell(rows[action], header.index("Status") + 1).value = value
    wb.save(repo.root / "plan.xlsx")
    return f"{openpyxl.utils.get_column_letter(header.index('Status') + 1)}{rows[action]}"


def shown_everywhere(repo: Repo, action: str) -> dict[str, str]:
    """The status each document and history gives the action, in words."""
    out = run("build", "plan", "-o", "out", "--format", "md", cwd=repo.root)
    assert out.returncode == 0, out.stderr
    plan = (repo.root / "out" / "plan-action-plan.md").read_text("utf-8")
    report = (repo.root / "out" / "plan-progress-report-2023-06-30.md").read_text("utf-8")
    found = {}
    for name, text in (("plan", plan), ("report", report)):
        line = next(ln for ln in text.splitlines() if ln.startswith(f"| {action} ") and "|" in ln[3:])
        found[name] = next(w for w in ("Not started", "On track", "At risk", "Off track", "Complete", "Dropped")
                           if w in line)
    young = run("build", "plan", "-o", "yp", "--audience", "young-people", "--format", "md", cwd=repo.root)
    assert young.returncode == 0, young.stderr
    yp = (repo.root / "yp" / "plan-young-people.md").read_text("utf-8")
    said = {"Some problems": "At risk", "Going well": "On track", "Behind": "Off track", "Done": "Complete",
            "Not started yet": "Not started"}
    title = next(a for a in check(repo.root / "plan").strategy.actions if a.id == action).title
    after = yp[yp.index(title.rstrip(".")):]
    going = after[after.index("How it is going: ") + len("How it is going: "):].split("\n")[0]
    found["young people"] = said[going]
    history = run("history", action, "plan", cwd=repo.root)
    assert history.returncode == 0, history.stderr
    found["history"] = history.stdout.split("Current status: ")[1].split(" (")[0]
    wb, ws, header, rows = export(repo)
    found["export"] = ws.cell(rows[action], header.index("Status") + 1).value
    form = run("update-form", "plan", "-o", "form.xlsx", cwd=repo.root)
    assert form.returncode == 0, form.stderr
    sheet = openpyxl.load_workbook(repo.root / "form.xlsx")["Updates"]
    row = next(r for r in sheet.iter_rows(values_only=True) if r and r[0] == action)
    found["update form"] = row[4]  # the grey Current status column
    assert "Latest status" not in header  # one status column, not two
    return found


def test_the_export_shows_the_current_status_in_words_in_one_column(repo):
    wb, ws, header, rows = export(repo)
    status = header.index("Status") + 1
    # A01: complete in the Q2 report; A02: on track in Q3 (the strategy says on-track and not-started)
    assert ws.cell(rows["A01"], status).value == "Complete"
    assert ws.cell(rows["A02"], status).value == "On track"


def test_a_status_set_in_the_sheet_lands_in_the_latest_progress_file_and_shows_everywhere(repo):
    set_status(repo, "A02", "At risk")
    out = run("import-xlsx", "plan.xlsx", "--into", "plan", cwd=repo.root)
    assert out.returncode == 0, out.stderr
    assert "A02: status On track -> At risk (in plan/progress/2023-06-30.yaml" in out.stdout
    q3 = (repo.root / "plan/progress/2023-06-30.yaml").read_text("utf-8")
    assert q3 == Q3.replace("status: on-track   #", "status: at-risk   #")  # one value changed, comments kept
    assert (repo.root / "plan/strategy.yaml").read_text("utf-8") == SMALL
    repo.commit("A02 at risk")
    assert set(shown_everywhere(repo, "A02").values()) == {"At risk"}


def test_a_status_no_progress_file_gives_lands_in_the_strategy(repo):
    repo.write("plan/progress/2023-03-31.yaml", PROGRESS.replace("    status: complete\n", ""))
    repo.commit("Q2 without a status for A01")
    set_status(repo, "A01", "off track")  # typed as people type it
    out = run("import-xlsx", "plan.xlsx", "--into", "plan", cwd=repo.root)
    assert out.returncode == 0, out.stderr
    assert "A01: status On track -> Off track (in the strategy" in out.stdout
    assert "status: off-track" in (repo.root / "plan/strategy.yaml").read_text("utf-8")
    repo.commit("A01 off track")
    assert set(shown_everywhere(repo, "A01").values()) == {"Off track"}


def test_an_action_the_latest_file_does_not_update_gets_an_update_there(repo):
    set_status(repo, "A01", "On track")  # complete in Q2; Q3 says nothing of A01
    out = run("import-xlsx", "plan.xlsx", "--into", "plan", cwd=repo.root)
    assert out.returncode == 0, out.stderr
    q3 = (repo.root / "plan/progress/2023-06-30.yaml").read_text("utf-8")
    assert "  - action: A01\n    status: on-track\n  # the transport team's update\n" in q3
    repo.commit("A01 reopened")
    assert set(shown_everywhere(repo, "A01").values()) == {"On track"}


def test_a_councils_own_status_word_is_taken(repo):
    repo.write("plan/strategy.yaml", SMALL + "status_words: {Green: on-track, Amber: at-risk, Red: off-track}\n")
    repo.commit("RAG words")
    set_status(repo, "A02", "amber")
    out = run("import-xlsx", "plan.xlsx", "--into", "plan", cwd=repo.root)
    assert out.returncode == 0, out.stderr
    assert "status: Amber   #" in (repo.root / "plan/progress/2023-06-30.yaml").read_text("utf-8")


def test_a_status_that_lives_in_an_issued_paper_is_refused_naming_the_file(repo):
    repo.write("plan/progress/2023-06-30.yaml", Q3.replace("as_at: 2023-06-30", "as_at: 2023-06-30\nissued: 2023-07-12"))
    repo.commit("Q3 issued")
    cell = set_status(repo, "A02", "Complete")
    out = run("import-xlsx", "plan.xlsx", "--into", "plan", cwd=repo.root)
    assert out.returncode == 1
    assert "plan.xlsx:" in out.stderr and "error CP186" in out.stderr and f"cell {cell}" in out.stderr
    assert "plan/progress/2023-06-30.yaml, an issued paper" in out.stderr and "next progress file" in out.stderr
    assert (repo.root / "plan/progress/2023-06-30.yaml").read_text("utf-8").count("status: on-track") == 1


def test_a_word_that_is_no_status_is_refused_at_its_cell(repo):
    cell = set_status(repo, "A02", "Sort of fine")
    out = run("import-xlsx", "plan.xlsx", "--into", "plan", cwd=repo.root)
    assert out.returncode == 1 and f"cell {cell}" in out.stderr and "is not a status" in out.stderr


def test_an_unedited_export_changes_nothing(repo):
    export(repo)
    out = run("import-xlsx", "plan.xlsx", "--into", "plan", cwd=repo.root)
    assert out.returncode == 0 and "nothing to change" in out.stdout, out.stdout + out.stderr


def test_history_prints_one_current_status_and_the_status_at_each_report(repo):
    out = run("history", "A02", "plan", cwd=repo.root)
    assert out.returncode == 0, out.stderr
    assert "Current status: On track (from plan/progress/2023-06-30.yaml)" in out.stdout
    assert "Status at each report: 31 March 2023: Not started; 30 June 2023: On track" in out.stdout
    data = json.loads(run("history", "A02", "plan", "--format", "json", cwd=repo.root).stdout)
    assert data["current_status"] == {"status": "on-track", "from": "plan/progress/2023-06-30.yaml"}
    assert data["reports"] == [{"as_at": "2023-03-31", "status": "not-started"},
                               {"as_at": "2023-06-30", "status": "on-track"}]


# -- every path gives the one current status: generated plans and runs of reports ------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

STATUSES = ["not-started", "on-track", "at-risk", "off-track", "complete", "dropped"]


@given(plan=st.lists(st.sampled_from(["", *STATUSES]), min_size=1, max_size=6),
       reports=st.lists(st.lists(st.one_of(st.none(), st.sampled_from(["", *STATUSES])), min_size=6, max_size=6),
                        max_size=5))
def test_every_path_agrees_on_the_current_status(plan, reports):
    """The plan's view-model, the young people's version, the export, the update form (all through
    latest_status) and history (analysis.status.current) give each action the same status."""
    import datetime as dt

    from cpstrat.analysis.compare import NOT_SET, latest_status
    from cpstrat.analysis.status import current
    from cpstrat.excel import export
    from cpstrat.format import model
    from cpstrat.outputs.views import context

    actions = [{"id": f"A{i:02d}", "title": f"Action {i}", "principles": ["best-interests"],
                **({"status": s} if s else {})} for i, s in enumerate(plan)]
    progress = []
    for n, given_statuses in enumerate(reports):
        updates = [{"action": f"A{i:02d}", **({"status": s} if s else {})}
                   for i, s in enumerate(given_statuses[:len(plan)]) if s is not None]
        progress.append(model.build("Progress", {"cpstrat": 1, "as_at": dt.date(2023, 1, 1) + dt.timedelta(days=n),
                                                 "updates": updates}, path=f"progress/{n}.yaml"))
    s = model.build("Strategy", {"cpstrat": 1, "council": "C", "title": "T",
                                 "period": {"start": dt.date(2022, 4, 1), "end": dt.date(2025, 3, 31)},
                                 "actions": actions})
    import dataclasses

    s = dataclasses.replace(s, progress=tuple(progress))
    rows = {r.action.id: r.status for r in context.build(s).rows}
    for a in s.actions:
        now = current(s, a)[0]
        assert rows[a.id] == now
        assert export.latest_status(s, a) == now
        assert latest_status(a, s.progress) == (now or NOT_SET)


def test_a_status_changed_in_the_sheet_and_in_the_files_since_the_export_is_a_conflict(repo):
    cell = set_status(repo, "A02", "Complete")
    q3 = repo.root / "plan/progress/2023-06-30.yaml"
    q3.write_text(Q3.replace("status: on-track", "status: off-track"), "utf-8")  # someone else, meanwhile
    out = run("import-xlsx", "plan.xlsx", "--into", "plan", cwd=repo.root)
    assert out.returncode == 1 and "error CP172" in out.stderr and f"cell {cell}" in out.stderr
    assert q3.read_text("utf-8") == Q3.replace("status: on-track", "status: off-track")


def test_a_progress_file_in_flow_style_is_not_edited_and_the_file_is_named(repo):
    flow = Q3.split("updates:")[0] + "updates: [{action: A02, status: on-track}]\n"
    (repo.root / "plan/progress/2023-06-30.yaml").write_text(flow, "utf-8")
    repo.commit("Q3 in flow style")
    cell = set_status(repo, "A02", "Off track")
    out = run("import-xlsx", "plan.xlsx", "--into", "plan", cwd=repo.root)
    assert out.returncode == 1
    assert f"cell {cell}: A02's status lives in plan/progress/2023-06-30.yaml" in out.stderr and "CP187" in out.stderr
    assert "set `status: off-track` in the update for A02" in out.stderr
    assert (repo.root / "plan/progress/2023-06-30.yaml").read_text("utf-8") == flow
