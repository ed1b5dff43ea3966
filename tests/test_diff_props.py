"""Properties of the keyed comparison, on generated versions drawn from the whole schema."""

from __future__ import annotations

import copy
import dataclasses
import json

import schema_gen
from conftest import run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpstrat.analysis.diff import Item, compare_items
from cpstrat.checks.run import check

ids = st.sampled_from([f"A{i:02d}" for i in range(12)])


@st.composite
def action_fields(draw) -> dict:
    """The fields of one action, every declared key possible, with references to ids that need not exist."""
    # short texts: matching by id needs equal and unequal values, not long ones (the whole-strategy test has those)
    pool = schema_gen.Ids(text=schema_gen.SHORT_OR_AWKWARD)
    pool.kinds.update(principle=["best-interests", "adulthood", "local-pride"], priority=["health", "homes"],
                      ask=["cicc-listen"], action=["A00", "A05"], measure=["A00-m1"])
    fields = schema_gen.obj(draw, pool, "Action", skip={"id"})
    # a small pool of titles and statuses too, so equal and near-equal values (renames) come up
    if draw(st.booleans()):
        fields["title"] = draw(st.sampled_from(["Free bus travel", "Free bus travel for all", "Stable homes"]))
    if draw(st.booleans()):
        fields["status"] = draw(st.sampled_from([None, "on-track", "complete"]))
    return fields


items = st.lists(st.builds(lambda i, fields: Item(i, fields.get("title") or "", fields), ids, action_fields()),
                 max_size=6, unique_by=lambda item: item.id)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(items, items)
def test_added_removed_changed_follow_the_ids(old, new):
    result = compare_items(old, new)
    before = {i.id: i for i in old}
    after = {i.id: i for i in new}
    assert [i.id for i in result.added] == [i.id for i in new if i.id not in before]
    assert [i.id for i in result.removed] == [i.id for i in old if i.id not in after]
    assert [c.id for c in result.changed] == [i.id for i in new if i.id in before and before[i.id].fields != i.fields]
    for change in result.changed:
        assert change.fields, change
        for name, (was, now) in change.fields.items():
            assert before[change.id].fields.get(name) == was and after[change.id].fields.get(name) == now != was


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(items, items)
def test_renames_pair_removed_with_added_at_most_once(old, new):
    result = compare_items(old, new)
    removed = {i.id for i in result.removed}
    added = {i.id for i in result.added}
    olds = [r.old for r in result.renamed]
    news = [r.new for r in result.renamed]
    assert set(olds) <= removed and set(news) <= added
    assert len(set(olds)) == len(olds) and len(set(news)) == len(news)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(items)
def test_a_version_compared_with_itself_has_no_changes(version):
    assert not compare_items(version, list(reversed(version)))


# -- whole strategies, through `cpstrat diff` ------------------------------------------------------------

SECTIONS = {
    "actions": lambda s: s.actions,
    "priorities": lambda s: s.priorities,
    "voices": lambda s: s.voices,
    "asks": lambda s: [a for v in s.voices for a in v.asks],
    "measures": lambda s: [m for a in s.actions for m in a.measures],
}


def comparable(value):
    """A model value as diff compares it: a nested keyed thing (an action's measure, a voice's ask) by its
    id alone, since it is compared in its own section."""
    if isinstance(value, tuple):
        return tuple(comparable(v) for v in value)
    return getattr(value, "id", value) if dataclasses.is_dataclass(value) else value


def changed_fields(old, new) -> set[tuple[str, str]]:
    """(id, field) of every field that differs between objects of the same id, read from the model."""
    before = {o.id: o for o in old}
    out = set()
    for obj in new:
        if obj.id in before:
            for f in dataclasses.fields(obj):
                was, now = getattr(before[obj.id], f.name), getattr(obj, f.name)
                if f.compare and f.name != "id" and comparable(was) != comparable(now):
                    out.add((obj.id, f.name))
    return out


def loaded(folder, data):
    folder.mkdir()
    (folder / "strategy.yaml").write_text(schema_gen.dump(data), "utf-8")
    result = check(folder)
    assert not result.errors, [d.as_text() for d in result.errors]
    return folder, result.strategy


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_diff_reports_exactly_the_fields_that_differ(tmp_path_factory, data):
    old = data.draw(schema_gen.strategies(), label="old")
    new = copy.deepcopy(old)
    for _ in range(data.draw(st.integers(0, 5), label="edits")):
        schema_gen.edit(data.draw, new)
    root = tmp_path_factory.mktemp("v")
    (a, before), (b, after) = loaded(root / "old", old), loaded(root / "new", new)
    out = run("diff", a, b, "--format", "json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    differs = False
    for section, members in SECTIONS.items():
        expected = changed_fields(members(before), members(after))
        got = {(c["id"], name) for c in report[section]["changed"] for name in c["fields"]}
        assert got == expected, (section, got ^ expected)
        assert report[section]["added"] == report[section]["removed"] == [], section
        differs |= bool(expected)
    assert report["differs"] is differs
    for fmt in ("text", "md"):
        shown = run("diff", a, b, "--format", fmt)
        assert shown.returncode == 0 and "Traceback" not in shown.stderr, shown.stderr
