"""Every bundled strategy's documents, compared with the expected files in tests/data/golden.

One parametrised test (as black keeps its expected outputs): a case is a command line; its
outputs are read back as text (Word parts as XML) and compared file by file.
"""

from __future__ import annotations

import os
import shutil

import pytest
from typer.testing import CliRunner

from cpstrat.cli import app
from tests.conftest import ROOT, STRATEGIES
from tests.golden import GOLDEN, as_text

BUNDLED = sorted(p.name for p in STRATEGIES.iterdir() if (p / "strategy.yaml").exists())

CASES = {}
for name in BUNDLED:
    CASES[f"{name}-board"] = ["build", f"strategies/{name}", "--format", "docx,md,html", "-o", "{out}"]
    CASES[f"{name}-young-people"] = ["build", f"strategies/{name}", "--audience", "young-people", "-o", "{out}"]
    CASES[f"{name}-check"] = ["check", f"strategies/{name}", "--format", "json"]
    CASES[f"{name}-export"] = ["export-xlsx", f"strategies/{name}", "-o", "{out}/plan.xlsx"]
CASES["diff-wolverhampton-2015-2021"] = [
    "diff", "strategies/wolverhampton-2015", "strategies/wolverhampton-2021",
    "--format", "docx", "-o", "{out}/diff.docx"]
CASES["compare-all"] = ["compare", *[f"strategies/{n}" for n in BUNDLED], "--format", "docx", "-o", "{out}/compare.docx"]

UPDATE = bool(os.environ.get("CPSTRAT_UPDATE_GOLDEN"))


@pytest.mark.parametrize("case", sorted(CASES))
def test_outputs_match_golden(case, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    out.mkdir()
    args = [a.replace("{out}", str(out)) for a in CASES[case]]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # a build's manifest holds the sha256 of each .docx, whose deflated bytes depend on the zlib
    # version; test_build_outputs holds the manifest to byte-identical builds instead
    produced = {p.relative_to(out).as_posix(): as_text(p) for p in sorted(out.rglob("*"))
                if p.is_file() and not p.name.endswith(".manifest.json")}
    if not produced:
        produced["stdout"] = result.stdout
    expected_dir = GOLDEN / case
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, text in produced.items():
            target = expected_dir / (rel + ".txt")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        return
    expected = {p.relative_to(expected_dir).as_posix()[: -len(".txt")]: p.read_text(encoding="utf-8")
                for p in sorted(expected_dir.rglob("*.txt"))}
    assert sorted(produced) == sorted(expected), "the set of files written changed"
    for rel in expected:
        assert produced[rel] == expected[rel], f"{case}: {rel} differs from tests/data/golden/{case}/{rel}.txt"
