"""`cpstrat compare`: figures checked against the strategies' own YAML, and every output format."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import docx
import pytest
import yaml
from conftest import ROOT, STRATEGIES, run
from docx.oxml.ns import qn

sys.path.insert(0, str(ROOT / "benchmarks"))
from make_corpus import write_corpus  # noqa: E402


def compare_json(*paths) -> dict:
    proc = run("compare", "--format", "json", *paths)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def raw(folder: Path) -> dict:
    return yaml.safe_load((folder / "strategy.yaml").read_text("utf-8"))


def test_small_fixture_figures(small):
    (entry,) = compare_json(small)["strategies"]
    assert entry["name"] == "Testshire County Council 2022-2025"
    assert entry["actions"] == 2
    assert (entry["with_lead"], entry["with_due"], entry["with_measure"], entry["smart"]) == (2, 2, 1, 1)
    assert entry["share"] == {"lead": 100.0, "due": 100.0, "measure": 50.0, "smart": 50.0}
    assert (entry["asks"], entry["asks_answered"]) == (1, 1)
    # A01 is on-track in the strategy and complete in the progress file; A02 has no update.
    assert entry["status"] == {"complete": 1, "not-started": 1}
    assert entry["as_at"] == "2023-03-31"
    assert entry["actions_per_principle"]["best-interests"] == 1
    assert entry["actions_per_principle"]["adulthood"] == 1
    assert entry["principles_without_action"] == []
    assert entry["actions_per_priority"] == [{"priority": "Health and wellbeing", "actions": 1}]


def test_bundled_figures_agree_with_the_yaml_and_with_check():
    report = compare_json(STRATEGIES)
    folders = sorted(p for p in STRATEGIES.iterdir() if p.is_dir())
    assert len(report["strategies"]) == len(folders)
    for folder, entry in zip(folders, report["strategies"]):
        data = raw(folder)
        actions = data.get("actions", [])
        assert entry["actions"] == len(actions)
        assert entry["with_lead"] == sum(1 for a in actions if a.get("lead"))
        assert entry["with_due"] == sum(1 for a in actions if a.get("due"))
        assert entry["with_measure"] == sum(1 for a in actions if a.get("measures"))
        for pid, n in entry["actions_per_principle"].items():
            assert n == sum(1 for a in actions if pid in a["principles"])
        assert sum(entry["status"].values()) == len(actions)
        # The unanswered asks and uncovered principles are exactly what check warns about.
        checked = json.loads(run("check", "--format", "json", folder).stdout)["diagnostics"]
        assert entry["asks"] - entry["asks_answered"] == sum(d["code"] == "CP042" for d in checked)
        assert len(entry["principles_without_action"]) == sum(d["code"] == "CP041" for d in checked)


def test_generated_corpus(tmp_path):
    folders = write_corpus(tmp_path / "corpus", councils=20, seed=7)
    report = compare_json(tmp_path / "corpus")
    assert len(report["strategies"]) == len(folders) == 20
    for folder, entry in zip(folders, report["strategies"]):
        data = raw(folder)
        assert entry["council"] == data["council"]
        assert entry["actions"] == len(data["actions"])
        answered = {ask for a in data["actions"] for ask in a.get("responds_to", [])}
        assert entry["asks_answered"] == len(answered)
        per_priority = {p["title"]: sum(1 for a in data["actions"] if p["id"] in a["priorities"])
                        for p in data["priorities"]}
        assert {r["priority"]: r["actions"] for r in entry["actions_per_priority"]} == per_priority


def test_markdown_tables(small, tmp_path):
    strategy = small / "strategy.yaml"
    strategy.write_text(strategy.read_text().replace("Testshire County Council", "Testshire | Borough Council"))
    out = tmp_path / "cmp.md"
    proc = run("compare", small, STRATEGIES / "walsall-2021", "--format", "md", "-o", out)
    assert proc.returncode == 0, proc.stderr
    text = out.read_text("utf-8")
    assert text.startswith("# Comparison of 2 corporate parenting strategies")
    assert "| Testshire \\| Borough Council 2022-2025 | 2022-04-01 to 2025-03-31 | 2 | 2 (100.0%) |" in text
    overview = text.split("## Overview")[1].split("##")[0]
    assert len([line for line in overview.splitlines() if line.startswith("| ")]) == 3  # header + 2 strategies


def test_piped_table_is_plain_text():
    proc = run("compare", STRATEGIES)
    assert proc.returncode == 0
    assert "\x1b[" not in proc.stdout and "━" not in proc.stdout and "│" not in proc.stdout
    lines = proc.stdout.splitlines()
    assert lines[0] == "Overview: actions and how specific they are"
    assert lines[1].split()[:3] == ["Strategy", "Period", "Actions"]
    assert any(line.startswith("City of Wolverhampton Council 2021-2024") and " 6 of 11 " in line for line in lines)


def test_word_document_is_accessible_and_holds_the_figures(tmp_path):
    out = tmp_path / "cmp.docx"
    proc = run("compare", STRATEGIES, "--format", "docx", "-o", out)
    assert proc.returncode == 0, proc.stderr
    document = docx.Document(out)
    assert document.core_properties.title == "Comparison of 4 corporate parenting strategies"
    assert document.core_properties.language == "en-GB"
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Actions per corporate parenting principle" in headings and headings[-1] == "Glossary of acronyms"
    for tbl in document.element.body.iterchildren(qn("w:tbl")):
        assert tbl.find(qn("w:tr")).trPr.find(qn("w:tblHeader")) is not None
    alts = [el.get("descr") for el in document.element.body.iter(qn("wp:docPr"))]
    assert len(alts) == 2
    report = compare_json(STRATEGIES)
    total = sum(e["actions"] for e in report["strategies"])
    leads = sum(e["with_lead"] for e in report["strategies"])
    assert f"With a lead {leads} of {total}" in alts[0]
    best = sum(e["actions_per_principle"]["best-interests"] for e in report["strategies"])
    assert f"Best interests, health and well-being {best}" in alts[1]
    # each chart is followed by its data table
    data_tables = [t for t in document.tables if t.rows[0].cells[0].text in ("Actions", "Principle")]
    assert [r.cells[1].text for r in data_tables[1].rows[1:2]] == [str(best)]
    glossary = {r.cells[0].text: r.cells[1].text for r in document.tables[-1].rows[1:]}
    assert glossary["EET"] == "Education, Employment and Training"
    body = "\n".join(c.text for t in document.tables[:-1] for r in t.rows for c in r.cells)
    assert all(acronym in body for acronym in glossary)


def test_word_document_is_the_same_bytes_each_time(tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run("compare", STRATEGIES, "-f", "docx", "-o", a).returncode == 0
    assert run("compare", STRATEGIES, "-f", "docx", "-o", b).returncode == 0
    assert a.read_bytes() == b.read_bytes()


def test_invalid_strategy_writes_nothing_and_keeps_the_old_file(small, tmp_path):
    strategy = small / "strategy.yaml"
    strategy.write_text(strategy.read_text().replace("due: 2024-03-31", "due: next spring"))
    out = tmp_path / "cmp.json"
    out.write_text("previous")
    proc = run("compare", small, STRATEGIES / "walsall-2021", "-f", "json", "-o", out)
    assert proc.returncode == 1
    line = next(n for n, t in enumerate(strategy.read_text().splitlines(), 1) if "next spring" in t)
    assert f"strategy.yaml:{line}:" in proc.stderr and "CP100" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert out.read_text() == "previous"


@pytest.mark.parametrize("args,message", [
    (["--format", "docx"], "--format docx needs --output FILE"),
    (["--format", "pdf"], "pdf"),
])
def test_usage_errors(args, message):
    proc = run("compare", STRATEGIES, *args)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_missing_strategy_exits_2():
    proc = run("compare", STRATEGIES / "no-such-council")
    assert proc.returncode == 2 and "CP001" in proc.stderr


def test_shares_side_by_side_are_written_to_the_same_precision():
    """Compare printed '27%' beside '35.1%': every share is now given to one decimal place."""
    from cpstrat.analysis.compare import Profile
    from cpstrat.outputs.views.compare import _pct
    from cpstrat.outputs.views.context import percent

    assert [percent(s) for s in (27.0, 35.1, 0.0, 100.0, 2 / 3 * 100)] == ["27.0%", "35.1%", "0.0%", "100.0%", "66.7%"]
    fields = {f: 0 for f in Profile.__dataclass_fields__ if f not in ("glossary",)}
    profile = Profile(**{**fields, "name": "x", "actions": 37, "per_principle": {}, "per_priority": {},
                         "status": {}, "as_at": "", "framework": "england-2017"})
    assert _pct(profile, 10) == "10 (27.0%)" and _pct(profile, 13) == "13 (35.1%)"
