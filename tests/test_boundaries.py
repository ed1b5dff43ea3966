"""Boundaries of rules that a one-character change to the code would move, each tested at the boundary.

Each test here kills a mutant that once survived the whole suite (issue 21): an action overdue on its
own due day, a strategy with no actions told that every principle has none, the values of an update
dropped from the newer progress file left out of a diff, and a duplicate id keeping its last use.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import PROGRESS, SMALL, run

from cpstrat.format.types import parse_due


@pytest.mark.parametrize(("written", "last"), [
    ("2025-09-30", dt.date(2025, 9, 30)), ("2025-09", dt.date(2025, 9, 30)), ("2025/26", dt.date(2026, 3, 31))])
def test_due_is_overdue_only_after_its_last_day(written, last):
    due = parse_due(written)
    assert due is not None and due.last == last
    assert not due.overdue(last - dt.timedelta(days=1))
    assert not due.overdue(last), "an action is not overdue on its own due day"
    assert due.overdue(last + dt.timedelta(days=1))


def _codes(folder) -> list[str]:
    out = run("check", folder, "--format", "json")
    return [d["code"] for d in json.loads(out.stdout)["diagnostics"]]


def test_a_principle_no_action_covers_is_reported_only_when_there_are_actions(tmp_path):
    with_actions = tmp_path / "with"
    with_actions.mkdir()
    # A02 was the only action for access-services (among others): without it, CP041 names them
    text = SMALL[:SMALL.index("  - id: A02")]
    (with_actions / "strategy.yaml").write_text(text, encoding="utf-8")
    assert "CP041" in _codes(with_actions)
    none = tmp_path / "none"
    none.mkdir()
    # no actions at all: that is reported once elsewhere, not as every principle without an action
    (none / "strategy.yaml").write_text(SMALL[:SMALL.index("actions:")] + "actions: []\n", encoding="utf-8")
    assert "CP041" not in _codes(none)


def _pair(tmp_path, old: str, new: str):
    a, b = tmp_path / "old", tmp_path / "new"
    a.mkdir(parents=True)
    b.mkdir(parents=True)
    (a / "2023.yaml").write_text(old, encoding="utf-8")
    (b / "2023.yaml").write_text(new, encoding="utf-8")
    return a / "2023.yaml", b / "2023.yaml"


def test_the_values_of_an_update_removed_from_the_newer_progress_file_are_listed(tmp_path):
    later = PROGRESS.replace("as_at: 2023-03-31", "as_at: 2023-09-30")
    later = later[:later.index("updates:")] + "updates: []\n" + later[later.index("report_of:"):]
    out = run("diff", *_pair(tmp_path, PROGRESS, later), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["actions"]["removed"] == ["A01"]
    assert data["measure_values"] == [{"action": "A01", "measure": "A01-m1", "old": 97, "new": None}]


def test_a_duplicate_id_keeps_its_first_use_in_a_diff(tmp_path):
    twice = SMALL.replace("  - id: A02\n", "  - id: A01\n")  # the second action repeats A01's id
    second_changed = twice.replace("Offer free bus travel", "Offer cheap bus travel")
    data = json.loads(run("diff", *_pair(tmp_path / "a", twice, second_changed), "--format", "json").stdout)
    assert data["actions"]["changed"] == [], "the second use of a duplicate id is not the one compared"
    first_changed = twice.replace("Share good practice", "Spread good practice")
    data = json.loads(run("diff", *_pair(tmp_path / "b", twice, first_changed), "--format", "json").stdout)
    assert [c["id"] for c in data["actions"]["changed"]] == ["A01"]
