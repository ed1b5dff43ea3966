"""`cpstrat diff` on paths: known edits give exactly the known changes, in every format."""

from __future__ import annotations

import json

import pytest
from conftest import PROGRESS, SMALL, run
from strategy_edits import edited, renamed


def _pair(tmp_path, old: str, new: str, name: str = "strategy.yaml"):
    a, b = tmp_path / "old", tmp_path / "new"
    a.mkdir()
    b.mkdir()
    (a / name).write_text(old, encoding="utf-8")
    (b / name).write_text(new, encoding="utf-8")
    return a / name, b / name


def test_json_lists_exactly_the_known_changes(tmp_path):
    old, new = _pair(tmp_path, SMALL, edited())
    out = run("diff", old, new, "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["actions"]["added"] == ["A03"]
    assert data["actions"]["removed"] == ["A02"]
    assert data["actions"]["changed"] == [{"id": "A01", "fields": {
        "title": {"old": "Share good practice on emotional wellbeing across the partnership",
                  "new": "Share good practice on emotional health across the partnership"},
        "status": {"old": "on-track", "new": "complete"}}}]
    assert data["actions"]["renamed"] == []
    for section in ("priorities", "voices", "asks", "measures"):
        assert data[section] == {"added": [], "removed": [], "changed": [], "renamed": []}, section
    assert data["fields"] == {}
    assert data["status"] == {"moved": [{"id": "A01", "old": "on-track", "new": "complete"}],
                              "summary": {"complete": 1}}
    # A02 served four principles and is gone; A03 serves adulthood only.
    assert data["principles"] == {
        "access-services": {"old": 1, "new": 0},
        "high-aspirations": {"old": 1, "new": 0},
        "safe-and-stable": {"old": 1, "new": 0},
    }
    assert out.stderr == ""


def test_same_versions_show_no_change_and_exit_code_says_so(tmp_path):
    old, new = _pair(tmp_path, SMALL, SMALL.replace("  - id: A01\n", "  # a comment only\n  - id: A01\n"))
    same = run("diff", old, new, "--exit-code")
    assert same.returncode == 0
    assert "No changes." in same.stdout
    data = json.loads(run("diff", old, new, "--format", "json").stdout)
    assert data["differs"] is False and data["actions"]["changed"] == []


def test_exit_code_is_one_only_when_asked_and_different(tmp_path):
    old, new = _pair(tmp_path, SMALL, edited())
    assert run("diff", old, new).returncode == 0
    assert run("diff", old, new, "--exit-code").returncode == 1


def test_text_says_each_change_in_words(tmp_path):
    old, new = _pair(tmp_path, SMALL, edited())
    out = run("diff", old, new)
    text = out.stdout
    assert "+ added A03: Give every care leaver a named personal adviser" in text
    assert "- removed A02: Offer free bus travel" in text
    assert "~ changed A01" in text
    assert "status: on-track -> complete" in text
    assert "1 action moved to complete (A01)" in text
    assert "access-services: 1 -> 0 actions" in text
    assert "\x1b[" not in text  # piped: plain text, no colour codes


def test_markdown_has_headings_and_tables_with_header_rows(tmp_path):
    old, new = _pair(tmp_path, SMALL, edited())
    md = run("diff", old, new, "--format", "md").stdout
    lines = md.splitlines()
    # the Word paper's words: versions by what they are, statuses in words, titles beside ids
    assert lines[0] == "# Changes since the last version: Testshire County Council Corporate Parenting Strategy"
    assert f"- Before: the version in {old}" in md.replace("\\", "")
    assert "## Actions" in lines
    header = lines.index("| Id | Change | What changed | Before | After |")
    assert lines[header + 1] == "|---|---|---|---|---|"
    assert "| A03 | Added |  |  | Give every care leaver a named personal adviser |" in lines
    assert "| A01: Share good practice on emotional health across the partnership | Changed | Status | On track " \
           "| Complete |" in lines
    assert "| Access to services | 1 | 0 | 1 action fewer |" in lines


def test_markdown_escapes_pipes_in_text(tmp_path):
    old, new = _pair(tmp_path, SMALL, SMALL.replace("title: Offer free bus travel", "title: Offer bus | rail travel"))
    md = run("diff", old, new, "--format", "md").stdout
    assert "Offer bus \\| rail travel" in md


def test_new_id_with_the_same_title_is_a_likely_rename(tmp_path):
    old, new = _pair(tmp_path, SMALL, renamed())
    data = json.loads(run("diff", old, new, "--format", "json").stdout)
    # added/removed stay strictly by id (the contract); the pairing is reported beside them
    assert data["actions"]["added"] == ["A09"]
    assert data["actions"]["removed"] == ["A02"]
    assert data["actions"]["renamed"] == [{"old": "A02", "new": "A09", "similarity": 1.0, "fields": {}}]
    assert data["principles"] == {}
    text = run("diff", old, new).stdout
    assert "likely renamed A02 -> A09 (same text)" in text
    assert "added A09" not in text and "removed A02" not in text


def test_near_same_title_under_new_id_is_a_rename_with_the_title_change(tmp_path):
    new_text = renamed().replace("Offer free bus travel to care leavers", "Offer free bus travel to all care leavers")
    old, new = _pair(tmp_path, SMALL, new_text)
    data = json.loads(run("diff", old, new, "--format", "json").stdout)
    [r] = data["actions"]["renamed"]
    assert (r["old"], r["new"]) == ("A02", "A09")
    assert 0.85 <= r["similarity"] < 1
    assert set(r["fields"]) == {"title"}


def test_unrelated_new_action_is_not_a_rename(tmp_path):
    old, new = _pair(tmp_path, SMALL, edited())
    data = json.loads(run("diff", old, new, "--format", "json").stdout)
    assert data["actions"]["renamed"] == []


def test_measures_asks_and_priorities_are_compared_by_id(tmp_path):
    new_text = (SMALL.replace("target: 98", "target: 95")
                .replace("text: Workers listening to our views", "text: Workers who listen to our views")
                .replace("title: Health and wellbeing", "title: Health"))
    old, new = _pair(tmp_path, SMALL, new_text)
    data = json.loads(run("diff", old, new, "--format", "json").stdout)
    assert data["measures"]["changed"] == [{"id": "A01-m1", "fields": {"target": {"old": 98, "new": 95}}}]
    assert data["asks"]["changed"] == [{"id": "cicc-listen", "fields": {
        "text": {"old": "Workers listening to our views", "new": "Workers who listen to our views"}}}]
    assert data["priorities"]["changed"] == [
        {"id": "health", "fields": {"title": {"old": "Health and wellbeing", "new": "Health"}}}]
    assert data["actions"] == {"added": [], "removed": [], "changed": [], "renamed": []}


def test_two_progress_files_compare_as_status_moves_and_measure_values(tmp_path):
    later = (PROGRESS.replace("as_at: 2023-03-31", "as_at: 2023-09-30")
             .replace("status: complete", "status: at-risk")
             .replace("{A01-m1: 97}", "{A01-m1: 99}\n  - action: A02\n    status: on-track"))
    old, new = _pair(tmp_path, PROGRESS, later, name="2023.yaml")
    out = run("diff", old, new, "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["kind"] == "progress"
    assert data["fields"] == {"as_at": {"old": "2023-03-31", "new": "2023-09-30"}}
    assert data["actions"]["added"] == ["A02"]
    assert data["actions"]["changed"] == [{"id": "A01", "fields": {
        "status": {"old": "complete", "new": "at-risk"},
        "measures": {"old": {"A01-m1": 97}, "new": {"A01-m1": 99}}}}]
    assert data["status"]["moved"] == [{"id": "A01", "old": "complete", "new": "at-risk"},
                                       {"id": "A02", "old": None, "new": "on-track"}]
    assert data["measure_values"] == [{"action": "A01", "measure": "A01-m1", "old": 97, "new": 99}]
    text = run("diff", old, new).stdout
    assert "1 action moved to at-risk (A01)" in text and "A01 A01-m1: 97 -> 99" in text


def test_strategy_folders_include_progress_differences(small, tmp_path):
    import shutil

    later = tmp_path / "later"
    shutil.copytree(small, later)
    (later / "progress" / "2023-03-31.yaml").write_text(PROGRESS.replace("status: complete", "status: off-track"))
    (later / "progress" / "2024-03-31.yaml").write_text(PROGRESS.replace("2023-03-31", "2024-03-31"))
    data = json.loads(run("diff", small, later, "--format", "json").stdout)
    assert data["actions"]["changed"] == []
    assert data["progress"]["added"] == ["2024-03-31.yaml"]
    assert data["progress"]["removed"] == []
    [changed] = data["progress"]["changed"]
    assert changed["file"] == "2023-03-31.yaml"
    assert changed["actions"]["changed"] == [
        {"id": "A01", "fields": {"status": {"old": "complete", "new": "off-track"}}}]


def test_version_with_check_errors_is_still_compared_and_said_so(tmp_path):
    old, new = _pair(tmp_path, SMALL, edited().replace("principles: [adulthood]", "principles: [adulthod]"))
    out = run("diff", old, new, "--format", "json")
    assert out.returncode == 0
    assert json.loads(out.stdout)["actions"]["added"] == ["A03"]
    assert "CP032" in out.stderr and "unknown principle 'adulthod'" in out.stderr
    assert "CP096" in out.stderr and "1 check error(s); comparing what could be read" in out.stderr


def test_unreadable_version_gives_its_diagnostic_and_exit_2(tmp_path):
    old, new = _pair(tmp_path, SMALL, "cpstrat: 1\ntitle: [unclosed\n")
    out = run("diff", old, new, "--format", "json")
    assert out.returncode == 2
    assert out.stdout == ""
    assert f"{new}:" in out.stderr and "CP010" in out.stderr
    assert "Traceback" not in out.stderr


def test_missing_path_gives_exit_2(tmp_path):
    out = run("diff", tmp_path / "nothing", tmp_path / "nothing2")
    assert out.returncode == 2
    assert "CP001" in out.stderr and "no such file or folder" in out.stderr


def test_strategy_and_progress_file_cannot_be_compared(tmp_path):
    old, _ = _pair(tmp_path, SMALL, SMALL)
    progress = tmp_path / "p.yaml"
    progress.write_text(PROGRESS)
    out = run("diff", old, progress)
    assert out.returncode == 2
    assert "CP095" in out.stderr and "cannot compare a strategy" in out.stderr


def test_output_file_holds_what_stdout_would(tmp_path):
    old, new = _pair(tmp_path, SMALL, edited())
    target = tmp_path / "changes.md"
    out = run("diff", old, new, "--format", "md", "-o", target)
    assert out.returncode == 0 and out.stdout == ""
    assert target.read_text() == run("diff", old, new, "--format", "md").stdout


def test_colour_text_marks_changes_and_still_says_them_in_words():
    import io

    from rich.console import Console

    from cpstrat.analysis import diff
    from cpstrat.outputs.text import diff as diff_text

    old = diff.Snapshot("strategy", {}, {"actions": [diff.Item("A01", "Plan [draft]", {"title": "Plan [draft]"})]})
    new = diff.Snapshot("strategy", {}, {"actions": [diff.Item("A02", "Homes [new]", {"title": "Homes [new]"})]})
    markup = diff_text.render(diff.compare(old, new), "a", "b", colour=True)
    assert "[green]  + added A02: Homes \\[new][/green]" in markup
    screen = io.StringIO()
    Console(file=screen, force_terminal=True, color_system="standard", width=200, highlight=False).print(markup)
    shown = screen.getvalue()
    assert "\x1b[32m  + added A02: Homes [new]\x1b[0m" in shown  # green, and in words
    assert "\x1b[31m  - removed A01: Plan [draft]\x1b[0m" in shown


# One field of one keyed thing changed: (section, id, field, old line, new line, old value, new value).
ONE_FIELD_EDITS = [
    ("actions", "A02", "due", "due: 2024-03-31", "due: 2024-06-30", "2024-03-31", "2024-06-30"),
    ("actions", "A01", "lead", "lead: Head of Service, Children in Care", "lead: Director of Children's Services",
     ["Head of Service, Children in Care"], ["Director of Children's Services"]),
    ("actions", "A01", "partners", "partners: [Health, Police]", "partners: [Health]", ["Health", "Police"],
     ["Health"]),
    ("actions", "A01", "principles", "principles: [best-interests, express-views, take-account]",
     "principles: [best-interests, express-views]", ["best-interests", "express-views", "take-account"],
     ["best-interests", "express-views"]),
    ("actions", "A02", "status", "status: not-started", "status: dropped", "not-started", "dropped"),
    ("actions", "A02", "title", "title: Offer free bus travel to care leavers in education or work",
     "title: Offer free bus travel to care leavers", "Offer free bus travel to care leavers in education or work",
     "Offer free bus travel to care leavers"),
    ("measures", "A01-m1", "target", "target: 98", "target: 99", 98, 99),
    ("measures", "A01-m1", "unit", 'unit: "%"', 'unit: "per cent"', "%", "per cent"),
    ("priorities", "health", "title", "title: Health and wellbeing", "title: Health", "Health and wellbeing",
     "Health"),
    ("asks", "cicc-listen", "text", "text: Workers listening to our views", "text: Workers who listen",
     "Workers listening to our views", "Workers who listen"),
    ("voices", "cicc", "name", "name: Children in Care Council", "name: Children in Care Council (CiCC)",
     "Children in Care Council", "Children in Care Council (CiCC)"),
]


@pytest.mark.parametrize("edit", ONE_FIELD_EDITS, ids=[f"{e[0]}-{e[2]}" for e in ONE_FIELD_EDITS])
def test_a_change_to_any_one_field_is_reported_as_that_field(tmp_path, edit):
    section, id_, name, old_line, new_line, was, now = edit
    assert SMALL.count(old_line) == 1, old_line
    old, new = _pair(tmp_path, SMALL, SMALL.replace(old_line, new_line))
    out = run("diff", old, new, "--format", "json", "--exit-code")
    assert out.returncode == 1, out.stderr
    data = json.loads(out.stdout)
    assert data["differs"] is True
    assert data[section]["changed"] == [{"id": id_, "fields": {name: {"old": was, "new": now}}}]
    for other in {"actions", "priorities", "voices", "asks", "measures"} - {section}:
        assert data[other]["changed"] == [], other
    text = run("diff", old, new).stdout
    assert id_ in text and str(now if not isinstance(now, list) else name) in text


def test_progress_files_with_indicator_values_diff_in_every_paper_format(tmp_path):
    """A progress file's indicators: {id: value} made the paper formats fail with a traceback (the Word
    paper read the mapping as a list of ids); each format now says the values by indicator."""
    from conftest import ROOT

    folder = ROOT / "tests" / "data" / "real-plan" / "progress"
    old, new = folder / "2025-03-31.yaml", folder / "2025-09-30.yaml"
    md = run("diff", old, new, "--format", "md")
    assert md.returncode == 0 and "Traceback" not in md.stderr, md.stderr
    assert "| Indicators | eet-19-21: 53; placement-moves: 10 | eet-19-21: 55; placement-moves: 9.5 |" in md.stdout
    for fmt in ("html", "docx"):
        out = run("diff", old, new, "--format", fmt, "-o", tmp_path / f"changes.{fmt}")
        assert out.returncode == 0 and "Traceback" not in out.stderr, out.stderr
