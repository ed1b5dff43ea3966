"""Section 5 of the format (real plans): pledges, milestones, month and financial-year dates, outcomes,
indicators, governance, status words, structured meetings. A plan written to it checks clean and is read
in full; each kind of mistake in it gets its own rule, line and hint."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from conftest import ROOT

from cpstrat.analysis import compare, diff
from cpstrat.checks.run import check

PLAN = ROOT / "tests" / "data" / "real-plan"


@pytest.fixture
def plan(tmp_path):
    folder = tmp_path / "plan"
    shutil.copytree(PLAN, folder)
    return folder


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"not unique in {path.name}: {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def line_of(path, words: str) -> int:
    return next(n for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if words in t)


def test_the_plan_checks_clean_and_is_read_in_full():
    result = check(PLAN)
    assert result.diagnostics == []
    s = result.strategy
    assert s.delivered_by.startswith("Testshire Children's Services Trust")
    assert [(link.title, link.url) for link in s.links] == [
        ("Sufficiency Strategy 2024-2027", "https://example.gov.uk/sufficiency")]
    assert [(p.id, p.from_voice) for p in s.pledges] == [("p-home", "cicc"), ("p-work", "")]
    a01, a02 = s.actions
    assert a01.lead == ("Head of Service, Children in Care", "Virtual School Head")
    assert a01.lead_text == "Head of Service, Children in Care; Virtual School Head"
    assert a01.status == "on-track"  # written as the council's word, Green
    assert (a01.due.kind, a01.due.text, a01.due.last) == ("month", "September 2025", dt.date(2025, 9, 30))
    assert (a02.due.kind, a02.due.text, a02.due.last) == ("ongoing", "ongoing", None)
    assert a01.outcome == "Care leavers say they feel ready to live on their own"
    assert (a01.pledges, a01.indicators) == (("p-home",), ("eet-19-21",))
    m1, m2 = a01.milestones
    assert (m1.id, m1.due.text, m1.lead, m1.status) == ("A01-1", "June 2025", ("Housing",), "complete")
    assert (m2.due.text, m2.due.last, m2.lead) == ("by the end of 2025/26", dt.date(2026, 3, 31), ("Housing", "Legal"))
    eet = s.indicators[0]
    assert (eet.polarity, eet.cohort, eet.baseline.value, eet.target.value, eet.target.by) == \
        ("higher-is-better", "care-leavers", 48, 60, dt.date(2027, 3, 31))
    assert eet.comparators == {"England": 56, "Statistical neighbours": 52}
    cpb = s.governance.boards[1]
    assert (cpb.id, cpb.chair, cpb.reports_to) == ("cpb", "Cabinet Member for Children and Young People", "cabinet")
    first, _, last = s.progress
    assert str(first.meeting) == "Corporate Parenting Committee, 8 October 2024, agenda item 9"
    assert first.meeting.body == "Corporate Parenting Committee"
    assert (first.report_of, first.contact.role, first.contact.email) == \
        ("Director of Children's Services", "Corporate Parenting Officer", "jo.bloggs@example.gov.uk")
    assert (first.risks, first.safeguarding) == ("The housing market may slow the protocol.",
                                                 "No new safeguarding issues.")
    assert [p.indicators["eet-19-21"] for p in s.progress] == [50, 53, 55]
    assert first.updates[0].status == "at-risk" and last.updates[0].status == "complete"  # Amber, Blue
    assert [(m.id, m.status, m.summary) for m in first.updates[0].milestones] == [
        ("A01-1", "complete", "Protocol drafted with the district councils")]


# (what is broken, file, old text, new text, code, severity, words in the message, words in the hint)
BROKEN = [
    ("milestone status", "strategy.yaml", "lead: Housing, status: complete}", "lead: Housing, status: finished}",
     "CP024", "error", "invalid status 'finished'", "status is one of"),
    ("indicator value", "progress/2025-03-31.yaml", "{eet-19-21: 53,", "{eet-19-12: 53,",
     "CP102", "error", "unknown indicator 'eet-19-12' (did you mean 'eet-19-21'?)", "eet-19-21, placement-moves"),
    ("month 13", "strategy.yaml", "due: 2025-09\n", "due: 2025-13\n",
     "CP100", "error", "'due' of action 'A01' is not a due date: the text '2025-13'", "a month (2025-09)"),
    ("reports_to", "strategy.yaml", "reports_to: cabinet", "reports_to: council",
     "CP103", "error", "reports_to 'council' names no board", "list outside bodies there too"),
    ("pledge without action", "strategy.yaml", "    pledges: [p-work]\n", "",
     "CP107", "warning", "pledge 'p-work' is delivered by no action", "add `pledges: [p-work]`"),
    ("unknown pledge", "strategy.yaml", "pledges: [p-work]", "pledges: [p-wrk]",
     "CP101", "error", "unknown pledge 'p-wrk' (did you mean 'p-work'?)", "p-home, p-work"),
    ("unknown action indicator", "strategy.yaml", "indicators: [eet-19-21]", "indicators: [eet]",
     "CP102", "error", "unknown indicator 'eet'", "eet-19-21"),
    ("pledge from", "strategy.yaml", "from: cicc", "from: cic",
     "CP104", "error", "unknown voice 'cic' (did you mean 'cicc'?)", "cicc"),
    ("milestone update", "progress/2025-03-31.yaml", "[{id: A01-1,", "[{id: A01-3,",
     "CP105", "error", "unknown milestone 'A01-3'", "milestones of action A01: A01-1, A01-2"),
    ("status word not mapped", "progress/2025-03-31.yaml", "status: Green", "status: Purple",
     "CP024", "error", "invalid status 'Purple'", "`status_words: {Purple: on-track}`"),
    ("polarity", "strategy.yaml", "polarity: lower-is-better", "polarity: down",
     "CP020", "error", "must be one of: higher-is-better, lower-is-better", "write one of"),
    ("board id", "strategy.yaml", "- id: cpb\n", "- id: cabinet  # was cpb\n",
     "CP030", "error", "duplicate id 'cabinet'", "unique"),
]


@pytest.mark.parametrize("case", BROKEN, ids=[c[0] for c in BROKEN])
def test_each_mistake_gets_its_rule_and_line(plan, case):
    _, name, old, new, code, severity, message, hint = case
    path = plan / name
    edit(path, old, new)
    found = [d for d in check(plan).diagnostics if d.code == code]
    assert len(found) == 1, found
    d = found[0]
    assert d.file.endswith(name) and d.severity == severity
    assert message in d.message and hint in d.hint, d
    assert d.line == line_of(path, new.strip() or "- id: p-work") and d.column > 0  # the pledge itself, if removed


def test_status_words_are_accepted_only_when_mapped(plan):
    edit(plan / "strategy.yaml", "status_words: {Green: on-track, Amber: at-risk, Red: off-track, Blue: complete}\n",
         "")
    errors = [d for d in check(plan).errors if d.code == "CP024"]
    assert {(d.file.rsplit("/", 1)[-1], d.message) for d in errors} >= {
        ("strategy.yaml", "invalid status 'Green'"), ("2024-09-30.yaml", "invalid status 'Amber'")}
    green = next(d for d in errors if d.message == "invalid status 'Green'")
    assert "if 'Green' is the council's own word" in green.hint and "`status_words: {Green: on-track}`" in green.hint


def test_an_update_for_a_deleted_action_says_what_happened_and_suggests_no_other_id(plan):
    text = (plan / "strategy.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: A02\n")
    end = text.index("indicators:\n  - id: eet")
    (plan / "strategy.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    found = [d for d in check(plan).diagnostics if d.code == "CP106"]
    assert len(found) == 3  # one per progress file that names it
    d = found[0]
    assert d.message == "this progress file updates action 'A02', which the strategy no longer holds"
    assert "`status: dropped`" in d.hint and "A01" not in d.message + d.hint and "did you mean" not in d.message


def test_an_expected_outcome_in_words_is_a_measure(plan):
    assert not [d for d in check(plan).diagnostics if d.code == "CP052"]  # A01 has an outcome, no measures
    edit(plan / "strategy.yaml", "    outcome: Care leavers say they feel ready to live on their own\n", "")
    edit(plan / "strategy.yaml", "    indicators: [eet-19-21]\n", "")
    found = [d for d in check(plan).diagnostics if d.code == "CP052"]
    assert [d.message for d in found] == ["action 'A01' is not SMART: it has no measure"]


@pytest.mark.parametrize("framework, start, warned", [
    ("scotland-2014", "2014-04-01", True), ("scotland-2014", "2015-04-01", False),
    ("england-2017", "2017-04-01", True), ("england-2017", "2018-04-01", False)])
def test_a_period_before_the_duties_commenced_is_warned(plan, framework, start, warned):
    edit(plan / "strategy.yaml", "period: {start: 2024-04-01,", f"framework: {framework}\nperiod: {{start: {start},")
    found = [d for d in check(plan).diagnostics if d.code == "CP108"]
    assert bool(found) is warned
    if warned:
        commencement = "2015-04-01" if framework == "scotland-2014" else "2018-04-01"
        assert found[0].message == (f"the strategy period starts {start}, before the {framework} duties came into "
                                    f"force on {commencement}")
        assert found[0].line == line_of(plan / "strategy.yaml", "period:")


def test_diff_names_a_changed_milestone_and_indicator_target_field_by_field(plan):
    old = diff.snapshot_strategy(check(PLAN).strategy)
    edit(plan / "strategy.yaml", "due: 2025/26, lead: [Housing, Legal], status: on-track}",
         "due: 2026-01, lead: [Housing, Legal], status: at-risk}")
    edit(plan / "strategy.yaml", "target: {value: 60, by: 2027-03-31}", "target: {value: 65, by: 2027-03-31}")
    result = diff.compare(old, diff.snapshot_strategy(check(plan).strategy))
    milestones = result.sections["milestones"].to_json()
    assert milestones["changed"] == [{"id": "A01-2", "fields": {"due": {"old": "2025/26", "new": "2026-01"},
                                                                "status": {"old": "on-track", "new": "at-risk"}}}]
    indicators = result.sections["indicators"].to_json()
    assert indicators["changed"] == [{"id": "eet-19-21", "fields": {"target.value": {"old": 60, "new": 65}}}]


def test_diff_of_progress_names_a_milestone_update_and_an_indicator_value(plan):
    path = plan / "progress" / "2025-03-31.yaml"
    before = diff.snapshot_progress(check(PLAN).strategy.progress[1])
    edit(path, "{eet-19-21: 53,", "{eet-19-21: 54,")
    edit(path, "[{id: A01-1, status: complete,", "[{id: A01-1, status: on-track,")
    after = diff.snapshot_progress(check(plan).strategy.progress[1])
    result = diff.compare(before, after).to_json()
    assert result["fields"]["indicators"]["new"]["eet-19-21"] == 54
    change = result["actions"]["changed"][0]
    assert change["id"] == "A01" and change["fields"]["milestones"]["new"]["A01-1"]["status"] == "on-track"


def test_compare_counts_pledges_indicators_and_milestones():
    profile = compare.as_dict(compare.compare([check(PLAN).strategy]))["strategies"][0]
    assert (profile["pledges"], profile["pledges_delivered"], profile["indicators"], profile["milestones"]) == \
        (2, 2, 2, 2)
    assert profile["with_measure"] == 2  # A01 by its outcome and indicator, A02 by its measure


def test_the_plan_is_valid_against_the_json_schema():
    import json

    import jsonschema
    import yaml

    def as_json(value):  # YAML dates as JSON holds them
        return json.loads(json.dumps(value, default=lambda v: v.isoformat()))

    for root, files in (("strategy", [PLAN / "strategy.yaml"]), ("progress", sorted(PLAN.glob("progress/*.yaml")))):
        schema = json.loads((ROOT / "schema" / f"{root}.schema.json").read_text(encoding="utf-8"))
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        for path in files:
            errors = [e.message for e in validator.iter_errors(as_json(yaml.safe_load(path.read_text("utf-8"))))]
            assert errors == [], (path.name, errors)
        broken = as_json(yaml.safe_load(files[0].read_text("utf-8")))
        if root == "strategy":
            broken["actions"][0]["due"] = "2025-13"
            assert list(validator.iter_errors(broken))


def _texts(plan, title: str, description: str):
    edit(plan / "strategy.yaml", "title: Corporate Parenting Strategy", f"title: {title}")
    edit(plan / "strategy.yaml", "    outcome: Care leavers say",
         f"    description: {description}\n    outcome: Care leavers say")
    return check(plan).diagnostics


def test_a_title_in_capitals_and_honours_are_not_acronyms(plan):
    found = _texts(plan, "CORPORATE PARENTING PLAN 2024 TO 2027",
                   "Led by Jane Smith MBE and the CAMHS team, with the OBE award panel.")
    acronyms = {d.message.split("'")[1] for d in found if d.code == "CP051"}
    assert acronyms == {"CAMHS"}  # a real acronym still needs spelling out


def test_the_readability_hint_never_offers_the_fields_own_terms(plan):
    long = ("The multi-disciplinary corporate parenting apprenticeships programme will guarantee protected "
            "characteristic monitoring, comprehensively institutionalised throughout organisational governance "
            "arrangements and accountability mechanisms.")
    hints = [d.hint for d in _texts(plan, "Corporate Parenting Strategy", long) if d.code == "CP050"]
    assert len(hints) == 1
    for own in ("corporate", "apprenticeships", "multi-disciplinary", "characteristic", "parenting"):
        assert f"'{own}'" not in hints[0].lower()
    assert "'institutionalised'" in hints[0]


@pytest.mark.parametrize("value, as_at, expected", [
    (62, dt.date(2025, 8, 31), "Behind"),  # 62 of 150 with four months to go: short of the straight line
    (130, dt.date(2025, 8, 31), "On course"),
    (150, dt.date(2025, 8, 31), "Met"),
    (62, dt.date(2026, 1, 1), "Not met"),
    (62, dt.date(2025, 12, 31), "Not met"),  # reported on the due date: the time is up
    (62, dt.date(2025, 12, 30), "Behind"),
])
def test_a_measure_is_judged_against_its_due_date(value, as_at, expected):
    from cpstrat.analysis.targets import judge

    assert judge(value, 150, as_at=as_at, due=dt.date(2025, 12, 31), baseline=0,
                 start=dt.date(2024, 4, 1)) == expected


def test_lower_is_better_and_no_baseline():
    from cpstrat.analysis.targets import judge

    kw = {"as_at": dt.date(2025, 4, 1), "due": dt.date(2026, 3, 31), "start": dt.date(2024, 4, 1)}
    assert judge(10, 9, baseline=12, lower_is_better=True, **kw) == "On course"  # halfway: 10.5 expected
    assert judge(11.5, 9, baseline=12, lower_is_better=True, **kw) == "Behind"
    assert judge(8, 9, baseline=12, lower_is_better=True, **kw) == "Met"
    assert judge(11, 9, baseline=None, lower_is_better=True, **kw) == "Not yet due"


def test_the_report_judges_measures_and_indicators_before_their_due_dates():
    from cpstrat.outputs.views import context

    s = check(PLAN).strategy
    ctx = context.build(s)
    (m,) = ctx.measures  # A02 is ongoing: judged by the strategy's end; no baseline, so not yet due
    assert (m.actual, m.against_target) == (80, "Not yet due")
    eet, moves = ctx.indicators
    assert (eet.latest, eet.against_target) == (55, "On course")  # 48 -> 60 over three years, halfway: 54
    assert (moves.latest, moves.against_target) == (9.5, "On course")  # lower is better: 12 -> 9
    early = context.build(s, s.progress[0])
    assert early.indicators[0].against_target == "Behind"  # 50 after six months: the line is at 50.01


def test_the_default_recommendation_asks_the_body_the_paper_goes_to(plan):
    from cpstrat.outputs.views import context

    s = check(PLAN).strategy
    assert context.build(s).recommendations == ["The Corporate Parenting Committee is asked to note the progress "
                                                "reported."]
    path = plan / "progress" / "2025-09-30.yaml"
    edit(path, 'meeting: {name: Corporate Parenting Committee, date: 2025-10-14, agenda_item: "9"}',
         "meeting: Corporate Parenting Board, 14 October 2025")
    assert context.build(check(plan).strategy).recommendations[0].startswith("The Corporate Parenting Board is")
    edit(path, "purpose:", "recommendations: [The Committee notes the progress and agrees the new milestones]\n"
                           "purpose:")
    assert context.build(check(plan).strategy).recommendations == [
        "The Committee notes the progress and agrees the new milestones"]


def test_an_indicator_without_baseline_or_comparators_reads_not_given_everywhere(plan, tmp_path):
    """"None" in a figures column could be read as a value: every document says "Not given"."""
    import docx
    from conftest import run

    edit(plan / "strategy.yaml", "    baseline: {value: 12, as_at: 2024-03-31}\n", "")
    edit(plan / "strategy.yaml", "    comparators: {England: 10}\n", "")
    out = tmp_path / "out"
    assert run("build", plan, "-o", out, "--format", "docx,md,html").returncode == 0
    for path in sorted(out.iterdir()):
        if path.suffix == ".docx":
            rows = [[c.text for c in row.cells] for t in docx.Document(path).tables for row in t.rows]
        elif path.suffix in (".md", ".html"):
            text = path.read_text(encoding="utf-8")
            rows = [line.split("|") for line in text.splitlines() if "three or more placements" in line]
            rows += [cell.split("</td><td>") for cell in text.split("<tr>") if "three or more placements" in cell]
        else:
            continue
        indicator = [row for row in rows if any("three or more placements" in c for c in row)]
        assert indicator, path.name
        for row in indicator:
            cells = [c.strip().removeprefix("<td>").removesuffix("</td></tr>").strip() for c in row]
            assert "None" not in cells, (path.name, row)
        assert any("Not given" in c for row in indicator for c in row), path.name


def test_report_by_principle_groups_the_updates_by_principle_and_a_wrong_word_is_named(plan, tmp_path):
    import docx
    from conftest import run

    latest = plan / "progress" / "2025-09-30.yaml"
    out = tmp_path / "out"
    assert run("build", plan, "-o", out).returncode == 0
    headings = [p.text for p in docx.Document(next(out.glob("*-progress-report-*.docx"))).paragraphs
                if p.style.name.startswith("Heading 1")]
    assert "Progress by local priority" in headings and "Progress by principle" not in headings

    edit(latest, "as_at: 2025-09-30\n", "as_at: 2025-09-30\nreport_by: principle\n")
    assert run("build", plan, "-o", out).returncode == 0
    headings = [p.text for p in docx.Document(next(out.glob("*-progress-report-*.docx"))).paragraphs
                if p.style.name.startswith("Heading 1")]
    assert "Progress by principle" in headings and "Progress by local priority" not in headings
    md = run("build", plan, "-o", tmp_path / "md", "--format", "md")
    assert md.returncode == 0
    assert "## Progress by principle" in next((tmp_path / "md").glob("*-progress-report-*.md")).read_text("utf-8")

    edit(latest, "report_by: principle\n", "report_by: theme\n")
    checked = run("check", plan)
    assert checked.returncode == 1
    line = line_of(latest, "report_by:")
    assert f"2025-09-30.yaml:{line}:" in checked.stdout and "priority, principle" in checked.stdout


def test_a_measure_without_a_baseline_reads_not_given_in_the_report(plan, tmp_path):
    import docx
    from conftest import run

    out = tmp_path / "out"
    assert run("build", plan, "-o", out, "--format", "docx,md,html").returncode == 0
    rows = [[c.text for c in row.cells] for t in docx.Document(next(out.glob("*-progress-report-*.docx"))).tables
            for row in t.rows if row.cells[0].text == "A02-m1"]
    assert rows and all("None" not in row for row in rows)  # Word leaves out a column no measure fills
    md = next(out.glob("*-progress-report-*.md")).read_text(encoding="utf-8")
    [line] = [line for line in md.splitlines() if line.startswith("| A02-m1 |")]
    assert "| Not given |" in line and "| None |" not in line
    html = next(out.glob("*-progress-report-*.html")).read_text(encoding="utf-8")
    assert "<td>A02-m1</td>" in html and "<td>None</td>" not in html
