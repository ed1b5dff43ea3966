"""The personal data guard: warnings on names, dates of birth, addresses, phones, emails."""

from __future__ import annotations

import pytest
from conftest import STRATEGIES, run

from cpstrat.checks import privacy
from cpstrat.checks.run import check

# Hand-marked texts that give personal data, with what the guard must find.
PERSONAL = [
    ("Gareth Smith won the Young Citizen Award.", "CP060", "Gareth Smith"),
    ("Nominated for an award: Tyler Okonkwo, for his art.", "CP060", "Tyler Okonkwo"),
    ("The logo was designed by Jayde Hughes.", "CP060", "Jayde Hughes"),
    ("Mrs Patel opened the event.", "CP060", "Mrs Patel"),
    ("Nominations (Gareth Rafferty Young Citizen Award) were sent.", "CP060", "Gareth Rafferty"),
    ("Full Name: Jivan Sembi", "CP060", "Jivan Sembi"),
    ("Kelly, 15, spoke at the board.", "CP060", "Kelly, 15"),
    ("Jack (14) moved to a new home.", "CP060", "Jack (14)"),
    ("Chloe aged 12 joined the council.", "CP060", "Chloe aged 12"),
    ("Her date of birth is 14/02/2008.", "CP061", "date of birth is"),
    ("He was born on 3 March 2009 in Walsall.", "CP061", "born on 3 March 2009"),
    ("She now lives at 12 Acacia Avenue in Bilston.", "CP062", "12 Acacia Avenue"),
    ("Post to WV1 1SH.", "CP062", "WV1 1SH"),
    ("Call her on 07700 900123 after school.", "CP063", "07700 900123"),
    ("Ring 01902 551234.", "CP063", "01902 551234"),
    ("Email jo.bloggs@example.org for the photos.", "CP064", "jo.bloggs@example.org"),
]

# Hand-marked texts that look like personal data but are not (many from the bundled strategies).
NOT_PERSONAL = [
    "Care Leavers Week focusing on university, in partnership with Wolverhampton University and Jaguar Land Rover.",
    "40 frontline police officers trained in Total Respect",
    "Access to rooms at WV Active, Aldersley Stadium, for LAC, CL and foster carer events.",
    "Trowers and Hamlin Solicitors put on aspirational workshops for young people on 5 May 2017.",
    "Attendance at the CLF at Drake Hall, with two young people in custody attending.",
    "Take Over Day gave members of the CiCC the opportunity to meet health professionals.",
    "Corporate Parenting Board, 12 April 2023",
    "Partnership with HeadStart in promoting the needs of LAC and CL.",
    "Participation in the CiCC raised from six young people to 17, and from five to ten young adults.",
    "The strategy runs 2021-2024; 98% of care leavers have a pathway plan.",
    "Young people aged 11-18 in care meet fortnightly.",
    "Thomas Telford School offered two places.",
    "The Children and Social Work Act 2017 applies.",
    "Budget of 1,250,000 for 2022/23 and 2023/24.",
    "Head of Service, Children in Care",
]


@pytest.mark.parametrize("text,code,found", PERSONAL)
def test_personal_data_is_found(text, code, found):
    hits = privacy.findings(text)
    assert any(c == code and found in f for c, f in hits), hits


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_ordinary_text_is_not_flagged(text):
    assert privacy.findings(text) == []


def test_bundled_strategies_flag_only_the_named_people():
    found = []
    for folder in sorted(p for p in STRATEGIES.iterdir() if p.is_dir()):
        found += [(folder.name, d.code, d.message.split("'")[-2]) for d in check(folder).diagnostics
                  if "CP060" <= d.code <= "CP069"]
    # The source report named two young people and a councillor: the young people's names were
    # left out of the bundled progress file and the councillor is in allow_names, so none remain.
    assert found == []


def test_the_guard_finds_the_names_the_source_report_gave(tmp_path):
    import shutil

    folder = tmp_path / "w"
    shutil.copytree(STRATEGIES / "wolverhampton-2015", folder)
    progress = next((folder / "progress").glob("*.yaml"))
    progress.write_text(progress.read_text().replace(
        "(a Young Citizen Award;", "(Gareth Rafferty, Young Citizen Award;"))
    strategy = folder / "strategy.yaml"
    strategy.write_text(strategy.read_text().replace("allow_names: [Councillor Kaur]\n", ""))
    found = [d.message.split("'")[-2] for d in check(folder).diagnostics if d.code == "CP060"]
    assert found == ["Gareth Rafferty", "Councillor Kaur"]


def test_warning_points_at_the_progress_file_and_line(small):
    progress = small / "progress" / "2023-03-31.yaml"
    text = progress.read_text().replace("40 frontline police officers trained in Total Respect",
                                        "Ellie Taylor (16) gave the training")
    progress.write_text(text)
    proc = run("check", small)
    assert proc.returncode == 0
    line = next(n for n, t in enumerate(text.splitlines(), 1) if "Ellie Taylor" in t)
    expected = (f"2023-03-31.yaml:{line}:9: warning CP060 item 1 of 'achievements' of update for action 'A01' "
                f"may name a person: 'Ellie Taylor'")
    assert expected in proc.stdout
    assert proc.stdout.count("CP060") == 1
    assert "allow_names" in proc.stdout  # the hint says how to allow an officer's name


def test_allow_names_permits_councillors_and_officers(small):
    progress = small / "progress" / "2023-03-31.yaml"
    progress.write_text(progress.read_text().replace(
        "40 frontline police officers trained in Total Respect",
        "Opened by Councillor Kaur and Sarah Jones, Director of Children's Services"))
    before = {d.message.split("'")[-2] for d in check(small).diagnostics if d.code == "CP060"}
    assert before == {"Councillor Kaur", "Sarah Jones"}
    strategy = small / "strategy.yaml"
    strategy.write_text(strategy.read_text() + "allow_names: [Cllr Jasbir Kaur, Sarah Jones]\n")
    after = check(small)
    assert [d for d in after.diagnostics if d.code == "CP060"] == []
    assert not after.errors


def test_lead_naming_a_person_is_flagged(small):
    strategy = small / "strategy.yaml"
    strategy.write_text(strategy.read_text().replace("lead: Head of Transport", "lead: Gary Walker"))
    found = [d for d in check(small).diagnostics if d.code == "CP060"]
    assert [d.message for d in found] == ["'lead' of action 'A02' may name a person: 'Gary Walker'"]


def test_a_name_is_reported_once_per_file(small):
    progress = small / "progress" / "2023-03-31.yaml"
    progress.write_text(progress.read_text().replace(
        "summary: Good practice shared at three partnership events.",
        "summary: Chloe Evans shared good practice; Chloe Evans also led a session."))
    assert len([d for d in check(small).diagnostics if d.code == "CP060"]) == 1


# -- a child identified stops every build (issue 20) --------------------------------------------------------

CHILD = ("Gareth Smith, who lives at 12 Acacia Avenue, WV1 1SH, said: workers should listen "
         "(call him on 07700 900123)")


def with_child_in_a_voice(small):
    strategy = small / "strategy.yaml"
    strategy.write_text(strategy.read_text("utf-8").replace(
        "text: Workers listening to our views", f'text: "{CHILD}"'), "utf-8")
    return strategy


@pytest.mark.parametrize("document", [[], ["--audience", "young-people"], ["--document", "plan", "--format", "md"]])
def test_a_childs_personal_data_stops_the_build_with_nothing_written(small, tmp_path, document):
    with_child_in_a_voice(small)
    out = run("build", small, "-o", tmp_path / "out", *document)
    assert out.returncode == 1
    assert "strategy.yaml:11:15: error CP185 'text' of ask 'cicc-listen' may identify a child: a name " \
           "('Gareth Smith') with" in out.stderr
    assert "nothing written" in out.stderr
    assert not (tmp_path / "out").exists()
    assert run("check", small).returncode == 1


def test_a_childs_personal_data_in_the_local_offer_stops_its_build(tmp_path):
    import shutil

    folder = tmp_path / "offer"
    shutil.copytree(STRATEGIES.parent / "tests" / "data" / "local-offer" / "complete", folder)
    path = folder / "local-offer.yaml"
    text = path.read_text("utf-8")
    first_how = text.index("how: ") + len("how: ")
    end = text.index("\n", first_how)
    path.write_text(text[:first_how] + f'"{CHILD}"' + text[end:], "utf-8")
    out = run("build", folder, "--document", "local-offer", "-o", tmp_path / "out")
    assert out.returncode == 1 and "error CP185" in out.stderr, out.stderr
    assert not (tmp_path / "out").exists()


def test_an_officers_name_and_work_contact_in_contact_and_lead_are_not_a_child(small, tmp_path):
    strategy = small / "strategy.yaml"
    strategy.write_text(strategy.read_text("utf-8").replace(
        "lead: Head of Transport", 'lead: "Sarah Jones, Head of Transport, 01902 551234"'), "utf-8")
    progress = small / "progress" / "2023-03-31.yaml"  # its contact: {name: Jo Bloggs, ..., email: ...}
    assert "contact: {name: Jo Bloggs" in progress.read_text("utf-8")
    out = run("build", small, "-o", tmp_path / "out")
    assert out.returncode == 0, out.stderr
    assert "CP185" not in out.stderr


def test_build_strict_and_quiet(small, tmp_path):
    plain = run("build", small, "-o", tmp_path / "a")
    assert plain.returncode == 0 and "warning CP052" in plain.stderr
    quiet = run("build", small, "-o", tmp_path / "b", "--quiet")
    assert quiet.returncode == 0 and "warning" not in quiet.stderr and "wrote" in quiet.stdout
    strict = run("build", small, "-o", tmp_path / "c", "--strict")
    assert strict.returncode == 1 and "error CP052" in strict.stderr and "nothing written" in strict.stderr
    assert not (tmp_path / "c").exists()
    assert "warning CP052" not in run("check", small, "--quiet").stdout
    assert "warning CP052" in run("check", small, "--quiet", "--strict").stdout


def test_each_document_prints_only_its_own_warnings(small, tmp_path):
    progress = small / "progress" / "2023-03-31.yaml"
    progress.write_text(progress.read_text("utf-8").replace("report_of: Director of Children's Services\n", "")
                        .replace("  legal: None.\n", ""), "utf-8")
    board = run("build", small, "-o", tmp_path / "a")
    assert "CP045" in board.stderr and "CP109" in board.stderr
    young = run("build", small, "-o", tmp_path / "b", "--audience", "young-people")
    assert young.returncode == 0
    assert "CP045" not in young.stderr and "CP109" not in young.stderr
    assert "warning CP052" in young.stderr  # the strategy's own, which the young people's version prints
    import shutil

    shutil.copy(STRATEGIES.parent / "tests" / "data" / "local-offer" / "complete" / "local-offer.yaml", small)
    offer = run("build", small, "-o", tmp_path / "c", "--document", "local-offer")
    assert offer.returncode == 0, offer.stderr
    assert not any(code in offer.stderr for code in ("CP045", "CP109", "CP052"))


def test_a_local_offer_alone_with_a_child_identified_is_one_error_at_check_and_build(tmp_path):
    import shutil

    folder = tmp_path / "alone"
    shutil.copytree(STRATEGIES.parent / "tests" / "data" / "local-offer" / "complete", folder)
    (folder / "strategy.yaml").unlink(missing_ok=True)
    path = folder / "local-offer.yaml"
    text = path.read_text("utf-8")
    first_how = text.index("how: ") + len("how: ")
    path.write_text(text[:first_how] + f'"{CHILD}"' + text[text.index("\n", first_how):], "utf-8")
    assert run("check", folder).stdout.count("error CP185") == 1
    out = run("build", folder, "--document", "local-offer", "-o", tmp_path / "out")
    assert out.returncode == 1 and out.stderr.count("error CP185") == 1
    assert not (tmp_path / "out").exists()
