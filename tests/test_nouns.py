"""The words for the things a strategy lists (format/nouns.yaml) name keys the format declares, and every
place that names them (check messages, diff sections, a paper's counts) reads them from there."""

from __future__ import annotations

from conftest import STRATEGIES, run

from cpstrat.analysis import diff
from cpstrat.format import model, nouns, types


def test_every_noun_names_a_list_key_of_the_format():
    lists = {name for cls in model.CLASSES for name, key in model.declared(cls).items()
             if types.list_of(key.type) is not None}
    assert set(nouns.nouns()) - lists == set()


def test_a_diff_compares_the_collections_nouns_marks_compared_in_its_order():
    assert diff.SECTIONS == nouns.compared() == (
        "actions", "priorities", "voices", "asks", "measures", "milestones", "pledges", "indicators")


def test_the_words_reach_the_outputs():
    old, new = STRATEGIES / "wolverhampton-2015", STRATEGIES / "wolverhampton-2021"
    assert f"{nouns.nouns()['voices'].title}:" in run("diff", old, new).stdout
    assert "(4 actions more)" in run("diff", old, new, "--format", "md").stdout
