"""`cpstrat history ID [PATH]`: the commits in which an action changed, from a real repository."""

from __future__ import annotations

import json

import pytest
from conftest import SMALL, run
from gitrepo import Repo
from strategy_edits import edited


@pytest.fixture
def repo(tmp_path) -> Repo:
    r = Repo(tmp_path / "repo")
    r.write("plans/small/strategy.yaml", SMALL)
    r.commit("First version")
    r.write("plans/small/README.txt", "not the strategy")
    r.commit("Unrelated commit")
    r.write("plans/small/strategy.yaml", SMALL.replace("status: not-started", "status: on-track"))
    r.commit("A02 under way")
    r.write("plans/small/strategy.yaml", edited())
    r.commit("A02 dropped, A03 added, A01 done")
    return r


def test_status_over_time_and_each_change(repo):
    out = run("history", "A01", "plans/small", "--format", "json", cwd=repo.root)
    assert out.returncode == 0, out.stderr
    commits = json.loads(out.stdout)["commits"]
    assert [c["subject"] for c in commits] == ["First version", "A02 dropped, A03 added, A01 done"]
    assert commits[0]["change"] == "added" and commits[0]["status"] == "on-track"
    assert commits[1]["fields"] == {
        "title": {"old": "Share good practice on emotional wellbeing across the partnership",
                  "new": "Share good practice on emotional health across the partnership"},
        "status": {"old": "on-track", "new": "complete"}}


def test_removed_action_and_text_output(repo):
    out = run("history", "A02", "small/strategy.yaml", cwd=repo.root / "plans")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert "A02 under way\n    status: not-started -> on-track" in text
    assert "A02 dropped, A03 added, A01 done\n    removed" in text
    assert "Unrelated commit" not in text
    assert "\nStatus in the strategy file over time: not-started (" in text
    assert text.rstrip().splitlines()[-1] == "Current status: removed from the plan"
    assert "-> on-track (" in text and "-> removed (" in text


def test_action_in_no_version_is_an_error(repo):
    out = run("history", "A99", "plans/small", cwd=repo.root)
    assert out.returncode == 1
    assert "CP097 action 'A99' is in no committed version of plans/small/strategy.yaml" in out.stderr


def test_outside_a_repository(tmp_path, small):
    out = run("history", "A01", small, cwd=tmp_path)
    assert out.returncode == 2 and "CP093" in out.stderr


def test_missing_path(repo):
    out = run("history", "A01", "plans/nothing", cwd=repo.root)
    assert out.returncode == 2 and "plans/nothing: error CP001 no such file or folder" in out.stderr


def test_progress_updates_of_a_folder_are_followed(repo):
    from conftest import PROGRESS

    repo.write("plans/small/progress/2023-03-31.yaml", PROGRESS)
    repo.commit("Progress report for March")
    repo.write("plans/small/progress/2023-03-31.yaml", PROGRESS.replace("status: complete", "status: off-track"))
    repo.commit("March report corrected")
    out = run("history", "A01", "plans/small", "--format", "json", cwd=repo.root)
    assert out.returncode == 0, out.stderr
    commits = json.loads(out.stdout)["commits"]
    assert [c["subject"] for c in commits] == ["First version", "A02 dropped, A03 added, A01 done",
                                              "Progress report for March", "March report corrected"]
    assert commits[2]["change"] == "progress" and commits[2]["fields"] == {}
    assert commits[2]["progress"]["2023-03-31.yaml"]["status"] == {"old": None, "new": "complete"}
    assert commits[3]["progress"] == {"2023-03-31.yaml": {"status": {"old": "complete", "new": "off-track"}}}
    text = run("history", "A01", "plans/small", cwd=repo.root).stdout
    assert "    progress 2023-03-31.yaml: status: complete -> off-track" in text
    assert "Status at each report: 31 March 2023: Off track" in text
    assert text.rstrip().endswith("Current status: Off track (from plans/small/progress/2023-03-31.yaml)")
    # given the strategy file alone, progress files are not followed
    alone = json.loads(run("history", "A01", "plans/small/strategy.yaml", "--format", "json", cwd=repo.root).stdout)
    assert [c["subject"] for c in alone["commits"]] == ["First version", "A02 dropped, A03 added, A01 done"]
