"""Properties of the keyed comparison, on generated versions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cpstrat.analysis.diff import Item, compare_items

ids = st.sampled_from([f"A{i:02d}" for i in range(12)])
items = st.lists(
    st.builds(lambda i, title, status: Item(i, title, {"title": title, "status": status}),
              ids, st.sampled_from(["Free bus travel", "Free bus travel for all", "Stable homes", "Pathway plans"]),
              st.sampled_from([None, "on-track", "complete"])),
    max_size=10, unique_by=lambda item: item.id)


@settings(max_examples=200, deadline=None)
@given(items, items)
def test_added_removed_changed_follow_the_ids(old, new):
    result = compare_items(old, new)
    before = {i.id: i for i in old}
    after = {i.id: i for i in new}
    assert [i.id for i in result.added] == [i.id for i in new if i.id not in before]
    assert [i.id for i in result.removed] == [i.id for i in old if i.id not in after]
    assert [c.id for c in result.changed] == [i.id for i in new if i.id in before and before[i.id].fields != i.fields]
    for change in result.changed:
        for name, (was, now) in change.fields.items():
            assert before[change.id].fields[name] == was and after[change.id].fields[name] == now != was


@settings(max_examples=200, deadline=None)
@given(items, items)
def test_renames_pair_removed_with_added_at_most_once(old, new):
    result = compare_items(old, new)
    removed = {i.id for i in result.removed}
    added = {i.id for i in result.added}
    olds = [r.old for r in result.renamed]
    news = [r.new for r in result.renamed]
    assert set(olds) <= removed and set(news) <= added
    assert len(set(olds)) == len(olds) and len(set(news)) == len(news)


@given(items)
def test_a_version_compared_with_itself_has_no_changes(version):
    assert not compare_items(version, list(reversed(version)))
