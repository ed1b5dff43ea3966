"""Plain-language warnings of `cpstrat check`: readability, acronyms, SMART actions."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from conftest import SMALL, STRATEGIES, run

from cpstrat.checks import glossary
from cpstrat.checks.readability import reading_ease, syllables
from cpstrat.checks.run import check

HERE = Path(__file__).parent

# Syllables counted by hand (a dictionary's count), for words strategies use.
HAND_COUNTED = {
    "share": 1, "good": 1, "practice": 2, "emotional": 4, "wellbeing": 3, "across": 2, "partnership": 3,
    "opportunities": 5, "commitment": 3, "stakeholders": 3, "showcase": 2, "secure": 2, "consistent": 3,
    "support": 2, "affordable": 4, "transport": 2, "education": 4, "employment": 3, "training": 2,
    "independent": 4, "accessible": 4, "financially": 4, "viable": 3, "young": 1, "people": 2, "celebrate": 3,
    "achievements": 3, "aspirations": 4, "apprenticeship": 4, "university": 5, "services": 3, "provisions": 3,
    "social": 2, "workers": 2, "listening": 3, "views": 1, "feelings": 2, "different": 3, "tools": 1,
    "engagement": 3, "endorse": 2, "constant": 2, "feedback": 2, "demonstrate": 3, "clearly": 2,
    "communicate": 4, "effectively": 4, "ambitious": 3, "expectations": 4, "practical": 3, "flexible": 3,
    "inclusive": 3, "language": 2, "varied": 2, "providers": 3, "offer": 2, "free": 1, "bus": 1, "travel": 2,
    "leavers": 2, "ensure": 2, "appropriate": 4, "family": 3, "planning": 2, "contraception": 4, "early": 2,
    "enough": 2, "health": 1, "transition": 3, "adult": 2, "required": 2, "receiving": 3, "placement": 2,
    "residential": 4, "foster": 2, "care": 1, "programme": 2, "activities": 4, "national": 3, "week": 1,
    "leisure": 2, "discount": 2, "colleague": 2, "experts": 2, "developing": 4, "scheme": 1, "protects": 2,
    "savings": 2, "role": 1, "understood": 3, "corporately": 4, "officers": 3, "design": 2, "distribute": 3,
    "entitlement": 4, "expectation": 4, "document": 3, "custody": 3, "increase": 2, "police": 2, "presence": 2,
    "events": 2, "celebration": 4, "area": 3, "idea": 3, "create": 2, "period": 3, "various": 3, "naturally": 4,
}


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "strategy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def codes(result, code: str):
    return [d for d in result.diagnostics if d.code == code]


def with_actions(actions: list[dict], **top) -> str:
    data = {"cpstrat": 1, "council": "Testshire County Council", "title": "Corporate Parenting Strategy",
            "period": {"start": dt.date(2022, 4, 1), "end": dt.date(2025, 3, 31)}, **top, "actions": actions}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def smart(i: int, title: str) -> dict:
    return {"id": f"A{i:02d}", "title": title, "principles": ["best-interests"], "lead": "Head of Service",
            "due": dt.date(2024, 3, 31), "measures": [{"id": f"A{i:02d}-m1", "text": "Young people who say it helped"}]}


# -- syllables and reading ease ----------------------------------------------

def test_syllable_counter_agrees_with_hand_counts():
    wrong = {w: (n, syllables(w)) for w, n in HAND_COUNTED.items() if syllables(w) != n}
    assert len(wrong) <= 0.1 * len(HAND_COUNTED), wrong
    assert all(abs(n - got) == 1 for n, got in wrong.values()), wrong
    total, counted = sum(HAND_COUNTED.values()), sum(syllables(w) for w in HAND_COUNTED)
    assert abs(total - counted) <= 0.03 * total


def test_reading_ease_matches_flesch_formula_on_a_known_sentence():
    # 1 sentence, 11 words, 17 syllables (of-fer free bus trav-el to care leav-ers in ed-u-ca-tion or work)
    text = "Offer free bus travel to care leavers in education or work."
    assert syllables("education") == 4 and syllables("leavers") == 2
    assert reading_ease(text) == pytest.approx(206.835 - 1.015 * 11 - 84.6 * 17 / 11, abs=0.1)
    assert reading_ease("") is None


def test_hard_to_read_warnings_agree_with_hand_marked_action_texts(tmp_path):
    marked = yaml.safe_load((HERE / "data" / "hand_marked_actions.yaml").read_text("utf-8"))
    texts = [(t, True) for t in marked["hard"]] + [(t, False) for t in marked["plain"]]
    actions = [smart(i, t) for i, (t, _) in enumerate(texts, 1)]
    result = check(write(tmp_path, with_actions(actions)))
    flagged = {d.message.split("'")[1] for d in codes(result, "CP050")}
    truth = {f"A{i:02d}" for i, (_, hard) in enumerate(texts, 1) if hard}
    precision = len(flagged & truth) / len(flagged)
    recall = len(flagged & truth) / len(truth)
    assert precision >= 0.9 and recall >= 0.9, (sorted(flagged), sorted(truth))


def test_hard_action_warning_names_file_line_and_score(tmp_path):
    hard = "Implement a comprehensive quality assurance framework evaluating organisational effectiveness across services"
    path = write(tmp_path, with_actions([smart(1, "Give every care leaver a named worker they can phone"),
                                         smart(2, hard)]))
    proc = run("check", path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if hard in text)
    assert f"strategy.yaml:{line}:" in proc.stdout
    assert "warning CP050 the title of action 'A02' is hard to read (Flesch reading ease" in proc.stdout
    assert "A01" not in proc.stdout
    assert run("check", "--strict", path).returncode == 1


def test_reading_ease_min_sets_the_threshold(tmp_path):
    plain_text = "Give every care leaver a named worker they can phone at any time"
    hard = "Facilitate intergenerational opportunities to maximise community participation and social inclusion"
    actions = [smart(1, plain_text), smart(2, hard)]
    assert [d.message.split("'")[1] for d in codes(check(write(tmp_path, with_actions(actions))), "CP050")] == ["A02"]
    strict = check(write(tmp_path, with_actions(actions, reading_ease_min=95)))
    assert {d.message.split("'")[1] for d in codes(strict, "CP050")} == {"A01", "A02"}
    off = check(write(tmp_path, with_actions(actions, reading_ease_min=0)))
    assert codes(off, "CP050") == [] and not off.errors


def test_reading_ease_min_must_be_a_number(tmp_path):
    result = check(write(tmp_path, with_actions([smart(1, "Offer free bus travel")], reading_ease_min="high")))
    assert [d.code for d in result.errors] == ["CP020"]
    assert "reading_ease_min" in result.errors[0].message


# -- acronyms ------------------------------------------------------------------

def test_unexpanded_acronym_is_reported_once_at_first_use_with_its_meaning(tmp_path):
    actions = [smart(1, "Give every child a PEP they help to write"), smart(2, "Review each PEP with the child")]
    path = write(tmp_path, with_actions(actions))
    found = codes(check(path), "CP051")
    assert len(found) == 1
    d = found[0]
    assert "acronym 'PEP' in 'title' of action 'A01' is never spelled out" in d.message
    assert "Personal Education Plan" in d.message and "Personal Education Plan (PEP)" in d.hint
    assert path.read_text().splitlines()[d.line - 1].strip().startswith("title: Give every child a PEP")


def test_acronym_spelled_out_in_the_text_or_glossary_is_not_reported(tmp_path):
    inline = [smart(1, "Give every child a Personal Education Plan (PEP)"), smart(2, "Review each PEP often")]
    assert codes(check(write(tmp_path, with_actions(inline))), "CP051") == []
    expansion_elsewhere = [smart(1, "Review each PEP often")]
    top = {"vision": "Every child has a personal education plan they helped to write."}
    assert codes(check(write(tmp_path, with_actions(expansion_elsewhere, **top))), "CP051") == []
    local = check(write(tmp_path, with_actions([smart(1, "Meet the ZYX panel each term")],
                                               glossary={"ZYX": "Zone Youth Exchange"})))
    assert codes(local, "CP051") == []


def test_unknown_and_common_acronyms(tmp_path):
    result = check(write(tmp_path, with_actions([smart(1, "Work with the NHS and QRTS on care leaver health")])))
    found = codes(result, "CP051")
    assert [d.message.split("'")[1] for d in found] == ["QRTS"]
    assert "usually stands for" not in found[0].message


def test_plural_and_mixed_case_acronyms():
    assert [a for a, _ in glossary.find("PCSOs, the CiCC, DfE and A&E staff; Part II")] == ["PCSO", "CiCC", "DfE", "A&E"]
    assert glossary.expansion("PCSOs") == "Police Community Support Officers"


def test_spell_out_writes_each_acronym_in_full_once_then_short():
    done: set = set()
    first = glossary.spell_out("Your PEP and your IRO.", {}, done)
    again = glossary.spell_out("Talk to your IRO about your PEP.", {}, done)
    assert first == "Your Personal Education Plan (PEP) and your Independent Reviewing Officer (IRO)."
    assert again == "Talk to your Independent Reviewing Officer about your Personal Education Plan."
    assert glossary.spell_out("The NHS and the QRTS.", {}) == "The NHS and the QRTS."


def test_glossary_used_lists_only_acronyms_present_with_local_overrides():
    used = glossary.used(["Your PEP", "your YPA and the NHS"], {"YPA": "Young Person's Advisor"})
    assert used == [("PEP", "Personal Education Plan"), ("YPA", "Young Person's Advisor")]


# -- SMART actions ---------------------------------------------------------------

def test_one_smart_warning_per_action_listing_what_is_missing(tmp_path):
    vague = {"id": "A02", "title": "Help care leavers find work", "principles": ["adulthood"]}
    no_measure = {**smart(3, "Help care leavers find a home"), "measures": []}
    dropped = {"id": "A04", "title": "Stop the old scheme", "principles": ["adulthood"], "status": "dropped"}
    result = check(write(tmp_path, with_actions([smart(1, "Offer free bus travel"), vague, no_measure, dropped])))
    messages = [d.message for d in codes(result, "CP052")]
    assert messages == ["action 'A02' is not SMART: it has no lead, due date or measure",
                        "action 'A03' is not SMART: it has no measure"]
    assert "`lead:`, `due:`, `measures:`" in codes(result, "CP052")[0].hint


def test_small_fixture_warns_only_that_a02_has_no_measure(small):
    result = check(small)
    ours = [d for d in result.diagnostics if "CP050" <= d.code <= "CP069"]
    assert [(d.code, d.message) for d in ours] == [("CP052", "action 'A02' is not SMART: it has no measure")]


@pytest.mark.parametrize("name", sorted(p.name for p in STRATEGIES.iterdir() if p.is_dir()))
def test_bundled_strategies_still_pass(name):
    proc = run("check", "--format", "json", STRATEGIES / name)
    assert proc.returncode == 0, proc.stdout
    report = json.loads(proc.stdout)
    assert report["ok"] is True
    assert all(d["severity"] == "warning" for d in report["diagnostics"])


def test_rule_codes_are_catalogued_in_range():
    from cpstrat.format.diagnostics import rules

    ours = {c for c in rules() if "CP050" <= c <= "CP069"}
    assert {"CP050", "CP051", "CP052", "CP060", "CP061", "CP062", "CP063", "CP064"} <= ours
    assert all(rules()[c]["severity"] == "warning" for c in ours)


def test_small_fixture_text_is_unchanged():
    # The fixture's A02 has a lead and a due date but no measure: the SMART test above relies on it.
    assert "Offer free bus travel to care leavers in education or work" in SMALL
