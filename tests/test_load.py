"""Loader edge cases: unreadable input, YAML traps and hostile structures."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import SMALL

from cpstrat.checks.run import check
from cpstrat.format.diagnostics import CpstratError
from cpstrat.format.load import Map, key_pos, load_file, parse, value_pos

# every test here runs with each YAML reader
pytestmark = pytest.mark.usefixtures("reader")

def fatal(text: str):
    with pytest.raises(CpstratError) as info:
        parse(text, "f.yaml")
    return info.value.diagnostics[0]


def test_positions_of_keys_and_values():
    data = parse("a: 1\nlist:\n  - x\n  - {b: 2022-03-31}\n", "f.yaml").data
    assert isinstance(data, Map)
    assert key_pos(data, "list") == (2, 1)
    assert value_pos(data["list"], 1) == (4, 5)
    assert value_pos(data["list"][1], "b") == (4, 9)
    assert data["list"][1]["b"] == dt.date(2022, 3, 31)


def test_yaml_12_scalars_no_surprises():
    data = parse("a: no\nb: on\nc: 1:30\nd: 1.10\ne: true\nf: ~\ng: '2022-01-01'\nh: 010\n", "f").data
    assert data == {"a": "no", "b": "on", "c": "1:30", "d": 1.1, "e": True, "f": None, "g": "2022-01-01", "h": 10}


def test_keys_keep_their_text():
    assert list(parse("on: 1\nno: 2\n3: x\n", "f").data) == ["on", "no", "3"]


def test_duplicate_key_reported_with_both_lines():
    src = parse("a: 1\nb: 2\na: 3\n", "f.yaml")
    (d,) = src.diagnostics
    assert (d.code, d.line, d.column) == ("CP011", 3, 1)
    assert "first at line 1" in d.message
    assert src.data["a"] == 1


def test_python_tags_refused_never_constructed():
    src = parse("a: !!python/object/apply:os.system ['echo hacked']\n", "f")
    assert [d.code for d in src.diagnostics] == ["CP013"]
    assert src.data["a"] is None


def test_alias_bomb_refused_quickly():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 12)]
    d = fatal("\n".join(lines) + "\n")
    assert d.code == "CP012" and "alias bomb" in d.message


def test_recursive_alias_refused():
    assert fatal("a: &x [1, *x]\n").code == "CP012"


def test_small_alias_allowed():
    assert parse("x: &p [a, b]\ny: *p\n", "f").data["y"] == ["a", "b"]


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, "- " * 100_000 + "x", "{a: " * 50_000])
def test_deep_nesting_refused_without_crash(text):
    d = fatal(text)
    assert d.code in ("CP014", "CP010")


def test_tab_indentation_explained():
    d = fatal("a:\n\t- b\n")
    assert (d.code, d.line) == ("CP010", 2)
    assert "tab" in d.message and "spaces" in d.hint


def test_unquoted_colon_hint():
    d = fatal("title: Aim: stable homes\n")
    assert d.code == "CP010" and d.line == 1 and "quoted" in d.hint


def test_second_document_refused():
    assert fatal("a: 1\n---\nb: 2\n").line == 2


def test_complex_key_refused():
    assert [d.code for d in parse("? [a, b]\n: 1\n", "f").diagnostics] == ["CP015"]


@pytest.mark.parametrize("data, code", [
    (b"", "CP004"),
    (b"# only a comment\n\n", "CP004"),
    (b"a: \xff\xfe bad\n", "CP002"),
    (b"PK\x03\x04\x00\x00binary", "CP003"),
])
def test_unreadable_files(tmp_path, data, code):
    f = tmp_path / "s.yaml"
    f.write_bytes(data)
    with pytest.raises(CpstratError) as info:
        load_file(f)
    assert info.value.diagnostics[0].code == code
    assert info.value.exit_code == 2


def test_non_utf8_names_line_and_column(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(CpstratError) as info:
        load_file(f)
    d = info.value.diagnostics[0]
    assert (d.code, d.line, d.column) == ("CP002", 2, 7)
    assert "0xe9" in d.message


def test_bom_and_crlf_accepted(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_bytes(b"\xef\xbb\xbf" + SMALL.replace("\n", "\r\n").encode())
    result = check(f)
    assert [d.code for d in result.diagnostics] == ["CP052"]  # A02 has no measure: a warning


def test_too_large_file(tmp_path, monkeypatch):
    import cpstrat.format.load as load

    monkeypatch.setattr(load, "MAX_BYTES", 100)
    f = tmp_path / "s.yaml"
    f.write_text(SMALL)
    with pytest.raises(CpstratError) as info:
        load_file(f)
    assert info.value.diagnostics[0].code == "CP006"


def test_missing_path_and_folder_without_strategy(tmp_path):
    assert [d.code for d in check(tmp_path / "nope").diagnostics] == ["CP001"]
    assert [d.code for d in check(tmp_path).diagnostics] == ["CP005"]
    assert check(tmp_path).exit_code == 2


def test_top_level_must_be_mapping(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text("- a\n- b\n")
    result = check(f)
    assert [d.code for d in result.diagnostics] == ["CP016"]
    assert result.exit_code == 1


def test_unreadable_file_permission(tmp_path):
    import os

    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    f = tmp_path / "s.yaml"
    f.write_text(SMALL)
    f.chmod(0)
    assert [d.code for d in check(f).diagnostics] == ["CP007"]
