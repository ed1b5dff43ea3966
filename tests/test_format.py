"""The format is declared once (cpstrat/format/model.py): the model, the shape check, the JSON
Schema and the docs all follow from it, and no declared key is left out of any of them."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import fields
from pathlib import Path

import pytest
from conftest import ROOT, SMALL

from cpstrat.checks.run import check
from cpstrat.format import model, schema
from cpstrat.format.load import parse

sys.path.insert(0, str(ROOT / "scripts"))
import format_docs  # noqa: E402

SAMPLES = {"text": "Some words", "int": 7, "bool": True, "number": 42, "date": dt.date(2023, 3, 31), "id": "x1",
           "status": "at-risk", "texts": ["One lead", "Another"], "due": "2025/26", "polarity": "lower-is-better",
           "cohort": "care-leavers", "grouping": "principle", "figure": "In line with similar councils"}


def sample(type_: str):
    """A conforming value of a declared type, different from the type's default."""
    if "|" in type_:
        return sample(type_.split("|")[-1])
    if type_.startswith("list:"):
        return [sample(type_[5:])]
    if type_.startswith("map:"):
        return {"k": sample(type_[4:])}
    if type_ in schema.OBJECTS:
        return {key: sample(spec.type) for key, spec in schema.OBJECTS[type_].items()}
    if type_.startswith("ref:"):
        return "x1"
    return SAMPLES[type_]


@pytest.mark.parametrize("name", list(schema.OBJECTS))
def test_every_declared_key_reaches_the_model(name):
    built = model.build(name, sample(name))
    default = model.CLASSES[name]()
    for key in schema.OBJECTS[name]:
        held = model.field_of(name, key)
        assert getattr(built, held) != getattr(default, held), f"{name}.{key} is declared but the model drops it"


@pytest.mark.parametrize("name", list(schema.OBJECTS))
def test_every_declared_key_is_in_the_json_schema(name):
    root = {obj: root for root, obj in schema.ROOTS.items()}.get(name)
    if root:
        obj = schema.json_schema(root)
    else:  # a nested object: in the $defs of whichever root file holds it
        [obj] = [d for r in schema.ROOTS for n, d in schema.json_schema(r)["$defs"].items() if n == name][:1]
    assert list(obj["properties"]) == list(schema.OBJECTS[name])
    assert obj["required"] == [k for k, v in schema.OBJECTS[name].items() if v.required]


def test_model_fields_not_declared_are_only_derived_ones():
    for name, cls in model.CLASSES.items():
        extra = {f.name for f in fields(cls)} - {model.field_of(name, key) for key in schema.OBJECTS[name]}
        # derived: positions, the file path, and the other files of the folder (progress, local offer, the
        # published figures its indicators read)
        assert extra <= {"raw", "path", "progress", "local_offer", "figures"}, f"{name} has undeclared fields {extra}"


def test_docs_tables_are_generated_from_the_declarations():
    doc = (ROOT / "docs" / "strategy-format.md").read_text(encoding="utf-8")
    assert format_docs.BEGIN in doc
    assert doc == format_docs.document(doc), "regenerate with `python scripts/format_docs.py`"
    for name, keys in schema.OBJECTS.items():
        for key in keys:
            assert f"| `{key}` |" in doc, f"{name}.{key} is not in docs/strategy-format.md"


def test_a_declared_key_without_a_place_in_the_model_fails(monkeypatch):
    """Declarations are model fields; a key slipped into them any other way is caught, never dropped."""
    monkeypatch.setitem(schema.OBJECTS["Action"], "colour", model.Key("text", "A key for this test."))
    text = SMALL.replace("    lead: Head of Transport\n", "    lead: Head of Transport\n    colour: blue\n")
    data = parse(text, "s.yaml").data
    with pytest.raises(TypeError, match="colour"):
        model.build("Action", data["actions"][1])
    with pytest.raises(TypeError, match="colour"):
        test_every_declared_key_reaches_the_model("Action")


SCOTTISH = ("alert-to-wellbeing", "assess-needs", "promote-interests", "provide-opportunities", "help-access",
            "improve-functions")


@pytest.mark.parametrize("edit", [
    ("    principles: [access-services, high-aspirations, safe-and-stable, adulthood]\n", ""),
    ("principles: [access-services, high-aspirations, safe-and-stable, adulthood]", "principles: []"),
    ("principles: [access-services, high-aspirations, safe-and-stable, adulthood]", "principles:"),
], ids=["missing", "empty", "null"])
def test_no_principle_hint_lists_the_strategys_own_framework(tmp_path, edit):
    text = SMALL.replace("vision:", "framework: scotland-2014\nvision:").replace(*edit)
    path: Path = tmp_path / "strategy.yaml"
    path.write_text(text, encoding="utf-8")
    found = [d for d in check(path).diagnostics if d.code == "CP031"]
    assert len(found) == 1, found
    d = found[0]
    assert d.message == "action 'A02' maps to no corporate parenting principle"
    assert d.hint == "add `principles: [...]` with at least one of: " + ", ".join(SCOTTISH)
    assert d.line == (34 if edit[1] else 32)  # the key, or the action when it has none
