"""The two YAML readers give the same answer: data, value types, positions and diagnostics.

rapidyaml reads first where it is installed; the libyaml reader reads what
the fast path leaves to it, and everything where rapidyaml is missing. Each
input here is read both ways, and the results must be equal down to the
type of every value (True is not 1) and the line and column of every key and
value; a file refused is refused with the same codes, lines, columns and words.
"""

from __future__ import annotations

import datetime as dt
import math
import random

import pytest
import yaml
from conftest import PROGRESS, SMALL, STRATEGIES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_fuzz import SEEDS, mutate
from yaml_grammar import Gen, documents

from cpstrat.format import load
from cpstrat.format.diagnostics import CpstratError

read_ryml = pytest.importorskip("cpstrat.format.read_ryml")


def canon(value):
    """A value as a comparable tree: types kept, positions included, NaN equal to itself."""
    if isinstance(value, load.Map):
        return ("map", value.line, value.column,
                [(k, value.pos.get(k), canon(v)) for k, v in value.items()])
    if isinstance(value, load.Seq):
        return ("seq", value.line, value.column, list(value.pos), [canon(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def outcome(reader, text: str):
    try:
        source = reader(text, "f.yaml")
    except CpstratError as exc:
        return ("refused", [(d.code, d.line, d.column, d.message, d.hint) for d in exc.diagnostics])
    return ("read", canon(source.data), [(d.code, d.line, d.column, d.message) for d in source.diagnostics])


def same(text: str) -> None:
    fast = outcome(load.parse, text)
    slow = outcome(load._parse_libyaml, text)
    assert fast == slow, repr(text[:3000])


BUNDLED = {p.relative_to(STRATEGIES).as_posix(): p for p in sorted(STRATEGIES.rglob("*.yaml"))}


@pytest.mark.parametrize("name", sorted(BUNDLED))
def test_bundled_files_read_alike_and_fast(name):
    text = BUNDLED[name].read_text(encoding="utf-8")
    assert read_ryml.parse(text, name) is not None, "the fast path should read a bundled file itself"
    same(text)


def test_small_strategy_and_progress_read_alike():
    for text in (SMALL, PROGRESS, SMALL.replace("\n", "\r\n")):
        assert read_ryml.parse(text, "f.yaml") is not None
        same(text)


def test_positions_are_found_on_first_use():
    source = read_ryml.parse("a: 1\nlist:\n  - x\n  - {b: 2022-03-31, c: '2022-03-31'}\n", "f.yaml")
    data = source.data
    assert data["list"][1] == {"b": dt.date(2022, 3, 31), "c": "2022-03-31"}
    assert object.__getattribute__(data, "lazy") is not None  # nothing looked up yet
    assert load.value_pos(data["list"][1], "c") == (4, 24)
    assert load.key_pos(data, "list") == (2, 1)
    assert (data["list"].line, data["list"].column) == (3, 3)


@pytest.mark.parametrize("seed_name", sorted(SEEDS))
def test_mutated_files_read_alike(seed_name):
    rng = random.Random(f"readers-{seed_name}")
    fast = 0
    for _ in range(300):
        data = SEEDS[seed_name]
        for _ in range(rng.choice([1, 1, 2, 3])):
            data = mutate(data, rng)
        text = data.decode("utf-8", "replace")
        same(text)
        fast += read_ryml.parse(text, "f.yaml") is not None
    assert fast > 100, "most mutations should still go through the fast path"


SCALARS = [
    "1", "-1", "+1", "0", "-0", "010", "0x1F", "0X1F", "0o17", "1_000", "1.10", "1.", ".5", "-.5", "+.5", "1e5",
    "1E5", "1e+5", "1.5e-3", "1e", ".inf", "-.inf", "+.inf", ".Inf", ".NaN", ".nan", "NaN", "Infinity", "inf",
    "true", "True", "TRUE", "tRue", "false", "yes", "no", "on", "off", "y", "n", "~", "null", "Null", "NULL",
    "nUll", "2022-04-01", "2022-4-1", "2022-02-30", "2022-04-01T10:00:00", "2022-04-01 10:00", "12:30", "1:30:00",
    "9" * 999, "9" * 1001, "-" + "9" * 1000, "0x" + "f" * 600, "1.0.0", "A01", "a b", "a  b", "é", "x#y",
    "'2022-04-01'", '"2022-04-01"', "'true'", '"1"', "'~'", '""', "''", '"a\\"b"', "'it''s'", '"\\u00e9"',
    '"tab\\there"', '"\\x41"', '"line\\nbreak"', "|\n  two\n  lines", ">-\n  folded\n  text", "|-\n  2022-04-01",
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_resolve_alike(scalar):
    for text in (f"a: {scalar}\n", f"- {scalar}\n", f"a:\n  - {scalar}\n  - x\n", f"k: [{scalar}]\n"):
        if "\n" in scalar and text.startswith("k:"):
            continue
        same(text)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.text(alphabet=st.sampled_from(list("0123456789.+-_eExXoO:~ntrufalsNTFiy #'\"")), min_size=1, max_size=12))
def test_generated_scalars_resolve_alike(scalar):
    same(f"a: {scalar}\nb: [{scalar}, x]\n")


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=15), st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1, max_size=8), inner,
                                                                          max_size=4)),
    max_leaves=20), flow=st.booleans())
def test_generated_documents_read_alike(doc, flow):
    text = yaml.dump({"root": doc}, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True,
                     default_flow_style=flow)
    same(text)


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n", "a: &x [1]\nb: *x\n", "a: !!str 1\n", "a: 1\n---\nb: 2\n", "---\na: 1\n", "a:\n\t- b\n",
    "<<: {a: 1}\n", "? [a, b]\n: 1\n", "a: [1, 2\n", "a: b: c\n", "a: \x01\n", "a: 1\rb: 2\n", "[" * 100_000,
    "- " * 100_000 + "x\n", "a: @x\n", "a: `x\n", "just text\n", "- a\n- b\n", "a: \"\\x01\"\n", "a: \"\\0\"\n",
])
def test_what_the_fast_path_leaves_to_libyaml_reads_alike(text):
    same(text)


def test_reader_can_be_chosen(monkeypatch):
    monkeypatch.setenv(load.READER_VARIABLE, "libyaml")
    assert load.reader_name() == "libyaml"
    source = load.parse("a: 2022-04-01\n", "f.yaml")
    assert object.__getattribute__(source.data, "pos") == {"a": (1, 1, 1, 4)}  # built at once, not later
    monkeypatch.delenv(load.READER_VARIABLE)
    assert load.reader_name() == "ryml"


def values(data) -> int:
    """The values the libyaml reader counts against its budget: each key, each scalar, list and mapping."""
    if isinstance(data, dict):
        return 1 + sum(1 + values(v) for v in data.values())
    if isinstance(data, list):
        return 1 + sum(values(v) for v in data)
    return 1


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=15), st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1, max_size=8), inner,
                                                                          max_size=4)),
    max_leaves=20), flow=st.booleans())
def test_the_close_count_of_values_never_falls_short(doc, flow):
    """The fast path hands ryml a large text only when this count is within the budget: it must never
    count fewer values than the file holds, whatever the style."""
    text = yaml.dump({"root": doc}, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True,
                     default_flow_style=flow)
    assert read_ryml._most_values_closely(text) >= values(load._parse_libyaml(text, "f.yaml").data)


def test_the_close_count_holds_for_every_bundled_and_fixture_file():
    from conftest import ROOT

    files = [*BUNDLED.values(), *sorted((ROOT / "tests" / "data").rglob("*.yaml"))]
    for path in files:
        text = path.read_text(encoding="utf-8")
        try:
            data = load._parse_libyaml(text, path.name).data
        except CpstratError:
            continue  # a fixture that is meant not to read
        assert read_ryml._most_values_closely(text) >= values(data), path


def test_a_large_file_of_dates_and_hyphens_takes_the_fast_path(monkeypatch, tmp_path):
    """Counting every `-` and `:` over-counts a file of dates and flow mappings; past the budget, the
    values are counted again where they can be indicators, rather than the file being left to the slow
    reader. Under a budget it really passes, both readers refuse it alike (CP017)."""
    from synthetic import write

    text = (write(tmp_path / "s", 300) / "strategy.yaml").read_text(encoding="utf-8")
    held = values(load._parse_libyaml(text, "s.yaml").data)
    closely = read_ryml._most_values_closely(text)
    monkeypatch.setattr(load, "NODES_BASE", 0)
    monkeypatch.setattr(load, "MAX_NODES", 10**9)
    roughly = read_ryml._most_values(text)
    assert held <= closely < roughly
    monkeypatch.setattr(load, "MAX_NODES", closely)
    assert read_ryml._most_values(text) == closely
    assert read_ryml.parse(text, "s.yaml") is not None
    same(text)
    monkeypatch.setattr(load, "MAX_NODES", held - 1)
    assert outcome(load.parse, text)[0] == "refused"
    same(text)


@pytest.mark.parametrize("folder", ["tests/data/real-plan", "strategies/walsall-2021"])
def test_checking_reads_positions_only_for_a_file_that_draws_a_diagnostic(folder, monkeypatch):
    """Positions cost a second read of the file (LatePositions): a rule must look one up only when it
    reports. The real-plan fixture (milestone updates, a period running past today) checks clean."""
    from conftest import ROOT

    from cpstrat.checks.run import check

    resolved = []
    real = load.LatePositions.resolve
    monkeypatch.setattr(load.LatePositions, "resolve", lambda self: resolved.append(self.display) or real(self))
    result = check(ROOT / folder)
    with_diagnostics = {d.file for d in result.diagnostics}
    assert set(resolved) <= with_diagnostics


# Texts the fast reader once read otherwise than libyaml, or accepted where libyaml refuses (issue 21).
TRICKY = {
    "comment in a multi-line flow mapping": "period: {start: 2026-04-01 # from April\n  , end: 2027-03-31}\n",
    "comment in a one-line flow mapping": "period: {start: 2026-04-01, # x\n end: 2027-03-31}\n",
    "special floats as keys": "a:\n  .NaN: 1\n  '.Inf': 2\n  \".nan\": 3\n  -.inf: 4\n",
    "escaped line break before a blank line": 'title: "one \\\n\n  two"\n',
    "|1 block of spaces": "title: |1\n   \n  x\n",
    "bad block header": "title: |-1e5\n  x\n",
    "surrogate escape": 'title: "\\ud800"\nother: "\\U0000dc00"\n',
    "plain key over 1024 characters": "a:\n  " + "k" * 1100 + ": 1\n",
    "implicit key on a flow list's continuation line": "a: [x,\n  b: c]\n",
}


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_tricky_texts_read_alike(name):
    same(TRICKY[name])
    same("title: Plan\n" + TRICKY[name])


def test_a_surrogate_escape_is_refused_by_both_readers():
    for reader in (load.parse, load._parse_libyaml):
        with pytest.raises(CpstratError) as caught:
            reader(TRICKY["surrogate escape"], "f.yaml")
        assert [(d.code, d.line) for d in caught.value.diagnostics] == [("CP010", 1)]


# Documents from the grammar of tests/yaml_grammar.py: four seeds of 800 documents take about two
# seconds and, with any one of the fast reader's guards removed, find the class it guards against
# (test_each_guard_is_needed).
GRAMMAR_SEEDS = [f"readers-grammar-{i}" for i in range(4)]


@pytest.mark.parametrize("seed", GRAMMAR_SEEDS)
def test_grammar_documents_read_alike(seed):
    fast = 0
    for text in documents(seed, 800):
        same(text)
        fast += read_ryml.parse(text, "f.yaml") is not None
    assert fast > 40, "some generated documents should go through the fast path"


def test_tricky_texts_in_real_strategies_read_alike():
    """A real strategy with a generated flow collection or scalar put in place of one of its values."""
    rng = random.Random("readers-tricky-in-real")
    gen = Gen("readers-tricky-values")
    for _name, data in sorted(SEEDS.items()):
        lines = data.decode("utf-8").split("\n")
        for _ in range(30):
            edited = list(lines)
            candidates = [i for i, ln in enumerate(lines) if ": " in ln and not ln.rstrip().endswith(":")]
            i = rng.choice(candidates)
            indent = len(lines[i]) - len(lines[i].lstrip())
            key = lines[i].split(": ", 1)[0]
            value = gen.flow(0, indent, rng.random() < 0.5) if rng.random() < 0.4 else gen.scalar(indent, False)
            edited[i] = key + ": " + value
            same("\n".join(edited))


_NEVER = __import__("re").compile("(?!)")
GUARDS = {  # each guard of the fast reader, and what it is without it
    "special floats": ("_SPECIAL_FLOAT", _NEVER),
    "escaped line breaks": ("_ESCAPED_BREAKS", ()),
    "block header digits": ("_BLOCK_DIGIT", _NEVER),
    "surrogate escapes": ("_SURROGATE_ESCAPE", _NEVER),
    "long keys": ("_LONG_KEY", 10**9),
    "flow collections over lines, and comments in them": ("_flow_unsure", lambda text: False),
}


@pytest.mark.parametrize("guard", sorted(GUARDS))
def test_each_guard_is_needed(guard, monkeypatch):
    """The generated documents are enough to find each class the fast reader must leave to libyaml:
    without the guard, some document reads differently (so the test above would fail)."""
    name, without = GUARDS[guard]
    monkeypatch.setattr(read_ryml, name, without)
    # keys the unguarded reader passes must not stay in its cache of keys seen to be safe
    monkeypatch.setattr(read_ryml, "_SAFE_KEYS", set())
    for seed in GRAMMAR_SEEDS:
        for text in documents(seed, 800):
            if outcome(load.parse, text) != outcome(load._parse_libyaml, text):
                return
    pytest.fail(f"no generated document needs the guard against {guard}")


def _embedded(name: str) -> str:
    """A tricky text put into the small strategy, under a key of its own."""
    from conftest import SMALL as strategy

    return strategy + "notes:\n" + "".join("  " + ln + "\n" for ln in TRICKY[name].splitlines())


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_check_and_textconv_print_the_same_under_either_reader(name, tmp_path, monkeypatch):
    """As a user sees it: `check` and `textconv` of a strategy holding a tricky text print the same,
    whichever reader runs, and a surrogate escape ends in a clean error, never a traceback."""
    from conftest import run

    folder = tmp_path / "s"
    folder.mkdir()
    (folder / "strategy.yaml").write_text(_embedded(name), encoding="utf-8")
    seen = []
    for chosen in ("ryml", "libyaml"):
        monkeypatch.setenv(load.READER_VARIABLE, chosen)
        printed = [(r.returncode, r.stdout, r.stderr) for r in (
            run("check", folder), run("textconv", folder / "strategy.yaml"),
            run("build", folder, "--format", "md,html", "--output", tmp_path / chosen))]
        assert all("Traceback" not in out + err for _, out, err in printed)
        seen.append(printed[:2])
    assert seen[0] == seen[1]
