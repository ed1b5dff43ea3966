"""Frameworks as versioned law, the 2026 Act's relevant-authorities framework, and `cpstrat review`."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

from conftest import SMALL, STRATEGIES
from typer.testing import CliRunner

from cpstrat.checks import statute
from cpstrat.checks.run import check
from cpstrat.cli import app
from cpstrat.format import frameworks

DATA = Path(__file__).parent / "data" / "local-offer"


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1"})


def test_principles_list_shows_the_2026_framework_with_citation_and_commencement():
    r = invoke("principles", "--list")
    assert r.exit_code == 0
    [line] = [ln for ln in r.output.splitlines() if ln.startswith("england-2026-relevant-authorities\t")]
    assert "Children's Wellbeing and Schools Act 2026" in line
    assert "enacted 2026-04-29, not yet in force (commencement date not confirmed)" in line
    assert "for relevant authorities" in line and "4 principles" in line
    [old] = [ln for ln in r.output.splitlines() if ln.startswith("england-2017\t")]
    assert "Children and Social Work Act 2017, section 1(1); in force from 2018-04-01" in old
    assert "amended by Children's Wellbeing and Schools Act 2026" in old


def test_principles_json_records_the_law_as_it_changes():
    data = json.loads(invoke("principles", "--framework", "england-2026-relevant-authorities", "--json").output)
    assert data["status"] == "prospective" and data["commencement"] is None and data["enacted"] == "2026-04-29"
    assert [p["citation"] for p in data["principles"]] == ["(1)(a)", "(1)(b)", "(1)(c)", "(1)(d)"]
    assert "enacted wording not confirmed" in data["wording_source"]
    [duty] = data["duties"]
    assert duty["id"] == "collaboration" and "collaborate with each other" in duty["wording"]
    old = json.loads(invoke("principles", "--json").output)
    assert old["amended_by"][0]["enacted"] == "2026-04-29" and old["amended_by"][0]["status"] == "prospective"


def test_a_partner_body_can_choose_the_2026_framework(tmp_path):
    text = (SMALL.replace("council: Testshire County Council", "council: Testshire Integrated Care Board")
            .replace("period: {start: 2022-04-01, end: 2025-03-31}",
                     "period: {start: 2026-06-01, end: 2029-03-31}\nframework: england-2026-relevant-authorities")
            .replace("principles: [best-interests, express-views, take-account]",
                     "principles: [alert-to-wellbeing, assess-services]")
            .replace("principles: [access-services, high-aspirations, safe-and-stable, adulthood]",
                     "principles: [provide-opportunities, help-access]")
            .replace("principles: [best-interests]", "principles: [alert-to-wellbeing]")
            .replace("due: 2023-03-31", "due: 2027-03-31").replace("due: 2024-03-31", "due: 2028-03-31"))
    folder = tmp_path / "icb"
    folder.mkdir()
    (folder / "strategy.yaml").write_text(text, encoding="utf-8")
    result = check(folder)
    assert result.errors == [], result.errors
    assert not any(d.code == "CP041" for d in result.diagnostics)  # every 2026 principle has an action


def test_collaboration_is_declared_checked_and_published(tmp_path):
    import docx

    from cpstrat.outputs.publish import build

    text = SMALL + ("collaboration:\n"
                    "  - authority: Testshire Integrated Care Board\n"
                    "    how: We share health assessments and plan support together.\n"
                    "    contact: Designated Nurse for Children in Care\n"
                    "  - authorty: Jobcentre Plus\n")
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "strategy.yaml").write_text(text, encoding="utf-8")
    result = check(folder)
    [unknown] = [d for d in result.errors if d.code == "CP022"]
    assert "authorty" in unknown.message and "did you mean 'authority'" in unknown.message
    (folder / "strategy.yaml").write_text(text.replace("authorty", "authority"), encoding="utf-8")
    outcome = build(folder, tmp_path / "out", formats=("docx", "md", "html"))
    assert outcome.errors == []
    doc = docx.Document(str(tmp_path / "out" / "s-action-plan.docx"))
    [table] = [t for t in doc.tables if t.rows[0].cells[0].text == "Relevant authority"]
    assert [r.cells[0].text for r in table.rows[1:]] == ["Testshire Integrated Care Board", "Jobcentre Plus"]
    assert table.rows[2].cells[1].text == "Not stated"
    html = (tmp_path / "out" / "s-action-plan.html").read_text(encoding="utf-8")
    assert ">Collaboration with relevant authorities</h3>" in html and "Designated Nurse" in html


def test_review_of_a_strategy_written_before_2026_lists_what_the_act_asks():
    r = invoke("review", STRATEGIES / "walsall-2021", "--as-at", "2026-12-01")
    assert r.exit_code == 0, r.output
    out = r.output
    assert "written 2021-04-01" in out and "as at 2026-12-01" in out
    assert "New duty: collaboration in corporate parenting" in out
    assert "record the relevant authorities the council collaborates with under `collaboration:`" in out
    assert "New local offer area: services relating to financial literacy" in out
    assert ("citation: Children and Social Work Act 2017 s.2(2)(g), inserted by Children's Wellbeing and "
            "Schools Act 2026 (c. 21), s.8(3)") in out
    for cite in ("s.2(1)(c)", "s.2(2A)(a)", "s.2(2A)(b)", "s.2(2A)(c)(i)", "s.2(2A)(c)(ii)", "s.2(2A)(d)",
                 "s.2(2A)(e)", "s.2(2B)"):
        assert f"Children and Social Work Act 2017 {cite}, inserted by" in out
    assert out.count("when: enacted 2026-04-29, not yet in force (commencement date not confirmed)") == 11
    # the 2017 areas came before this strategy: not a change since it was written
    assert "services relating to employment" not in out


def test_review_before_the_act_was_passed_lists_nothing_from_it():
    r = invoke("review", STRATEGIES / "walsall-2021", "--as-at", "2026-04-28", "--json")
    data = json.loads(r.output)
    assert data["changes"] == [] and data["written"] == "2021-04-01"


def test_review_of_a_strategy_written_before_2017_lists_the_local_offer_areas():
    data = json.loads(invoke("review", STRATEGIES / "wolverhampton-2015", "--as-at", "2026-12-01", "--json").output)
    areas = [c for c in data["changes"] if c["kind"] == "local-offer-area"]
    assert [c["citation"].split(" ")[-1] for c in areas][:6] == [
        "s.2(2)(a)", "s.2(2)(b)", "s.2(2)(c)", "s.2(2)(d)", "s.2(2)(e)", "s.2(2)(f)"]
    assert all(c["enacted"] == "2017-04-27" and c["in_force"] for c in areas[:6])


def test_review_with_a_local_offer_says_which_new_items_it_already_covers(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "strategy.yaml").write_text(SMALL, encoding="utf-8")
    shutil.copy(DATA / "complete" / "local-offer.yaml", folder)
    findings = statute.review(check(folder).strategy, dt.date(2026, 12, 1))
    [fl] = [f for f in findings if f.kind == "local-offer-area"]
    assert fl.todo == "an offer covers it"
    assert {f.todo for f in findings if f.kind == "local-offer-arrangement"} == {"described"}


def _reworded(fw: frameworks.Framework, commencement: dt.date) -> frameworks.Framework:
    change = frameworks.Amendment(by="A Later Act 2027, s.1", status="in-force", commencement=commencement,
                                  enacted=dt.date(2027, 1, 10), previous="the old words")
    principles = tuple(dataclasses.replace(p, wording="the new words", amendments=(change,))
                       if p.id == "best-interests" else p for p in fw.principles)
    return dataclasses.replace(fw, principles=principles)


def test_a_reworded_principle_lists_the_actions_mapped_to_it_and_check_warns_once_in_force(tmp_path, monkeypatch):
    real = frameworks.available()
    patched = {**real, "england-2017": _reworded(real["england-2017"], dt.date(2027, 4, 1))}
    monkeypatch.setattr(frameworks, "available", lambda: patched)
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "strategy.yaml").write_text(SMALL.replace("end: 2025-03-31", "end: 2029-03-31"), encoding="utf-8")
    strategy = check(folder).strategy
    [f] = [f for f in statute.review(strategy, dt.date(2027, 6, 1)) if f.kind == "principle"]
    assert f.actions == ["A01"] and f.in_force and "in force from 2027-04-01" in f.when
    assert "\u201cthe new words\u201d" in f.what and "\u201cthe old words\u201d" in f.what
    assert f.citation == "s.1(1)(a), amended by A Later Act 2027, s.1"
    before = statute.changed_in_force(strategy, dt.date(2027, 3, 1))
    assert not [d for d in before if "'best-interests'" in d.message]
    [warn] = [d for d in statute.changed_in_force(strategy, dt.date(2027, 6, 1))
              if "'best-interests'" in d.message]
    assert warn.code == "CP126" and warn.severity == "warning" and warn.line == 4
    assert "written (2022-04-01)" in warn.message and "cpstrat review" in warn.hint
    # a strategy whose period has ended is a record: no warning
    ended = dataclasses.replace(strategy, period=dataclasses.replace(strategy.period, end=dt.date(2027, 5, 1)))
    assert statute.changed_in_force(ended, dt.date(2027, 6, 1)) == []


def test_review_refuses_a_bad_date_and_a_missing_strategy(tmp_path):
    r = invoke("review", STRATEGIES / "walsall-2021", "--as-at", "1 May 2026")
    assert r.exit_code == 2 and "YYYY-MM-DD" in r.output
    r = invoke("review", tmp_path / "nothing")
    assert r.exit_code == 2 and "CP001" in r.output
