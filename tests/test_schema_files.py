"""Editor support: the schema files in the repository and beside `cpstrat init` output match `cpstrat schema`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, STRATEGIES, run

PREFIX = "# yaml-language-server: $schema="


def schema_output(*args) -> dict:
    r = run("schema", *args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


@pytest.mark.parametrize("root, args", [("strategy", ()), ("progress", ("--progress",))])
def test_repository_schema_files_match_cpstrat_schema(root, args):
    on_disk = json.loads((ROOT / "schema" / f"{root}.schema.json").read_text(encoding="utf-8"))
    assert on_disk == schema_output(*args), f"regenerate schema/{root}.schema.json with `cpstrat schema {' '.join(args)}`"


def _schema_line_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(PREFIX), f"{path}: first line should be {PREFIX}..."
    return (path.parent / first[len(PREFIX):]).resolve()


def test_bundled_files_point_editors_at_the_schema():
    strategies = sorted(STRATEGIES.glob("*/strategy.yaml"))
    progress = sorted(STRATEGIES.glob("*/progress/*.yaml"))
    assert strategies and progress
    for path in strategies:
        assert _schema_line_target(path) == (ROOT / "schema" / "strategy.schema.json").resolve()
    for path in progress:
        assert _schema_line_target(path) == (ROOT / "schema" / "progress.schema.json").resolve()


def test_init_writes_the_schema_beside_the_strategy(tmp_path):
    r = run("init", tmp_path / "new", "--council", "Testshire County Council")
    assert r.returncode == 0, r.stderr
    target = _schema_line_target(tmp_path / "new" / "strategy.yaml")
    assert target == (tmp_path / "new" / "schema" / "strategy.schema.json").resolve()
    assert json.loads(target.read_text(encoding="utf-8")) == schema_output()
    assert json.loads((target.parent / "progress.schema.json").read_text(encoding="utf-8")) == \
        schema_output("--progress")
