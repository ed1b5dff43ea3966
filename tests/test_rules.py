"""One case per validation rule: a small clean strategy with one mistake, and the
exact code and line that must be reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PROGRESS, SMALL

from cpstrat.checks.run import check


def variant(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"fixture line not unique: {old!r}"
    return text.replace(old, new)


def diagnose(tmp_path, strategy: str = SMALL, progress: str | None = None):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "strategy.yaml").write_text(strategy, encoding="utf-8")
    if progress is not None:
        (folder / "progress").mkdir()
        (folder / "progress" / "2023-03-31.yaml").write_text(progress, encoding="utf-8")
    return check(folder)


# SMALL with a measure for A02 too, appended so every line number above stays: it draws no warning at all.
CLEAN = SMALL + "    measures:\n      - {id: A02-m1, text: Care leavers using the free bus pass, target: 300}\n"


def test_small_fixture_is_clean(tmp_path):
    result = diagnose(tmp_path, progress=PROGRESS)
    assert [d.code for d in result.diagnostics] == ["CP052"]  # A02 has no measure: a warning
    assert result.exit_code == 0
    assert result.ok() is True and result.ok(strict=True) is False


def test_clean_fixture_passes_strict(tmp_path):
    result = diagnose(tmp_path, CLEAN, progress=PROGRESS)
    assert result.diagnostics == []
    assert result.ok(strict=True) is True


def test_a_meeting_in_words_only_warns_of_the_missing_date_report_of_and_contact(tmp_path):
    text = variant(PROGRESS, 'meeting: {name: Corporate Parenting Board, date: 2023-04-12, agenda_item: "5"}\n',
                   "meeting: Corporate Parenting Board\n")
    text = variant(text, "report_of: Director of Children's Services\n", "")
    text = variant(text, "contact: {name: Jo Bloggs, role: Corporate Parenting Officer, "
                         "email: jo.bloggs@example.gov.uk}\n", "")
    (d,) = [d for d in diagnose(tmp_path, progress=text).diagnostics if d.code == "CP109"]
    assert d.message == ("the progress report does not give the date of the meeting, whose report it is or a "
                         "contact officer, which a committee report's cover shows")
    assert "`report_of:`" in d.hint and d.severity == "warning"


def test_a_meeting_given_as_a_mapping_is_checked_key_by_key(tmp_path):
    text = variant(PROGRESS, "date: 2023-04-12, agenda_item:", "date: 2023-13-12, colour: blue, agenda_item:")
    found = [(d.code, d.message) for d in diagnose(tmp_path, progress=text).errors]
    assert found == [("CP023", "'date' of 'meeting' of the progress file is not a valid date: the text '2023-13-12'"),
                     ("CP022", "unknown key 'colour' in 'meeting' of the progress file")]

# (id, old text, new text, code, line, severity, words in the message)
STRATEGY_CASES = [
    ("no-principle-empty", "principles: [access-services, high-aspirations, safe-and-stable, adulthood]",
     "principles: []", "CP031", 33, "error", "action 'A02' maps to no corporate parenting principle"),
    ("no-principle-missing", "    principles: [access-services, high-aspirations, safe-and-stable, adulthood]\n",
     "", "CP031", 31, "error", "action 'A02' maps to no"),
    ("unknown-principle", "safe-and-stable, adulthood]", "safe-and-stable, adulthod]",
     "CP032", 33, "error", "unknown principle 'adulthod' (did you mean 'adulthood'?)"),
    ("unknown-priority", "priorities: [health]", "priorities: [helth]",
     "CP033", 20, "error", "unknown priority 'helth' (did you mean 'health'?)"),
    ("unknown-ask", "responds_to: [cicc-listen]", "responds_to: [cicc-listn]",
     "CP034", 21, "error", "unknown young people's ask 'cicc-listn' (did you mean 'cicc-listen'?)"),
    ("unknown-depends-on", "    lead: Head of Transport\n", "    lead: Head of Transport\n    depends_on: [A03]\n",
     "CP035", 35, "error", "unknown action 'A03'"),
    ("unknown-priority-measure", "    principles: [best-interests]\n",
     "    principles: [best-interests]\n    measures: [A01-m2]\n",
     "CP036", 16, "error", "unknown measure 'A01-m2' (did you mean 'A01-m1'?)"),
    ("duplicate-id", "  - id: A02", "  - id: A01", "CP030", 31, "error", "duplicate id 'A01' (first used at line 17)"),
    ("duplicate-id-across-kinds", "  - id: A02", "  - id: health", "CP030", 31, "error", "duplicate id 'health'"),
    ("invalid-status", "status: on-track", "status: on track", "CP024", 30, "error",
     "invalid status 'on track' (did you mean 'on-track'?)"),
    ("yaml11-status-no", "status: on-track", "status: no", "CP024", 30, "error", "invalid status 'no'"),
    ("invalid-date", "period: {start: 2022-04-01", "period: {start: 2022-02-30", "CP023", 4, "error",
     "'start' of 'period' of the strategy is not a valid date: the text '2022-02-30'"),
    ("invalid-due", "due: 2023-03-31", "due: 2023-02-30", "CP100", 24, "error", "is not a due date"),
    ("month-13", "due: 2023-03-31", "due: 2025-13", "CP100", 24, "error",
     "'due' of action 'A01' is not a due date: the text '2025-13'"),
    ("not-a-financial-year", "due: 2023-03-31", "due: 2025/27", "CP100", 24, "error", "the text '2025/27'"),
    ("year-as-date", "due: 2023-03-31", "due: 2023", "CP100", 24, "error", "2023 (a year alone)"),
    ("text-date", "due: 2023-03-31", "due: March 2023", "CP100", 24, "error", "the text 'March 2023'"),
    ("unknown-key", "    lead: Head of Transport", "    leed: Head of Transport", "CP022", 34, "error",
     "unknown key 'leed' in action 'A02' (did you mean 'lead'?)"),
    ("principals", "    principles: [best-interests]\n", "    principals: [best-interests]\n", "CP022", 15, "error",
     "unknown key 'principals' in priority 'health' (did you mean 'principles'?)"),
    ("number-as-id", "  - id: A02", "  - id: 2", "CP020", 31, "error", "must be an id (text), not the number 2"),
    ("number-as-text", "title: Corporate Parenting Strategy", "title: 2022", "CP020", 3, "error",
     "'title' of the strategy must be text, not the number 2022"),
    ("text-as-number", "target: 98", 'target: "98%"', "CP020", 28, "error", "must be a number, not the text '98%'"),
    ("scalar-as-list", "partners: [Health, Police]", "partners: Health", "CP020", 23, "error",
     "must be a list, not the text 'Health'"),
    ("missing-required", "council: Testshire County Council\n", "", "CP021", 1, "error",
     "the strategy is missing required key 'council'"),
    ("empty-text", "    title: Offer free bus travel to care leavers in education or work\n", "    title: ''\n",
     "CP029", 32, "error", "'title' of action 'A02' is empty"),
    ("invalid-id", "  - id: A02", "  - id: A 02", "CP025", 31, "error", "id 'A 02' is not a valid id"),
    ("version", "cpstrat: 1", "cpstrat: 2", "CP026", 1, "error", "format version cpstrat: 2 is not supported"),
    ("period-reversed", "period: {start: 2022-04-01, end: 2025-03-31}", "period: {start: 2025-04-01, end: 2022-03-31}",
     "CP027", 4, "error", "the period ends (2022-03-31) before it starts (2025-04-01)"),
    ("unknown-framework", "vision:", "framework: england-2018\nvision:", "CP028", 5, "error",
     "unknown framework 'england-2018' (did you mean 'england-2017'?)"),
    ("local-principle-clash", "vision:", "local_principles:\n  - {id: adulthood, title: Growing up}\nvision:",
     "CP037", 6, "error", "local principle id 'adulthood' clashes with the england-2017 principle"),
    ("duplicate-key", "    lead: Head of Transport\n", "    lead: Head of Transport\n    lead: Director\n",
     "CP011", 35, "error", "key 'lead' appears twice in the same mapping (first at line 34)"),
    ("due-outside-period", "due: 2024-03-31", "due: 2026-03-31", "CP040", 35, "warning",
     "action 'A02' is due 2026-03-31, outside the strategy period 2022-04-01 to 2025-03-31"),
    ("due-before-period", "due: 2024-03-31", "due: 2022-03-31", "CP040", 35, "warning",
     "action 'A02' is due 2022-03-31, outside the strategy period 2022-04-01 to 2025-03-31"),
    ("principle-no-action", "safe-and-stable, adulthood]", "safe-and-stable]", "CP041", 16, "warning",
     "principle 'adulthood'"),
    ("ask-unanswered", "    responds_to: [cicc-listen]\n", "", "CP042", 10, "warning",
     "young people's ask 'cicc-listen' is answered by no action"),
    ("priority-no-action", "    priorities: [health]\n", "", "CP043", 13, "warning",
     "priority 'health' (Health and wellbeing) has no action"),
]


@pytest.mark.parametrize("case", STRATEGY_CASES, ids=[c[0] for c in STRATEGY_CASES])
def test_strategy_rule(tmp_path, case):
    _, old, new, code, line, severity, words = case
    result = diagnose(tmp_path, variant(CLEAN, old, new))
    found = [d for d in result.diagnostics if d.code == code]
    assert found, f"{code} not reported; got {[(d.code, d.line, d.message) for d in result.diagnostics]}"
    d = found[0]
    assert (d.line, d.severity) == (line, severity), d
    assert words in d.message
    assert d.hint
    assert d.file.endswith("strategy.yaml")
    assert result.exit_code == (1 if severity == "error" else 0)
    assert result.ok() is (severity == "warning")
    assert result.ok(strict=True) is False  # CLEAN passes strict: this case's diagnostic is what fails it


PROGRESS_CASES = [
    ("update-for-missing-action", "  - action: A01", "  - action: A11", "CP106", 12, "error",
     "this progress file updates action 'A11', which the strategy no longer holds"),
    ("unknown-measure", "measures: {A01-m1: 97}", "measures: {A01-m9: 97}", "CP036", 17, "error",
     "unknown measure 'A01-m9' (did you mean 'A01-m1'?)"),
    ("as-at-outside-period", "as_at: 2023-03-31", "as_at: 2027-03-31", "CP044", 2, "error",
     "progress as_at 2027-03-31 is outside the strategy period"),
    ("invalid-status", "status: complete", "status: completed", "CP024", 13, "error",
     "invalid status 'completed' (did you mean 'complete'?)"),
    ("measure-not-number", "measures: {A01-m1: 97}", "measures: {A01-m1: high}", "CP020", 17, "error",
     "must be a number, not the text 'high'"),
    ("duplicate-update", "    measures: {A01-m1: 97}\n", "    measures: {A01-m1: 97}\n  - action: A01\n",
     "CP038", 18, "error", "action 'A01' is updated twice in this progress file (first at line 12)"),
    ("implication-missing", "  environmental: None.\n", "", "CP045", 5, "warning",
     "gives no environmental implications"),
    ("missing-as-at", "as_at: 2023-03-31\n", "", "CP021", 1, "error", "missing required key 'as_at'"),
    ("board-paper-incomplete", "report_of: Director of Children's Services\n", "", "CP109", 2, "warning",
     "does not give whose report it is, which a committee report's cover shows"),
]


@pytest.mark.parametrize("case", PROGRESS_CASES, ids=[c[0] for c in PROGRESS_CASES])
def test_progress_rule(tmp_path, case):
    _, old, new, code, line, severity, words = case
    result = diagnose(tmp_path, progress=variant(PROGRESS, old, new))
    found = [d for d in result.diagnostics if d.code == code]
    assert found, f"{code} not reported; got {[(d.code, d.line, d.message) for d in result.diagnostics]}"
    d = found[0]
    assert (d.line, d.severity) == (line, severity), d
    assert words in d.message
    assert d.file.endswith("progress/2023-03-31.yaml")


def test_all_diagnostics_collected_in_one_run(tmp_path):
    text = variant(SMALL, "priorities: [health]", "priorities: [helth]")
    text = variant(text, "status: on-track", "status: done")
    text = variant(text, "safe-and-stable, adulthood]", "safe-and-stable, adulthod]")
    codes = sorted(d.code for d in diagnose(tmp_path, text).errors)
    assert codes == ["CP024", "CP032", "CP033"]


def test_every_rule_in_the_catalogue_is_tested():
    from cpstrat.format.diagnostics import rules

    tested = {c[3] for c in STRATEGY_CASES + PROGRESS_CASES}
    tested |= {"CP001", "CP002", "CP003", "CP004", "CP005", "CP006", "CP007", "CP010",  # test_load.py
               "CP012", "CP013", "CP014", "CP015", "CP016",
               "CP017"}  # test_hostile_budget.py
    foundation = {code for code in rules() if code < "CP046"}
    assert foundation - tested == set()


def test_quoted_iso_dates_are_dates(tmp_path):
    text = variant(SMALL, "due: 2023-03-31", 'due: "2023-03-31"')
    result = diagnose(tmp_path, text)
    assert [d.code for d in result.diagnostics] == ["CP052"]  # A02 has no measure: a warning
    assert result.strategy.actions[0].due.last.isoformat() == "2023-03-31"


def test_progress_files_with_yml_extension_are_read(tmp_path):
    folder = tmp_path / "s"
    (folder / "progress").mkdir(parents=True)
    (folder / "strategy.yaml").write_text(SMALL)
    (folder / "progress" / "q1.yml").write_text(PROGRESS.replace("action: A01", "action: A09"))
    assert [d.code for d in check(folder).errors] == ["CP106"]


# The period runs from its first day to its last day, both included.
@pytest.mark.parametrize("due, reported", [("2022-03-31", True), ("2022-04-01", False), ("2025-03-31", False),
                                           ("2025-04-01", True)])
def test_due_dates_on_the_first_and_last_day_are_inside_the_period(tmp_path, due, reported):
    result = diagnose(tmp_path, variant(CLEAN, "due: 2024-03-31", f"due: {due}"))
    assert [d.code for d in result.diagnostics] == (["CP040"] if reported else [])


@pytest.mark.parametrize("as_at, reported", [("2022-03-31", True), ("2022-04-01", False), ("2025-03-31", False),
                                             ("2025-04-01", True)])
def test_progress_on_the_first_and_last_day_is_inside_the_period(tmp_path, as_at, reported):
    result = diagnose(tmp_path, CLEAN, progress=variant(PROGRESS, "as_at: 2023-03-31", f"as_at: {as_at}"))
    assert ("CP044" in [d.code for d in result.diagnostics]) is reported


def test_period_contains_both_ends():
    import datetime as dt

    from cpstrat.format.model import Period

    period = Period(dt.date(2022, 4, 1), dt.date(2025, 3, 31))
    assert period.contains(dt.date(2022, 4, 1)) and period.contains(dt.date(2025, 3, 31))
    assert not period.contains(dt.date(2022, 3, 31)) and not period.contains(dt.date(2025, 4, 1))
    assert Period(None, dt.date(2025, 3, 31)).contains(dt.date(1900, 1, 1))
    assert Period(dt.date(2022, 4, 1), None).contains(dt.date(2999, 1, 1))


# Codes in rules.yaml that no test can raise yet, each with the reason. The coverage test below fails
# when one of these starts being raised, so the list cannot go stale.
NOT_RAISABLE: dict[str, str] = {}


def test_every_rule_code_is_raised_and_named_by_a_test(request):
    """Every code in rules.yaml is produced by some test in this run and named in some test's text.

    Codes are recorded as diagnostics are made (tests/conftest.py), so this runs last and only when the
    whole suite runs; in a narrowed run (-k, one file) it has nothing to judge and says so.
    """
    from conftest import RAISED, WHOLE_SUITE

    from cpstrat.format.diagnostics import rules

    if not request.config.stash.get(WHOLE_SUITE, False):
        pytest.skip("rule coverage is judged on a run of the whole suite (python -m pytest)")
    catalogue = rules()
    assert set(NOT_RAISABLE) <= set(catalogue), set(NOT_RAISABLE) - set(catalogue)
    texts = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("*.py"))
    expected = set(catalogue) - set(NOT_RAISABLE)
    named = {code: catalogue[code]["name"] for code in catalogue}
    unraised = {c: named[c] for c in sorted(expected - RAISED)}
    assert not unraised, f"codes in rules.yaml that no test raised: {unraised}"
    unnamed = {c: named[c] for c in sorted(expected) if c not in texts}
    assert not unnamed, f"codes raised but named by no test: {unnamed}"
    assert sorted(set(NOT_RAISABLE) & RAISED) == [], "raised now: take these out of NOT_RAISABLE"
