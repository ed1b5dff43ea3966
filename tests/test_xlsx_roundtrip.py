"""export-xlsx then import-xlsx gives back the strategy it took, key for key: the bundled strategies, and one
generated from the format's declaration with every key filled (so a key declared later is carried or fails here)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

import pytest
from conftest import ROOT, STRATEGIES
from typer.testing import CliRunner

from cpstrat.checks.run import check
from cpstrat.cli import app
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
    if (src / "data").is_dir():  # so are the published figures' CSVs
        shutil.copytree(src / "data", tmp_path / "back" / "data")
    back = check(tmp_path / "back")
    assert not back.errors, [d.as_text() for d in back.errors]
    return back.strategy


BUNDLED = [p for p in sorted(STRATEGIES.iterdir()) if (p / "strategy.yaml").exists()]


@pytest.mark.parametrize("folder", [*BUNDLED, ROOT / "tests" / "data" / "real-plan"], ids=lambda p: p.name)
def test_every_bundled_strategy_comes_back_key_for_key(folder, tmp_path):
    """Key for key, each action's status being its one current status (the sheet's Status column): a strategy
    made from the sheet has no progress files, so the status its progress files gave is its own."""
    from cpstrat.analysis.status import current

    s = check(folder).strategy
    now = dataclasses.replace(s, actions=tuple(dataclasses.replace(a, status=current(s, a)[0]) for a in s.actions))
    same_strategy(now, round_trip(folder, tmp_path))


# -- a strategy with every declared key filled ----------------------------------------------------------------

TEXTS = ["=HYPERLINK(\"http://evil.example/\",\"x\")", "+44 1234 567", "-minus first", "@at first", "\ttab first",
         "line one\nline two\n\nthird paragraph", "page\vbreak and bell\x07", "literal _x0041_ escape",
         "[not a list]", "Quote \"double\" and 'single' & <angle>", "Ünïcödé – dash … ellipsis 😀",
         "trailing colon:", "# hash first", "yes", "2024-01-01 as text", "  spaces around  "]


class Ref:
    """A reference, resolved once every object exists (to one made before it when it names its own kind)."""

    def __init__(self, kind: str, owner: dict | None, order: int):
        self.kind, self.owner, self.order = kind, owner, order


class Filler:
    """Distinct values for every declared key, by type, walking the declaration (model.py)."""

    def __init__(self):
        self.n = itertools.count(1)
        self.texts = itertools.cycle(TEXTS)
        self.made: list[tuple[str, int, dict]] = []  # (class, order, object)

    def text(self, key: str) -> str:
        if key == "url":  # a link is a web address (CP210)
            return f"https://example.gov.uk/plans/{next(self.n)}"
        return f"{next(self.texts)} ({key} {next(self.n)})".strip()

    def value(self, key: str, type_: str, owner: dict):
        if type_.startswith("list:"):
            return [self.value(key, type_[5:], owner) for _ in range(2)]
        if type_.startswith("map:"):
            inner = type_[4:]
            if inner == "status":
                return {"Green": "on-track", "Red": "off-track"}
            return {f"K{next(self.n)}": self.value(key, inner, owner) for _ in range(2)}
        if "|" in type_:
            return self.text(key)
        if type_ == "int":
            return next(self.n)
        if type_ == "bool":
            return bool(next(self.n) % 2)
        if type_ == "number":
            return [12.5, 1e309, 7, -3.25][next(self.n) % 4]
        if type_ == "date":
            return dt.date(2023, 6, 1) + dt.timedelta(days=next(self.n))
        if type_ == "due":
            return ["2024/25", "2024-09", dt.date(2025, 1, 31), "ongoing"][next(self.n) % 4]
        if type_ == "texts":
            return [self.text(key), self.text(key)]
        if type_ == "status":
            return types.STATUSES[next(self.n) % len(types.STATUSES)]
        if type_ in types.ENUMS:
            return types.ENUMS[type_][0]
        if type_ == "id":
            return f"X{next(self.n)}"
        if type_.startswith("ref:"):
            return Ref(type_[4:], owner, next(self.n))
        return self.text(key)

    def obj(self, cls: str, skip=()) -> dict:
        out: dict = {}
        self.made.append((cls, next(self.n), out))
        for key, spec in model.declared(cls).items():
            if key in skip:
                continue
            inner = spec.type.removeprefix("list:")
            if spec.type.startswith("list:") and types.is_object(inner):
                out[key] = [self.obj(inner) for _ in range(2)]
            elif types.is_object(spec.type):
                out[key] = self.obj(spec.type)
            else:
                out[key] = self.value(key, spec.type, out)
        return out

    def resolve(self, value, offers):
        if isinstance(value, dict):
            return {k: self.resolve(v, offers) for k, v in value.items()}
        if isinstance(value, list):
            out = [self.resolve(v, offers) for v in value]
            return list(dict.fromkeys(out)) if all(isinstance(v, str) for v in out) else out
        if not isinstance(value, Ref):
            return value
        if value.kind == "principle":
            return frameworks.get(frameworks.DEFAULT).principles[value.order % 7].id
        if value.kind == "offer":
            return offers[value.order % len(offers)]
        own = next(cls for cls, _, o in self.made if o is value.owner)
        ids = [o["id"] for cls, order, o in self.made if cls.lower() == value.kind and "id" in o
               and o is not value.owner and (cls != own or order < self._order(value.owner))]
        return ids[value.order % len(ids)] if ids else None

    def _order(self, obj) -> int:
        return next(order for _, order, o in self.made if o is obj)


def _drop_empty(value):
    if isinstance(value, dict):
        return {k: _drop_empty(v) for k, v in value.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_drop_empty(v) for v in value if v is not None]
    return value


def full_strategy() -> dict:
    f = Filler()
    data = f.obj("Strategy", skip=("cpstrat", "framework", "period", "reading_ease_min"))
    data.update(cpstrat=1, framework=frameworks.DEFAULT, reading_ease_min=0,
                period={"start": dt.date(2023, 4, 1), "end": dt.date(2026, 3, 31)})
    for i, action in enumerate(data["actions"], start=1):
        action["id"] = f"A{i:02d}"
    data = _drop_empty(f.resolve(data, ["bus-pass", "council-tax"]))
    # published figures: a catalogue entry that exists, a CSV in the folder (written beside the strategy by
    # the test) and the council and neighbours it has rows for
    from published_csv import COUNCIL, NEIGHBOURS

    data["benchmarks"] = {"la_code": COUNCIL, "statistical_neighbours": NEIGHBOURS,
                          "neighbours_source": data.get("benchmarks", {}).get("neighbours_source", "A model")}
    for indicator in data.get("indicators", []):
        indicator["catalogue"] = "placement-stability-3plus"
        indicator["data"] = {"file": "data/placements.csv", "column": "percentage",
                             "filters": {"placement_stability": "Three or more placements"}}
    return data


def test_a_strategy_with_every_key_filled_comes_back_key_for_key(tmp_path):
    data = full_strategy()
    folder = tmp_path / "full"
    folder.mkdir()
    w = Writer()
    emit_object(w, 0, "Strategy", data)
    (folder / "strategy.yaml").write_text(w.text(), encoding="utf-8")
    from published_csv import placements_csv

    (folder / "data").mkdir()
    (folder / "data" / "placements.csv").write_text(placements_csv(), encoding="utf-8")
    # offers live in the folder's local offer, beside the strategy
    (folder / "local-offer.yaml").write_text(
        "cpstrat: 1\ncouncil: Testshire County Council\npublished: 2023-04-01\noffers:\n"
        "  - {id: bus-pass, area: health-and-wellbeing, title: Free bus pass}\n"
        "  - {id: council-tax, area: financial-literacy, title: No council tax until 25}\n", encoding="utf-8")
    original = check(folder)
    assert not original.errors, [d.as_text() for d in original.errors]
    s = original.strategy
    # every key of every object in the strategy's file is filled, so each one is tested
    def filled(cls, objects):
        for f in dataclasses.fields(model.CLASSES[cls]):
            spec = f.metadata.get("key")
            if spec is None:
                continue
            assert any(getattr(o, f.name) not in ("", (), {}, None) for o in objects), (cls, f.name)
            inner = spec.type.removeprefix("list:")
            if types.is_object(inner):
                filled(inner, [x for o in objects for x in (getattr(o, f.name) if spec.type.startswith("list:")
                                                           else [getattr(o, f.name)])])

    filled("Strategy", [s])
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
    assert [wb["Updates"].cell(6, c).value for c in (1, 5)] == ["A01", "At risk"]
    assert wb["Updates"].cell(7, 5).value == "Not started"  # no update for A02: the strategy's status
    assert wb["Measures"].cell(6, 6).value == 91
    assert cli("collect", small, form, "--as-at", "2024-03-31").exit_code == 0  # unedited: no CP077
    assert cli("export-xlsx", small, "-o", plan).exit_code == 0
    ws = openpyxl.load_workbook(plan)["Action plan"]
    heads = [c.value for c in ws[1]]
    row = dict(zip(heads, [c.value for c in ws[2]], strict=True))
    # the newest file (2024-03-31, collected above) has no update for A01: the one before it gives the news
    # one status column: the current status, in words (strategy.yaml's on-track is only where it started)
    assert row["Status"] == "At risk" and "Latest status" not in row
    assert "At 2023-09-30: At risk" in row["Latest progress"]
    measures = openpyxl.load_workbook(plan)["Measures"]
    assert [c.value for c in measures[2]][-1] == 91
