"""export-xlsx then import-xlsx gives back the strategy it took, key for key: the bundled strategies, and one
generated from the format's declaration with every key filled (so a key declared later is carried or fails here)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from conftest import STRATEGIES
from typer.testing import CliRunner

from cpstrat.checks.run import check
from cpstrat.cli import app
from cpstrat.excel import tables
from cpstrat.excel.emit import Writer
from cpstrat.excel.import_export import emit_object
from cpstrat.format import frameworks, model, types


def cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args], env={"NO_COLOR": "1"})


def same_strategy(a: model.Strategy, b: model.Strategy) -> None:
    for key in model.declared("Strategy"):
        assert getattr(a, key) == getattr(b, key), key


def round_trip(src, tmp_path):
    import shutil

    plan = tmp_path / "plan.xlsx"
    r = cli("export-xlsx", src, "-o", plan)
    assert r.exit_code == 0, r.output
    r = cli("import-xlsx", plan, "-o", tmp_path / "back")
    assert r.exit_code == 0, r.output + r.stderr
    if (src / "local-offer.yaml").exists():  # a file of its own, not part of the strategy's export
        shutil.copyfile(src / "local-offer.yaml", tmp_path / "back" / "local-offer.yaml")
    back = check(tmp_path / "back")
    assert not back.errors, [d.as_text() for d in back.errors]
    return back.strategy


@pytest.mark.parametrize("name", sorted(p.name for p in STRATEGIES.iterdir() if (p / "strategy.yaml").exists()))
def test_every_bundled_strategy_comes_back_key_for_key(name, tmp_path):
    same_strategy(check(STRATEGIES / name).strategy, round_trip(STRATEGIES / name, tmp_path))


# -- a strategy with every declared key filled ----------------------------------------------------------------

TEXTS = ["=HYPERLINK(\"http://evil.example/\",\"x\")", "+44 1234 567", "-minus first", "@at first", "\ttab first",
         "line one\nline two\n\nthird paragraph", "page\vbreak and bell\x07", "literal _x0041_ escape",
         "[not a list]", "Quote \"double\" and 'single' & <angle>", "Ünïcödé – dash … ellipsis 😀",
         "trailing colon:", "# hash first", "yes", "2024-01-01 as text", "  spaces around  "]


class Filler:
    """Distinct values for every key, by declared type; references point at objects made alongside."""

    def __init__(self):
        self.n = itertools.count(1)
        self.texts = itertools.cycle(TEXTS)
        self.principles = [p.id for p in frameworks.get(frameworks.DEFAULT).principles]

    def text(self, key: str) -> str:
        return f"{next(self.texts)} ({key} {next(self.n)})".strip()

    def value(self, key: str, type_: str, refs: dict):
        if type_.startswith("list:"):
            inner = type_[5:]
            if inner == "ref:principle":
                return self.principles[:3]
            if inner.startswith("ref:"):
                return refs.get(inner[4:], [])[:2]
            return [self.value(key, inner, refs) for _ in range(2)]
        if type_.startswith("map:"):
            return {f"K{next(self.n)}": self.value(key, type_[4:], refs) for _ in range(2)}
        if type_ in ("int",):
            return next(self.n)
        if type_ == "number":
            return [12.5, 1e309, 7, -3.25][next(self.n) % 4]
        if type_ == "date":
            return dt.date(2023, 1, 1) + dt.timedelta(days=next(self.n))
        if type_ == "status":
            return types.STATUSES[next(self.n) % len(types.STATUSES)]
        if type_ == "id":
            return f"X{next(self.n)}"
        if type_.startswith("ref:"):
            return (refs.get(type_[4:]) or [self.principles[0]])[0]
        return self.text(key)

    def obj(self, cls: str, refs: dict, skip=()) -> dict:
        out = {}
        for key, spec in model.declared(cls).items():
            if tables.internal(spec) or key in skip:
                continue
            inner = spec.type.removeprefix("list:")
            if spec.type.startswith("list:") and types.is_object(inner):
                out[key] = [self.obj(inner, refs) for _ in range(2)]
            elif types.is_object(spec.type):
                out[key] = self.obj(spec.type, refs)
            else:
                out[key] = self.value(key, spec.type, refs)
        return out


def full_strategy() -> dict:
    f = Filler()
    data = f.obj("Strategy", {}, skip=("actions", "priorities", "cpstrat", "framework", "period", "glossary",
                                       "reading_ease_min", "allow_names"))
    data.update(cpstrat=1, framework=frameworks.DEFAULT, period={"start": dt.date(2023, 4, 1),
                                                                 "end": dt.date(2026, 3, 31)},
                glossary={"YPA": "Young Person's Advisor", "CiCC": "Children in Care Council"},
                reading_ease_min=0, allow_names=["Cllr A Smith"])
    asks = [a["id"] for v in data["voices"] for a in v["asks"]]
    actions = []
    for i in range(3):
        refs = {"ask": asks, "action": [a["id"] for a in actions], "offer": ["bus-pass", "council-tax"]}
        action = f.obj("Action", refs)
        action["id"] = f"A{i + 1:02d}"
        for j, m in enumerate(action["measures"], start=1):
            m["id"] = f"A{i + 1:02d}-m{j}"
        actions.append(action)
    measures = [m["id"] for a in actions for m in a["measures"]]
    data["priorities"] = [f.obj("Priority", {"measure": measures}) for _ in range(2)]
    for a in actions:
        a["priorities"] = [data["priorities"][0]["id"]]
    data["actions"] = actions
    return data


def test_a_strategy_with_every_key_filled_comes_back_key_for_key(tmp_path):
    data = full_strategy()
    folder = tmp_path / "full"
    folder.mkdir()
    w = Writer()
    emit_object(w, 0, "Strategy", data)
    (folder / "strategy.yaml").write_text(w.text(), encoding="utf-8")
    # offers live in the folder's local offer, beside the strategy
    (folder / "local-offer.yaml").write_text(
        "cpstrat: 1\ncouncil: Testshire County Council\npublished: 2023-04-01\noffers:\n"
        "  - {id: bus-pass, area: health-and-wellbeing, title: Free bus pass}\n"
        "  - {id: council-tax, area: financial-literacy, title: No council tax until 25}\n", encoding="utf-8")
    original = check(folder)
    assert not original.errors, [d.as_text() for d in original.errors]
    s = original.strategy
    for key, spec in model.declared("Strategy").items():  # every published key is filled, so each is tested
        if not tables.internal(spec):
            assert getattr(s, key) not in ("", (), {}, None), key
    for cls, objects in (("Action", s.actions), ("Measure", s.actions[0].measures), ("Voice", s.voices),
                         ("Ask", s.voices[0].asks), ("Priority", s.priorities), ("Board", s.governance.boards),
                         ("LocalPrinciple", s.local_principles)):
        for key, spec in model.declared(cls).items():
            if not tables.internal(spec):
                assert any(getattr(o, key) not in ("", (), {}, None) for o in objects), (cls, key)
    same_strategy(s, round_trip(folder, tmp_path))


# -- the latest progress file, shown --------------------------------------------------------------------------


def test_form_and_export_show_the_latest_status_and_figures(small, tmp_path):
    import openpyxl

    (small / "progress" / "2023-09-30.yaml").write_text(
        "cpstrat: 1\nas_at: 2023-09-30\nupdates:\n  - action: A01\n    status: at-risk\n"
        "    measures: {A01-m1: 91}\n", encoding="utf-8")
    assert check(small).strategy.actions[0].status == "on-track"  # what strategy.yaml says
    form, plan = tmp_path / "form.xlsx", tmp_path / "plan.xlsx"
    assert cli("update-form", small, "-o", form).exit_code == 0
    wb = openpyxl.load_workbook(form)
    assert [wb["Updates"].cell(6, c).value for c in (1, 5)] == ["A01", "at-risk"]
    assert wb["Updates"].cell(7, 5).value == "not-started"  # no update for A02: the strategy's status
    assert wb["Measures"].cell(6, 6).value == 91
    assert cli("collect", small, form, "--as-at", "2024-03-31").exit_code == 0  # unedited: no CP077
    assert cli("export-xlsx", small, "-o", plan).exit_code == 0
    ws = openpyxl.load_workbook(plan)["Action plan"]
    heads = [c.value for c in ws[1]]
    row = dict(zip(heads, [c.value for c in ws[2]], strict=True))
    # the newest file (2024-03-31, collected above) has no update for A01: the one before it gives the news
    assert row["Status"] == "on-track" and row["Latest status"] == "at-risk"
    assert "At 2023-09-30: at-risk" in row["Latest progress"]
    measures = openpyxl.load_workbook(plan)["Measures"]
    assert [c.value for c in measures[2]][-1] == 91
