"""The pre-commit hook: the files it selects, and checking the strategies they belong to."""

from __future__ import annotations

import re
import shlex

import yaml
from conftest import ROOT, run

from cpstrat.format.files import expand

HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def hook():
    (only,) = [h for h in HOOKS if h["id"] == "cpstrat-check"]
    return only


def test_hook_declares_what_pre_commit_needs():
    h = hook()
    for key in ("id", "name", "entry", "language"):
        assert h[key]
    assert shlex.split(h["entry"]) == ["cpstrat", "check"]
    assert h["pass_filenames"] is True and h["require_serial"] is True


def test_hook_selects_strategy_and_progress_files_only():
    files = re.compile(hook()["files"])
    selected = ["strategy.yaml", "strategies/walsall-2021/strategy.yaml",
                "strategies/wolverhampton-2015/progress/2018-03-06.yaml", "progress/2024-03-31.yaml"]
    ignored = ["schema/strategy.schema.json", "strategies/x/notes.yaml", "strategies/x/progress/old/a.yaml",
               "strategies/x/strategy.yaml.bak", "my-strategy.yaml", "strategies/x/progress/readme.md"]
    assert [f for f in selected if files.search(f)] == selected
    assert [f for f in ignored if files.search(f)] == []


def test_changed_files_map_to_their_strategy_folders(small):
    progress = small / "progress" / "2023-03-31.yaml"
    assert expand([progress, small / "strategy.yaml", small]) == [small]
    lone = small.parent / "lone.yaml"
    lone.write_text("cpstrat: 1\n", encoding="utf-8")
    assert expand([lone]) == [lone]  # a strategy kept as one file stays one file


def test_hook_run_checks_the_progress_file_against_its_strategy(small):
    progress = small / "progress" / "2023-03-31.yaml"
    progress.write_text(progress.read_text(encoding="utf-8").replace("action: A01", "action: A09"),
                        encoding="utf-8")
    other = ROOT / "strategies" / "wolverhampton-2015"
    # as pre-commit would call it: the entry, then the changed file names
    r = run(*shlex.split(hook()["entry"])[1:], "small/progress/2023-03-31.yaml", "small/strategy.yaml",
            other / "progress" / "2018-03-06.yaml", cwd=small.parent)
    assert r.returncode == 1
    assert ("small/progress/2023-03-31.yaml:12:13: error CP106 this progress file updates action 'A09', "
            "which the strategy no longer holds" in r.stdout)
    assert "2 strategies checked, 1 failed" in r.stdout
