"""Issued papers are records: rebuilt from git as they were issued, whatever the plan says since (issue 20)."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import PROGRESS, SMALL, run
from gitrepo import Repo

Q2 = PROGRESS.replace("as_at: 2023-03-31", "as_at: 2023-03-31\nissued: 2023-04-12")
# The next quarter's paper: A02 on track; A01 not updated.
Q3 = """\
cpstrat: 1
as_at: 2023-06-30
meeting: {name: Corporate Parenting Board, date: 2023-07-12, agenda_item: "4"}
purpose: To report progress on the action plan.
implications: {financial: None., legal: None., equalities: None., environmental: None., human_resources: None.}
report_of: Director of Children's Services
contact: {name: Jo Bloggs, role: Corporate Parenting Officer, email: jo.bloggs@example.gov.uk}
updates:
  - action: A02
    status: on-track
    summary: Bus passes agreed with the transport authority.
"""


def changed_plan(text: str = SMALL) -> str:
    """The plan after Q2: A02 renamed and set at risk, and an action A03 added."""
    text = text.replace("title: Offer free bus travel to care leavers in education or work",
                        "title: Offer free bus and train travel to care leavers")
    return text.replace("    status: not-started\n", "    status: at-risk\n"
                        "  - id: A03\n    title: Help care leavers open a bank account\n"
                        "    principles: [adulthood]\n    lead: Head of Service, Leaving Care\n"
                        "    due: 2024-03-31\n    status: not-started\n")


def md(folder, name: str) -> str:
    return (folder / name).read_text("utf-8")


@pytest.fixture
def repo(tmp_path) -> Repo:
    """A strategy and its Q2 progress file, issued and committed on the day of the board."""
    r = Repo(tmp_path / "repo")
    r.write("plan/strategy.yaml", SMALL)
    r.write("plan/progress/2023-03-31.yaml", Q2)
    r.commit("Q2 report as issued", date="2023-04-12T10:00:00+01:00")
    return r


def build(repo: Repo, out: str, *extra):
    return run("build", "plan", "-o", out, "--format", "docx,md", *extra, cwd=repo.root)


def report(repo: Repo, out: str, when: str = "2023-03-31") -> tuple[bytes, str]:
    folder = repo.root / out
    return (folder / f"plan-progress-report-{when}.docx").read_bytes(), md(folder, f"plan-progress-report-{when}.md")


def test_an_issued_report_is_rebuilt_as_issued_after_the_plan_changes(repo):
    first = build(repo, "q2-then")
    assert first.returncode == 0, first.stderr
    assert "plan/progress/2023-03-31.yaml: issued on 2023-04-12, read as issued, with the plan as " \
           "committed in git on 2023-04-12" in first.stdout
    repo.write("plan/strategy.yaml", changed_plan())
    repo.commit("A03 added, A02 renamed and at risk", date="2023-05-02T09:00:00+01:00")
    again = build(repo, "q2-now")
    assert again.returncode == 0, again.stderr
    assert report(repo, "q2-now") == report(repo, "q2-then")
    assert "Help care leavers open a bank account" not in report(repo, "q2-now")[1]
    assert "Offer free bus travel to care leavers in education or work" in report(repo, "q2-now")[1]
    # the plan itself is today's
    assert "Help care leavers open a bank account" in md(repo.root / "q2-now", "plan-action-plan.md")


def test_the_same_day_change_after_issuing_is_not_in_the_record(repo):
    """Issued and changed on one day (no dates faked): the record is the commit that issued the paper."""
    r = Repo(repo.root.parent / "sameday")
    r.write("plan/strategy.yaml", SMALL)
    r.write("plan/progress/2023-03-31.yaml", Q2.replace("issued: 2023-04-12", f"issued: {dt.date.today()}"))
    r.commit("Q2 issued")
    assert build(r, "then").returncode == 0
    r.write("plan/strategy.yaml", changed_plan())
    r.commit("plan changed the same day")
    assert build(r, "now").returncode == 0
    assert report(r, "now") == report(r, "then")


def test_the_next_report_describes_changes_from_what_the_board_was_told(repo):
    repo.write("plan/strategy.yaml", changed_plan())
    repo.commit("plan changed", date="2023-05-02T09:00:00+01:00")
    repo.write("plan/progress/2023-06-30.yaml", Q3)
    out = build(repo, "q3")
    assert out.returncode == 0, out.stderr
    text = md(repo.root / "q3", "plan-progress-report-2023-06-30.md")
    # the board was told Not started at Q2 (the plan then), not At risk (the plan since)
    assert "status changed from Not started to On track" in text
    assert "At risk to On track" not in text
    assert "added to the plan since the previous report" in text
    # the Q2 column counts the two actions the plan had then, the Q3 column three
    table = text[text.index("### Status at each report"):].split("\n\n")[1]
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]] for line in table.splitlines()[2:]}
    assert sum(int(v[0]) for v in rows.values()) == 2
    assert sum(int(v[1]) for v in rows.values()) == 3


def test_the_issued_report_named_with_progress_after_a_later_one_is_unchanged(repo):
    assert build(repo, "then").returncode == 0
    repo.write("plan/strategy.yaml", changed_plan())
    repo.write("plan/progress/2023-06-30.yaml", Q3)
    repo.commit("plan changed, Q3 drafted", date="2023-06-30T09:00:00+01:00")
    out = build(repo, "now", "--progress", repo.root / "plan/progress/2023-03-31.yaml")
    assert out.returncode == 0, out.stderr
    assert report(repo, "now") == report(repo, "then")


def test_a_report_with_no_issued_papers_is_built_from_the_files(small, tmp_path):
    out = run("build", small, "-o", tmp_path / "out")
    assert out.returncode == 0 and "issued on" not in out.stdout


def test_issued_outside_git_is_refused_with_nothing_written(small, tmp_path):
    progress = small / "progress" / "2023-03-31.yaml"
    progress.write_text(Q2, "utf-8")
    out = run("build", small, "-o", tmp_path / "out")
    assert out.returncode == 1
    assert "2023-03-31.yaml:3:9: error CP183" in out.stderr
    assert "not in a git repository" in out.stderr and "git init" in out.stderr
    assert not (tmp_path / "out").exists()


def test_a_paper_committed_after_the_day_with_no_plan_before_is_read_as_committed_with_the_plan(tmp_path):
    """Nothing in git by the issued day: the record is the commit that issued the paper, plan and all
    (an officer who starts using git after the meeting); later changes to the plan stay out of it."""
    r = Repo(tmp_path / "repo")
    r.write("plan/strategy.yaml", SMALL)
    r.write("plan/progress/2023-03-31.yaml", Q2)
    r.commit("committed after the board")
    first = build(r, "then")
    assert first.returncode == 0, first.stderr
    assert "nothing was committed by 2023-04-12" in first.stdout
    r.write("plan/strategy.yaml", changed_plan())
    r.commit("plan changed")
    assert build(r, "now").returncode == 0
    assert report(r, "now") == report(r, "then")


def test_an_uncommitted_paper_with_no_plan_committed_by_then_is_refused(tmp_path):
    r = Repo(tmp_path / "repo")
    r.write("plan/strategy.yaml", SMALL)
    r.commit("plan, committed after the board", date="2023-04-13T08:00:00+01:00")
    r.write("plan/progress/2023-03-31.yaml", Q2)
    out = build(r, "out")
    assert out.returncode == 1
    assert "2023-03-31.yaml:3:9: error CP183" in out.stderr
    assert "no commit on or before 2023-04-12 holds plan/strategy.yaml" in out.stderr
    assert not (r.root / "out").exists()


def test_an_empty_repository_is_refused(tmp_path):
    r = Repo(tmp_path / "repo")
    r.write("plan/strategy.yaml", SMALL)
    r.write("plan/progress/2023-03-31.yaml", Q2)
    out = build(r, "out")
    assert out.returncode == 1 and "error CP183" in out.stderr and not (r.root / "out").exists()


def test_a_file_committed_as_issued_late_is_read_with_the_plan_of_the_issued_day(tmp_path):
    r = Repo(tmp_path / "repo")
    r.write("plan/strategy.yaml", SMALL)
    r.commit("plan", date="2023-04-01T10:00:00+01:00")
    r.write("plan/strategy.yaml", changed_plan())
    r.write("plan/progress/2023-03-31.yaml", Q2)
    r.commit("plan changed, and the Q2 paper committed late", date="2023-04-20T10:00:00+01:00")
    out = build(r, "out")
    assert out.returncode == 0, out.stderr
    assert "committed in git on 2023-04-01" in out.stdout
    assert "Help care leavers open a bank account" not in report(r, "out")[1]


def test_a_commit_at_the_end_of_the_issued_day_counts(tmp_path):
    r = Repo(tmp_path / "repo")
    r.write("plan/strategy.yaml", SMALL)
    r.write("plan/progress/2023-03-31.yaml", Q2)
    r.commit("late on the day", date="2023-04-12T23:59:59-05:00")
    assert build(r, "out").returncode == 0


def test_an_uncommitted_issued_file_is_built_with_the_committed_plan_and_a_reminder(tmp_path):
    r = Repo(tmp_path / "repo")
    r.write("plan/strategy.yaml", SMALL)
    r.commit("plan", date="2023-04-01T10:00:00+01:00")
    r.write("plan/progress/2023-03-31.yaml", Q2)
    r.write("plan/strategy.yaml", changed_plan())  # not committed: not what the board saw
    out = build(r, "out")
    assert out.returncode == 0, out.stderr
    assert "not committed yet: commit it to keep the record" in out.stdout
    assert "Help care leavers open a bank account" not in report(r, "out")[1]


def test_check_reports_an_issued_paper_changed_since(repo):
    assert run("check", "plan", cwd=repo.root).returncode == 0
    path = repo.root / "plan/progress/2023-03-31.yaml"
    path.write_text(path.read_text("utf-8").replace("status: complete", "status: on-track"), "utf-8")
    out = run("check", "plan", cwd=repo.root)
    assert out.returncode == 1
    assert "plan/progress/2023-03-31.yaml:14:1: error CP182" in out.stdout
    assert "issued on 2023-04-12" in out.stdout and "git checkout" in out.stdout
    built = build(repo, "out")
    assert built.returncode == 1 and "2023-03-31.yaml:14:1: error CP182" in built.stderr
    assert not (repo.root / "out").exists()
    repo.commit("changed after the board", date="2023-05-01T10:00:00+01:00")
    assert "error CP182" in run("check", "plan", cwd=repo.root).stdout
    repo.git("checkout", "HEAD~1", "--", "plan/progress/2023-03-31.yaml")  # put back, as the hint says
    assert run("check", "plan", cwd=repo.root).returncode == 0


def test_issued_dates_that_cannot_be(small, tmp_path):
    progress = small / "progress" / "2023-03-31.yaml"
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    for value, code in (("2023-03-30", "CP180"), (str(tomorrow), "CP181"), ("next Tuesday", "CP023")):
        progress.write_text(PROGRESS.replace("as_at: 2023-03-31", f"as_at: 2023-03-31\nissued: {value}"), "utf-8")
        out = run("check", small)
        assert out.returncode == 1
        assert f"2023-03-31.yaml:3:9: error {code}" in out.stdout, out.stdout
    # on the day of as_at, and today, are both fine
    for value in ("2023-03-31", str(dt.date.today())):
        progress.write_text(PROGRESS.replace("as_at: 2023-03-31", f"as_at: 2023-03-31\nissued: {value}"), "utf-8")
        out = run("check", small)
        assert "CP18" not in out.stdout, out.stdout


def test_a_strategy_folder_that_is_the_repository_itself(tmp_path):
    r = Repo(tmp_path / "plan")
    r.write("strategy.yaml", SMALL)
    r.write("progress/2023-03-31.yaml", Q2)
    r.commit("Q2 issued", date="2023-04-12T10:00:00+01:00")
    first = run("build", ".", "-o", tmp_path / "then", "--format", "md", cwd=r.root)
    assert first.returncode == 0, first.stderr
    r.write("strategy.yaml", changed_plan())
    r.commit("plan changed", date="2023-05-02T09:00:00+01:00")
    again = run("build", ".", "-o", tmp_path / "now", "--format", "md", cwd=r.root)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "now" / "plan-progress-report-2023-03-31.md").read_bytes() == \
        (tmp_path / "then" / "plan-progress-report-2023-03-31.md").read_bytes()


def test_the_issued_day_ends_at_midnight_in_the_committers_time_zone(tmp_path):
    """The plan committed at 23:59 on the issued day counts; a change at 00:00:01 the next day does not."""
    r = Repo(tmp_path / "repo")
    r.write("plan/strategy.yaml", SMALL)
    r.commit("plan on the day", date="2023-04-12T23:59:00+01:00")
    r.write("plan/strategy.yaml", changed_plan())
    r.commit("plan the next day", date="2023-04-13T00:00:01+01:00")
    r.write("plan/progress/2023-03-31.yaml", Q2)
    r.commit("paper committed two days late", date="2023-04-14T09:00:00+01:00")
    out = build(r, "out")
    assert out.returncode == 0, out.stderr
    assert "committed in git on 2023-04-12" in out.stdout
    assert "Help care leavers open a bank account" not in report(r, "out")[1]


def test_issued_on_the_day_of_as_at(tmp_path):
    r = Repo(tmp_path / "repo")
    r.write("plan/strategy.yaml", SMALL)
    r.write("plan/progress/2023-03-31.yaml", Q2.replace("issued: 2023-04-12", "issued: 2023-03-31"))
    r.commit("issued at the reporting date", date="2023-03-31T17:00:00+01:00")
    out = build(r, "out")
    assert out.returncode == 0 and "issued on 2023-03-31" in out.stdout, out.stderr
