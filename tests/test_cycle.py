"""The cycle from one meeting to the next: a form for every lead in one run, and a new progress file that
starts from the last one's cover, implications and standing sections."""

from __future__ import annotations

import openpyxl
import yaml
from conftest import PROGRESS, SMALL, run

from cpstrat.checks.run import check

LEADS = SMALL.replace("lead: Head of Transport", "lead: [Head of Transport, \"Head of Service, Children in Care\"]") \
    + """  - id: A03
    title: Keep a room for family time in every children's home
    principles: [best-interests]
    lead: head of service children in care
    due: 2024-03-31
  - id: A04
    title: Ask young people what the room should hold
    principles: [express-views]
    due: 2024-03-31
  - id: A05
    title: Write to every care leaver on their birthday
    principles: [adulthood]
    lead: "../../Chief Executive: Office/"
    due: 2024-03-31
"""


def test_update_form_each_lead_writes_one_form_per_lead_named_by_lead(small, tmp_path):
    (small / "strategy.yaml").write_text(LEADS, "utf-8")
    folder = tmp_path / "forms"
    r = run("update-form", small, "--each-lead", "-o", folder)
    assert r.returncode == 0, r.stderr
    names = sorted(p.name for p in folder.iterdir())
    # two leads that differ only by case and a comma get a name each; a lead with slashes stays in the folder;
    # the action with no lead has a form too
    assert names == ["chief-executive-office.xlsx", "head-of-service-children-in-care-2.xlsx",
                     "head-of-service-children-in-care.xlsx", "head-of-transport.xlsx", "no-lead.xlsx"]
    ids = {}
    for name in names:
        wb = openpyxl.load_workbook(folder / name)
        ids[name] = [row[0] for row in wb["Updates"].iter_rows(min_row=6, values_only=True) if row[0]]
    assert ids["head-of-service-children-in-care.xlsx"] == ["A01", "A02"]
    assert ids["head-of-transport.xlsx"] == ["A02"]
    assert ids["head-of-service-children-in-care-2.xlsx"] == ["A03"]
    assert ids["no-lead.xlsx"] == ["A04"]
    assert ids["chief-executive-office.xlsx"] == ["A05"]
    for name in names:
        assert f"wrote {folder / name}" in r.stdout
    # the forms come back through collect like any other
    back = run("collect", small, *(folder / n for n in names), "--as-at", "2024-03-31")
    assert back.returncode == 0, back.stderr
    assert run("update-form", small, "--each-lead", "--lead", "x", "-o", folder).returncode == 2


def test_collect_carries_the_cover_implications_and_sections_forward_but_not_the_recommendations(small, tmp_path):
    (small / "strategy.yaml").write_text(SMALL + "committee:\n  headings: [Executive Summary, Citizen impact, "
                                                 "Recommendations]\n", "utf-8")
    last = PROGRESS.replace('contact: {name: Jo Bloggs,', 'contact: {phone: 01922 658412, name: Jo Bloggs,') + (
        "recommendations: [The Board notes the progress made]\n"
        "sections:\n"
        "  Executive Summary: Last quarter's summary.\n"
        "  Citizen impact:  # standing text\n"
        "    - Care leavers get free bus travel\n")
    (small / "progress" / "2023-03-31.yaml").write_text(last, "utf-8")
    form = tmp_path / "form.xlsx"
    assert run("update-form", small, "-o", form).returncode == 0
    r = run("collect", small, form, "--as-at", "2023-06-30")
    assert r.returncode == 0, r.stderr
    text = (small / "progress" / "2023-06-30.yaml").read_text("utf-8")
    new = yaml.safe_load(text)
    assert new["meeting"] == {"name": "Corporate Parenting Board"}  # the date and item are this meeting's
    assert new["report_of"] == "Director of Children's Services"
    assert new["contact"] == {"phone": "01922 658412", "name": "Jo Bloggs", "role": "Corporate Parenting Officer",
                              "email": "jo.bloggs@example.gov.uk"}
    assert new["implications"]["financial"] == "None."
    assert new["sections"]["Citizen impact"] == ["Care leavers get free bus travel"]
    assert "  Citizen impact:  # standing text" in text  # as written, comment and all
    assert "recommendations" not in new and "purpose" not in new and new["updates"] == []
    assert "A01-m1" not in text and "2023-04-12" not in text
    checked = check(small)
    assert not checked.errors, checked.errors
    report = run("build", small, "-o", tmp_path / "out", "--format", "md", "--progress",
                 small / "progress" / "2023-06-30.yaml")
    assert report.returncode == 0, report.stderr
    md = (tmp_path / "out" / "small-progress-report-2023-06-30.md").read_text("utf-8")
    assert "01922 658412" in md and "Care leavers get free bus travel" in md
    assert "The Board notes the progress made" not in md  # the default wording until the officer writes them
