"""The local offer for care leavers: statutory areas as data, checked on the offer's published date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from conftest import SMALL, run
from typer.testing import CliRunner

from cpstrat.checks import offer as offer_rules
from cpstrat.checks.run import check
from cpstrat.cli import app
from cpstrat.format import local_offer

DATA = Path(__file__).parent / "data" / "local-offer"
AREAS_2017 = {"health-and-wellbeing": "s.2(2)(a)", "relationships": "s.2(2)(b)",
              "education-and-training": "s.2(2)(c)", "employment": "s.2(2)(d)", "accommodation": "s.2(2)(e)",
              "participation-in-society": "s.2(2)(f)"}


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1"})


def test_statute_data_has_the_contract_area_ids_with_citations():
    st = local_offer.statute()
    assert [a.id for a in st.areas] == [*AREAS_2017, "financial-literacy"]
    for area in st.areas:
        assert area.citation.startswith("s.2(2)(") and area.wording
    fl = st.area("financial-literacy")
    assert fl.citation == "s.2(2)(g)" and fl.wording == "financial literacy"
    assert "2026" in fl.inserted_by and "s.8(3)" in fl.inserted_by
    # commencement of s.8 was not found: recorded as prospective, no date
    assert fl.status == "prospective" and fl.commencement is None and not fl.in_force(dt.date(2030, 1, 1))
    assert [a.citation for a in st.arrangements] == [
        "s.2(2A)(a)", "s.2(2A)(b)", "s.2(2A)(c)(i)", "s.2(2A)(c)(ii)", "s.2(2A)(d)", "s.2(2A)(e)", "s.2(2B)"]


def test_missing_areas_warn_once_each_citing_the_subsection(tmp_path):
    folder = tmp_path / "lo"
    shutil.copytree(DATA / "missing", folder)
    result = check(folder)
    uncovered = [d for d in result.diagnostics if d.code == "CP121"]
    # participation-in-society is covered; the misspelt area covers nothing
    assert len(uncovered) == 5
    for d in uncovered:
        assert d.severity == "warning" and d.file.endswith("local-offer.yaml") and d.line == 8
    cited = {area: cite for area, cite in AREAS_2017.items() if area != "participation-in-society"}
    for area, cite in cited.items():
        [d] = [d for d in uncovered if f"area: {area}`" in d.hint]
        assert f"Children and Social Work Act 2017 {cite}" in d.message
    [bad] = [d for d in result.diagnostics if d.code == "CP120"]
    assert bad.severity == "error" and (bad.line, bad.column) == (16, 11)
    assert "did you mean 'health-and-wellbeing'" in bad.message


def test_check_command_reports_missing_areas_with_file_and_line(tmp_path):
    folder = tmp_path / "lo"
    shutil.copytree(DATA / "missing", folder)
    r = invoke("check", folder)
    assert r.exit_code == 1
    assert "local-offer.yaml:8:1: warning CP121 no offer covers employment" in r.output
    assert "(Children and Social Work Act 2017 s.2(2)(d))" in r.output


def test_complete_offer_checks_clean(tmp_path):
    r = invoke("check", "--strict", DATA / "complete")
    assert r.exit_code == 0, r.output
    assert "0 errors, 0 warnings" in r.output


def test_offer_beside_a_strategy_is_checked_with_it(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "strategy.yaml").write_text(SMALL, encoding="utf-8")
    shutil.copy(DATA / "missing" / "local-offer.yaml", folder)
    result = check(folder)
    assert result.strategy.local_offer is not None
    assert sum(d.code == "CP121" for d in result.diagnostics) == 5
    # the offer file itself, given by name, checks the whole strategy folder
    r = invoke("check", folder / "local-offer.yaml")
    assert "warning CP121" in r.output and str(folder.name) in r.output


def test_area_not_yet_in_force_on_the_published_date_is_not_asked_for():
    statute = local_offer.statute()
    later = dataclasses.replace(statute.area("employment"), commencement=dt.date(2027, 1, 1))
    changed = dataclasses.replace(statute, areas=tuple(later if a.id == "employment" else a for a in statute.areas))
    lo = check(DATA / "missing").strategy.local_offer
    codes = [d.message for d in offer_rules.rules(lo, changed) if d.code == "CP121"]
    assert not any("employment" in m for m in codes) and len(codes) == 4


def test_once_the_2026_amendments_are_in_force_new_items_are_asked_for():
    """s.8 commenced (a date given for the test): financial literacy and each s.2(2A) item are due."""
    statute = local_offer.statute()
    day = dt.date(2026, 9, 1)
    commence = lambda p: dataclasses.replace(p, status="in-force", commencement=day)  # noqa: E731
    changed = dataclasses.replace(statute, areas=tuple(map(commence, statute.areas)),
                                  arrangements=tuple(map(commence, statute.arrangements)))
    lo = check(DATA / "missing").strategy.local_offer
    diags = offer_rules.rules(lo, changed)
    assert any(d.code == "CP121" and "s.2(2)(g), inserted by Children's Wellbeing and Schools Act 2026" in d.message
               for d in diags)
    missing = [d for d in diags if d.code == "CP122"]
    assert len(missing) == 7
    assert any("(Children and Social Work Act 2017 s.2(2B)" in d.message for d in missing)
    complete = check(DATA / "complete").strategy.local_offer
    assert [d for d in offer_rules.rules(complete, changed) if d.severity == "warning"] == []


def test_unknown_arrangement_and_hard_text(tmp_path):
    folder = edited(tmp_path, ("  housing-cooperation:", "  housing-coop:"), (
        "title: Help to plan your money",
        "title: Comprehensive individualised financial capability programme encompassing "
        "budgetary management, institutional banking relationships and consumer credit considerations"))
    result = check(folder)
    [unknown] = [d for d in result.diagnostics if d.code == "CP125"]
    assert "did you mean 'housing-cooperation'" in unknown.message and unknown.line > 1
    [hard] = [d for d in result.diagnostics if d.code == "CP124"]
    assert hard.message.startswith("the title of offer 'money-skills' is hard for care leavers to read")


def test_actions_name_offers_they_deliver(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    strategy = SMALL.replace("    status: not-started\n", "    status: not-started\n"
                             "    offers: [council-tax, councel-tax]\n")
    (folder / "strategy.yaml").write_text(strategy, encoding="utf-8")
    result = check(folder)
    before = [d for d in result.diagnostics if d.code == "CP123"]
    assert len(before) == 2 and all("no local-offer.yaml" in d.hint for d in before)  # nothing to refer to yet
    shutil.copy(DATA / "complete" / "local-offer.yaml", folder)
    result = check(folder)
    [d] = [d for d in result.diagnostics if d.code == "CP123"]
    assert "'councel-tax'" in d.message and "did you mean 'council-tax'" in d.message
    assert result.strategy.actions[1].offers == ("council-tax", "councel-tax")


@pytest.mark.parametrize("bad, code", [("published: 2026-13-01", "CP023"), ("published: soon", "CP023")])
def test_bad_published_date_is_an_error(tmp_path, bad, code):
    folder = edited(tmp_path, ("published: 2026-10-01", bad))
    result = check(folder)
    assert any(d.code == code and d.line == 5 for d in result.diagnostics)


# -- the published local offer ---------------------------------------------------------------

def build_offer(folder: Path, out: Path, formats=("docx", "md", "html")):
    from cpstrat.outputs.publish import build

    return build(folder, out, formats=formats, audience="local-offer")

def edited(tmp_path: Path, *changes: tuple[str, str], name: str = "lo") -> Path:
    """A copy of the complete local offer fixture with each (old, new) text replaced; the folder."""
    folder = tmp_path / name
    shutil.copytree(DATA / "complete", folder)
    path = folder / "local-offer.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return folder



def test_complete_offer_builds_in_every_format_and_passes_lint(tmp_path):
    import docx

    from cpstrat.outputs.word.lint import lint

    outcome = build_offer(DATA / "complete", tmp_path)
    assert outcome.errors == []
    names = sorted(p.name for p in outcome.written)
    assert names == ["complete-local-offer.docx", "complete-local-offer.html", "complete-local-offer.md"]
    word = tmp_path / "complete-local-offer.docx"
    assert lint(word, language="en-GB") == []
    doc = docx.Document(str(word))
    headings = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    names_only = [t for _, t in headings]
    # contacts come first, then the offers grouped by area in the order of s.2(2)
    assert names_only.index("Who to contact") < names_only.index("What you can get")
    areas = ["Your health and wellbeing", "Family, friends and relationships", "Learning and training",
             "Work and jobs", "Somewhere to live", "Being part of your community", "Money and managing it"]
    assert [t for t in names_only if t in areas] == areas
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Phone: 01632 960000" in text and "No council tax until you are 25." in text
    assert "Children and Social Work Act 2017, section 2" in text
    assert doc.core_properties.language == "en-GB" and doc.core_properties.title.startswith("Your local offer")
    # large type, as in the young people's version
    assert doc.styles["Normal"].font.size.pt == 14


def test_html_offer_has_landmarks_headings_and_nothing_external(tmp_path):
    import re

    build_offer(DATA / "complete", tmp_path, formats=("html",))
    html = (tmp_path / "complete-local-offer.html").read_text(encoding="utf-8")
    assert '<html lang="en-GB">' in html and '<main id="main"' in html and "<header>" in html
    assert '<a class="skip-link" href="#main">' in html and "<nav " in html and "<footer>" in html
    assert html.count("<h1>") == 1
    assert html.index('<h2 id="who-to-contact">') < html.index('<h2 id="what-you-can-get">')
    # nothing is loaded from elsewhere: no scripts, images, style sheets or fonts
    assert not re.search(r"<script|<img|<link|<iframe|src=|url\(|@import", html)
    assert '<a href="tel:01632960000">01632 960000</a>' in html
    assert '<a href="https://riverside.example/money-help">https://riverside.example/money-help</a>' in html


def test_only_web_addresses_become_links(tmp_path):
    folder = edited(tmp_path, ("link: https://riverside.example/money-help", 'link: "javascript:alert(1)"'))
    build_offer(folder, tmp_path, formats=("html", "docx"))
    html = (tmp_path / "lo-local-offer.html").read_text(encoding="utf-8")
    assert "<dd>javascript:alert(1)</dd>" in html and 'href="javascript' not in html
    import docx

    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "lo-local-offer.docx")).paragraphs)
    assert "Find out more: javascript:alert(1)" in text  # shown, as the council wrote it


def test_the_councils_words_are_printed_as_written(tmp_path):
    """Issue 20: the offer printed "Your Personal Adviser will make sure ..." where the council approved
    "Your Personal Adviser (PA) will ensure ...", and dropped "(PA)", "(CL)", "(CLA)"."""
    import docx

    approved = "Your Personal Adviser (PA) will ensure you are registered with a doctor and a dentist."
    who = "Care Leavers (CL) and Children Looked After (CLA) aged 16 to 24"
    title = "Money for college or university for Care Leavers (CL)"
    folder = edited(tmp_path, ("how: Your personal adviser can help you sign up.", f"how: {approved}"),
                    ("who: Care leavers aged 18 to 24 in education", f"who: {who}"),
                    ("title: Money for college or university", f"title: {title}"), name="plain")
    outcome = build_offer(folder, tmp_path / "out")
    assert outcome.errors == []
    word = docx.Document(str(tmp_path / "out" / "plain-local-offer.docx"))
    pages = {"docx": "\n".join(p.text for p in word.paragraphs),
             "md": (tmp_path / "out" / "plain-local-offer.md").read_text(encoding="utf-8").replace("\\", ""),
             "html": re.sub(r"</?abbr[^>]*>", "",  # a short form is marked up with its meaning, as written
                            (tmp_path / "out" / "plain-local-offer.html").read_text(encoding="utf-8"))}
    for fmt, page in pages.items():
        assert approved in page and who in page and f"{title}." in page, fmt
        assert "will make sure" not in page, fmt
    glossary = pages["md"][pages["md"].index("## Words we use"):]
    assert "| PA | Personal Adviser |" in glossary and "| CLA | Children Looked After |" in glossary
    # check suggests the plainer word where it is, with line and column; the offer still prints the council's
    warned = [d for d in outcome.diagnostics if d.code == "CP250"]
    assert [(d.line, d.column) for d in warned] == [(23, 10)]
    assert "the how of offer 'gp-help' uses 'ensure' (plainer: make sure)" in warned[0].message
    assert "local offer prints as written" in warned[0].message


def test_an_offers_plain_title_is_printed_in_place_of_its_title(tmp_path):
    folder = edited(tmp_path, ("title: Help to plan your money",
                               "title: Financial capability support for eligible care leavers\n"
                               "    plain_title: Help to plan your money"), name="plainer")
    result = run("check", folder)
    assert "CP250" not in result.stdout  # the title has a plain version: nothing to suggest
    build_offer(folder, tmp_path / "out", formats=("md",))
    md = (tmp_path / "out" / "plainer-local-offer.md").read_text(encoding="utf-8")
    assert "**Help to plan your money.**" in md and "Financial capability" not in md
    (folder / "local-offer.yaml").write_text((folder / "local-offer.yaml").read_text().replace(
        "    plain_title: Help to plan your money\n", ""))
    result = run("check", folder)
    assert re.search(r"local-offer\.yaml:\d+:12: warning CP250 the title of offer 'money-skills' uses 'eligible'",
                     result.stdout), result.stdout
    assert "`plain_title:`" in result.stdout


def test_building_a_local_offer_without_one_is_refused(tmp_path):
    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "strategy.yaml").write_text(SMALL, encoding="utf-8")
    outcome = build_offer(folder, tmp_path / "out")
    [d] = outcome.errors
    assert d.code == "CP127" and "no local-offer.yaml" in d.message and outcome.written == []
    assert not (tmp_path / "out").exists()


def test_plan_shows_which_actions_deliver_each_offer(tmp_path):
    import docx

    from cpstrat.outputs.publish import build

    folder = tmp_path / "s"
    folder.mkdir()
    strategy = SMALL.replace("    status: not-started\n", "    status: not-started\n    offers: [council-tax]\n")
    (folder / "strategy.yaml").write_text(strategy, encoding="utf-8")
    shutil.copy(DATA / "complete" / "local-offer.yaml", folder)
    outcome = build(folder, tmp_path / "out", formats=("docx", "md", "html"))
    assert outcome.errors == []
    doc = docx.Document(str(tmp_path / "out" / "s-action-plan.docx"))
    [table] = [t for t in doc.tables if t.rows[0].cells[0].text == "Offer"]
    rows = {r.cells[0].text: r.cells[2].text for r in table.rows[1:]}
    assert rows["No council tax until you are 25"] == "A02: Offer free bus travel to care leavers in education or work"
    assert rows["Help to plan your money"] == "No action names this offer"
    md = (tmp_path / "out" / "s-action-plan.md").read_text(encoding="utf-8")
    assert "## Local offer for care leavers" in md
    assert "participation in society (Children and Social Work Act 2017 s.2(2)(f))" in md


def test_build_document_local_offer_on_the_command_line(tmp_path):
    r = invoke("build", "--document", "local-offer", DATA / "complete", "--output", tmp_path)
    assert r.exit_code == 0, r.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "complete-local-offer.docx", "complete-local-offer.html", "complete-local-offer.manifest.json",
        "complete-local-offer.md"]
    r = invoke("build", "--document", "local-offer", "--format", "md", DATA / "missing", "--output", tmp_path / "x")
    assert r.exit_code == 1 and "CP120" in r.output and not (tmp_path / "x").exists()
    # a folder with only a local offer has no plan to build
    r = invoke("build", DATA / "complete", "--output", tmp_path / "y")
    assert r.exit_code == 2 and "CP127" in r.output and "--document local-offer" in r.output


def test_local_offer_schema_file_matches_cpstrat_schema():
    import json

    from conftest import ROOT

    r = invoke("schema", "--local-offer")
    assert r.exit_code == 0
    on_disk = json.loads((ROOT / "schema" / "local-offer.schema.json").read_text(encoding="utf-8"))
    assert on_disk == json.loads(r.output), "regenerate schema/local-offer.schema.json: cpstrat schema --local-offer"
    assert on_disk["required"] == ["cpstrat", "council", "published", "offers"]
    assert set(on_disk["$defs"]) == {"Contact", "Offer"}


def test_two_offers_with_one_id_is_an_error(tmp_path):
    folder = edited(tmp_path, ("id: job-coach", "id: gp-help"))
    path = folder / "local-offer.yaml"
    lines = [n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "id: gp-help" in text]
    [d] = [d for d in check(folder).diagnostics if d.code == "CP128"]
    assert d.severity == "error" and "'gp-help'" in d.message
    assert f"first used at line {lines[0]}" in d.message and d.line == lines[1]


def test_arrangements_and_acronyms_are_checked_for_care_leavers(tmp_path):
    folder = edited(tmp_path, (
        "  financial-support: We pay a setting up home grant, a bursary for study and help in a crisis.",
        "  financial-support: Discretionary financial assistance is administered consistent with corporate "
        "eligibility determinations and departmental expenditure authorisation procedures."),
        ("how: Talk to your personal adviser.", "how: Talk to your PA or the LCT."))
    text = (folder / "local-offer.yaml").read_text(encoding="utf-8")
    result = check(folder)
    [hard] = [d for d in result.diagnostics if d.code == "CP124"]
    assert hard.message.startswith("the arrangements for 'financial-support' is hard")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.startswith("  financial-support:"))
    assert (hard.line, hard.column) == (line, 22)
    # PA is spelled out elsewhere in the offer ("personal adviser"); LCT never is
    [acronym] = [d for d in result.diagnostics if d.code == "CP051"]
    assert acronym.message == "acronym 'LCT' in 'how' of offer 'family-time' is never spelled out"


def test_init_writes_a_starter_local_offer_that_checks_clean(tmp_path):
    folder = tmp_path / "new"
    assert invoke("init", folder, "--council", "Testshire County Council").exit_code == 0
    r = invoke("init", folder, "--local-offer", "--council", "Testshire County Council")
    assert r.exit_code == 0 and "local-offer.yaml" in r.output
    result = check(folder)
    # every placeholder is an error until the council writes its own words
    assert {d.code for d in result.diagnostics} == {"CP184"}
    assert {d.file for d in result.diagnostics} == {str(folder / "strategy.yaml"), str(folder / "local-offer.yaml")}
    for name in ("strategy.yaml", "local-offer.yaml"):
        text = (folder / name).read_text(encoding="utf-8").replace(" (replace this)", "")
        (folder / name).write_text(text.replace("What we will do for: ", "Act on "), encoding="utf-8")
    result = check(folder)
    assert result.diagnostics == [], [d.message for d in result.diagnostics]
    lo = result.strategy.local_offer
    assert [o.area for o in lo.offers] == [a.id for a in local_offer.statute().areas]
    text = (folder / "local-offer.yaml").read_text(encoding="utf-8")
    assert "# s.2(2)(g): enacted, not yet in force (commencement date not confirmed)" in text
    assert (folder / "schema" / "local-offer.schema.json").is_file()
    r = invoke("init", folder, "--local-offer")
    assert r.exit_code == 2 and "already exists" in r.output


def test_every_text_of_the_offer_reaches_every_format(tmp_path):
    """Nothing a council writes in local-offer.yaml is dropped: each text, given a token of its own,
    is found in the Word, Markdown and HTML offer."""
    import docx
    import yaml

    from cpstrat.format import model

    statute = local_offer.statute()
    tokens: list[str] = []

    def token(name: str) -> str:
        tokens.append(f"Zq{name.replace('-', '').replace('_', '')}x{len(tokens)}")
        return tokens[-1]

    def obj(cls, **fixed) -> dict:
        out = dict(fixed)
        for f in dataclasses.fields(cls):
            key = f.metadata.get("key")
            if key is not None and key.type == "text" and f.name not in out:
                out[f.name] = token(f.name)
        return out

    data = {"cpstrat": 1, "council": token("council"), "published": "2026-10-01", "title": token("title"),
            "introduction": token("introduction"),
            "contacts": [obj(model.Contact) for _ in range(2)],
            "offers": [obj(model.Offer, id=f"o{n}", area=area.id) for n, area in enumerate(statute.areas)
                       for _ in range(2)],
            "arrangements": {item.id: token(item.id) for item in statute.arrangements}}
    # an offer's plain_title is printed in place of its title: every other offer has none, so both are seen
    replaced = []
    for n, o in enumerate(data["offers"]):
        o["id"] = f"o{n}"
        if n % 2:
            tokens.remove(o.pop("plain_title"))
        else:
            replaced.append(o["title"])
    folder = tmp_path / "lo"
    folder.mkdir()
    (folder / "local-offer.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    outcome = build_offer(folder, tmp_path / "out")
    assert outcome.errors == [], outcome.errors
    word = docx.Document(str(tmp_path / "out" / "lo-local-offer.docx"))
    texts = {
        "docx": "\n".join([p.text for p in word.paragraphs]
                          + [c.text for t in word.tables for r in t.rows for c in r.cells]),
        "md": (tmp_path / "out" / "lo-local-offer.md").read_text(encoding="utf-8"),
        "html": (tmp_path / "out" / "lo-local-offer.html").read_text(encoding="utf-8"),
    }
    for fmt, text in texts.items():
        missing = [t for t in tokens if t not in text]
        assert missing == replaced, (fmt, missing)
