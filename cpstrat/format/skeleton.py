"""The starter files `cpstrat init` writes: one action per principle (or one offer per statutory area), every
placeholder marked PLACEHOLDER, which `check` reports (CP184) until the council has written its own words."""

from __future__ import annotations

import datetime as dt
from typing import Any

SCHEMA_LINE = "# yaml-language-server: $schema=schema/strategy.schema.json"
# The mark on every placeholder the starter files hold: `check` reports each one (CP184), and `build`
# publishes nothing while any remains (checks/placeholders.py finds them by this mark).
PLACEHOLDER = "(replace this)"
DEFAULT_COUNCIL = "Example Council"


def _p(text: str) -> str:
    return f"{text} {PLACEHOLDER}"


def write_schemas(folder: Any) -> None:
    """Write the JSON Schemas beside a strategy, for the editor line at the top of its files."""
    import json

    from cpstrat.format.schema import ROOTS, json_schema
    from cpstrat.util.files import write_atomic

    for root in ROOTS:
        text = json.dumps(json_schema(root), indent=2) + "\n"
        write_atomic(folder / f"{root}.schema.json", text.encode("utf-8"))


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def skeleton(council: str, framework: Any, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    start = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    end = dt.date(start.year + 3, 3, 31)
    lines = [
        SCHEMA_LINE,
        "# Corporate parenting strategy: a starting point written by `cpstrat init`.",
        f"# Replace every text marked {PLACEHOLDER}, then run `cpstrat check` on this folder:",
        "# it lists each one left, and `cpstrat build` publishes nothing until they are all gone.",
        "# The first line gives YAML editors (VS Code's YAML extension) the schema in schema/.",
        "#",
        f"# The {framework.act} principles ({framework.citation}), the duty to have regard to the need:",
    ]
    for p in framework.principles:
        lines.append(f"#   {p.id:<22} {p.citation}: {p.wording}")
    lines += [
        "",
        "cpstrat: 1",
        f"council: {_q(_p(council) if council == DEFAULT_COUNCIL else council)}",
        "title: Corporate Parenting Strategy",
        f"period: {{start: {start}, end: {end}}}",
        f"framework: {framework.id}",
        f"vision: {_q(_p('Children and young people in and leaving care shape how services work for them.'))}",
        "# whom young people get in touch with about the plan: the young people's version prints it",
        "contact:",
        f"  name: {_q(_p('Children in Care Team'))}",
        f"  phone: {_q(_p('the team public phone number'))}",
        f"  email: {_q(_p('the team public email address'))}",
        "",
        "voices:",
        "  - id: cicc",
        "    name: Children in Care Council",
        "    asks:",
        "      - id: cicc-listen",
        f"        text: {_q(_p('Workers listening to our views'))}",
        "",
        "priorities:",
        "  - id: voice",
        f"    title: {_q(_p('Listening to children and young people'))}",
        f"    principles: [{framework.principles[1].id if len(framework.principles) > 1 else framework.principles[0].id}]",
        "",
        "actions:",
    ]
    for n, p in enumerate(framework.principles, start=1):
        lines += [
            f"  - id: A{n:02d}",
            f"    title: {_q(_p('What we will do for: ' + p.title))}",
            f"    principles: [{p.id}]",
        ]
        if n == 2 or len(framework.principles) == 1:
            lines += ["    priorities: [voice]", "    responds_to: [cicc-listen]"]
        lines += [
            f"    lead: {_q(_p('Head of Service, Children in Care'))}",
            f"    due: {dt.date(start.year + 1, 3, 31)}",
            "    measures:",
            f"      - id: A{n:02d}-m1",
            f"        text: {_q(_p('How you will know it worked'))}",
            "    status: not-started",
        ]
    lines += [
        "",
        "governance:",
        "  text: The Corporate Parenting Board oversees this strategy and its action plan.",
        "  boards:",
        "    - name: Corporate Parenting Board",
        f"      meets: {_q(_p('Six times a year'))}",
        "",
    ]
    return "\n".join(lines)


def offer_skeleton(council: str, today: dt.date | None = None) -> str:
    """A starter local-offer.yaml: one placeholder offer per statutory area, the arrangements as comments."""
    from cpstrat.format import local_offer

    today = today or dt.date.today()
    statute = local_offer.statute()
    lines = [
        "# yaml-language-server: $schema=schema/local-offer.schema.json",
        "# The local offer for care leavers: a starting point written by `cpstrat init --local-offer`.",
        "# Replace every placeholder with what you really offer, in words care leavers use, then run",
        "# `cpstrat check` on this folder and `cpstrat build --document local-offer` to publish it.",
        f"# The areas are those of s.2(2) of the {statute.act}; see docs/local-offer.md.",
        "",
        "cpstrat: 1",
        f"council: {_q(_p(council) if council == DEFAULT_COUNCIL else council)}",
        f"published: {today}",
        "introduction: >-",
        "  This is what we offer you when you leave care. Ask your personal adviser about any of it.",
        "contacts:",
        "  - name: Leaving Care Team",
        "    phone: " + _q(_p("Your team's public phone number")),
        "",
        "offers:",
    ]
    for area in statute.areas:
        when = "" if area.in_force(today) else f"  # {area.citation}: {area.when()}"
        lines += [
            f"  - id: {area.id}-1{when}",
            f"    area: {area.id}",
            f"    title: {_q(_p('What we offer: ' + area.title.lower()))}",
            f"    who: {_q(_p('Care leavers aged 18 to 24'))}",
            f"    how: {_q(_p('Ask your personal adviser.'))}",
            "    contact: Leaving Care Team",
        ]
    lines += ["", "# The council's arrangements (s.2(2A)-(2B)), by id: describe each under `arrangements:`."]
    for item in statute.arrangements:
        lines.append(f"#   {item.id:<20} {item.citation}: {item.when()}")
    lines += ["# arrangements:", "#   housing-cooperation: What you do with the housing team.", ""]
    return "\n".join(lines)
