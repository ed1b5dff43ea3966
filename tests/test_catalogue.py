"""The rule catalogue (cpstrat/format/rules.yaml) and the code agree: every rule in it is raised,
from exactly one module, and the code raises no rule the catalogue lacks."""

from __future__ import annotations

import re
import string
from collections import defaultdict

from conftest import ROOT

from cpstrat.format.diagnostics import rules

CODE = re.compile(r"""["'](CP\d{3})["']""")


def raised() -> dict[str, set[str]]:
    """Each rule code named in the package's source, and the modules that name it."""
    where: dict[str, set[str]] = defaultdict(set)
    for path in sorted((ROOT / "cpstrat").rglob("*.py")):
        for code in CODE.findall(path.read_text(encoding="utf-8")):
            where[code].add(str(path.relative_to(ROOT)))
    return where


def test_every_rule_in_the_catalogue_is_raised_from_exactly_one_module():
    where = raised()
    for code in rules():
        assert code in where, f"{code} ({rules()[code]['name']}) is in rules.yaml but nothing raises it"
        assert len(where[code]) == 1, f"{code} is raised from {sorted(where[code])}: give it one home"


def test_the_code_raises_no_rule_missing_from_the_catalogue():
    missing = set(raised()) - set(rules())
    assert not missing, f"raised but not in rules.yaml: {sorted(missing)}"


def test_every_rule_is_complete():
    names = [rule["name"] for rule in rules().values()]
    assert len(names) == len(set(names)), "two rules share a name"
    for code, rule in rules().items():
        assert re.fullmatch(r"CP\d{3}", code)
        assert rule["severity"] in ("error", "warning"), code
        assert rule.get("exit", 1) in (1, 2), code
        assert rule["message"].strip() and rule["hint"].strip(), code
        for template in (rule["message"], rule["hint"]):
            fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
            assert all(f.isidentifier() for f in fields), (code, template)
