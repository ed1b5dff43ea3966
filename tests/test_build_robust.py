"""Strategies unlike the bundled ones: any text, other frameworks, local principles, sparse progress."""

from __future__ import annotations

import datetime as dt
import re

import docx
import schema_gen
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpstrat.outputs.publish import build
from cpstrat.outputs.word.lint import lint

# Characters XML 1.0 cannot carry are dropped from Word output; everything else must survive, in short
# texts and in long ones (past the 255 characters Word allows in a document property).
XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# drawn without them (and without line breaks) rather than filtered, so long texts come up as often as short
CHARACTERS = st.characters(blacklist_categories=("Cs",), blacklist_characters="".join(
    chr(c) for c in range(0x20) if chr(c) != "\t") + "\ufffe\uffff\x85\u2028\u2029")
text = st.one_of(st.text(CHARACTERS, min_size=1, max_size=60), st.text(CHARACTERS, min_size=256, max_size=400)
                 ).filter(lambda s: s.strip() and s == s.strip() and not XML_BAD.search(s))


def strategy(council: str, action_title: str, lead: str, ask: str, framework: str = "england-2017",
             principle_ids=("best-interests",)) -> dict:
    data = {
        "cpstrat": 1, "council": council, "title": "Corporate Parenting Strategy",
        "period": {"start": dt.date(2022, 4, 1), "end": dt.date(2025, 3, 31)}, "framework": framework,
        "local_principles": [{"id": "local-pride", "title": "Pride in who we are",
                              "wording": "Celebrate each child's identity."}],
        "voices": [{"id": "cicc", "name": "Children in Care Council", "asks": [{"id": "a1", "text": ask}]}],
        "actions": [{"id": "A1", "title": action_title, "principles": [*principle_ids, "local-pride"],
                     "responds_to": ["a1"], "lead": lead, "due": dt.date(2022, 12, 31),
                     "measures": [{"id": "m1", "text": "A measure", "target": 10, "baseline": 20,
                                   "unit": "days"}]}],
    }
    if not lead:
        del data["actions"][0]["lead"]
    return data


def write(folder, data: dict, progress: dict | None = None):
    (folder / "progress").mkdir(parents=True, exist_ok=True)
    (folder / "strategy.yaml").write_text(schema_gen.dump(data), "utf-8")  # every text quoted
    if progress:
        (folder / "progress" / f"{progress['as_at']}.yaml").write_text(schema_gen.dump(progress), "utf-8")
    return folder


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(council=text, title=text, lead=text, ask=text)
def test_any_text_builds_reads_back_and_passes_lint(tmp_path_factory, council, title, lead, ask):
    folder = write(tmp_path_factory.mktemp("s") / "s", strategy(council, title, lead, ask),
                   {"cpstrat": 1, "as_at": dt.date(2023, 3, 31),
                    "updates": [{"action": "A1", "status": "at-risk", "achievements": [ask],
                                 "measures": {"m1": 12}}]})
    out = folder.parent / "out"
    outcome = build(folder, out, formats=("docx", "md", "html"))
    assert not outcome.errors, outcome.errors  # any text, quoted, is a valid value
    plan = docx.Document(out / "s-action-plan.docx")
    body = "\n".join(c.text for t in plan.tables for r in t.rows for c in r.cells)
    assert title in body and lead in body and ask in body
    assert council in "\n".join(p.text for p in plan.paragraphs)
    report = docx.Document(out / "s-progress-report-2023-03-31.docx")
    cells = [[c.text for c in r.cells] for t in report.tables for r in t.rows]
    assert ["m1", "A measure", "20 days", "10 days", "12 days", "Not met"] in cells  # lower is better here
    for name in ("s-action-plan.docx", "s-progress-report-2023-03-31.docx"):
        assert lint(out / name) == []


def test_scotland_framework_with_a_local_principle(tmp_path):
    data = strategy("Highland Council", "Listen to young people", "Chief Social Work Officer", "Be heard",
                    framework="scotland-2014", principle_ids=("alert-to-wellbeing",))
    folder = write(tmp_path / "highland", data)
    out = tmp_path / "out"
    outcome = build(folder, out)
    assert not outcome.errors, outcome.errors
    d = docx.Document(out / "highland-action-plan.docx")
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    principles = headings[headings.index("The corporate parenting principles") + 1: headings.index("You said, we will")]
    assert len(principles) == 7 and principles[-1] == "Pride in who we are"  # six duties, then the local one
    texts = [p.text for p in d.paragraphs]
    assert "A local principle of this strategy: Celebrate each child's identity." in texts
    assert any(t.startswith("s.58(1)(a)") for t in texts), texts[:20]
    assert lint(out / "highland-action-plan.docx") == []


def test_progress_with_no_updates_and_no_optional_text(tmp_path):
    folder = write(tmp_path / "bare", strategy("Bare Council", "Do a thing", "", "Ask"),
                   {"cpstrat": 1, "as_at": dt.date(2023, 1, 31), "updates": []})
    out = tmp_path / "out"
    outcome = build(folder, out)
    assert not outcome.errors
    assert {d.code for d in outcome.diagnostics} >= {"CP045"}  # missing implications warned, not fatal
    d = docx.Document(out / "bare-progress-report-2023-01-31.docx")
    texts = [p.text for p in d.paragraphs]
    assert "The board is asked to note the progress reported." in texts
    assert ("The report states no financial, legal, equalities, environmental, human resources, risk or "
            "safeguarding implications.") in texts
    caption = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    overdue = next([[c.text for c in r.cells] for r in t.rows]
                   for t, tbl in zip(d.tables, d.element.body.iterchildren(caption + "tbl"), strict=True)
                   if tbl.tblPr.find(caption + "tblCaption").get(caption + "val") == "Overdue actions")
    assert ["A1", "Do a thing", "Not stated", "31 December 2022", "No update"] in overdue
    assert lint(out / "bare-progress-report-2023-01-31.docx") == []
