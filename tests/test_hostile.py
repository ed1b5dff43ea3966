"""Hostile and unusual files: each gives a clear diagnostic (code, text, line), never a traceback or a hang."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import PROGRESS, run
from conftest import SMALL as _SMALL

from cpstrat.checks.run import check
from cpstrat.format.load import MAX_BYTES, MAX_DEPTH

# The shared small strategy with a measure for A02, so that it draws no warning at all
# (the plain-language rules ask every action for a measure); lines 1-36 are unchanged.
SMALL = _SMALL + "    measures:\n      - {id: A02-m1, text: Care leavers who use the free bus pass}\n"


# every test here runs with each YAML reader
pytestmark = pytest.mark.usefixtures("reader")

def write(folder: Path, text: str | bytes, name: str = "strategy.yaml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def only(result, code: str):
    """The single diagnostic of `result`, which must have `code`."""
    assert [d.code for d in result.diagnostics] == [code], [(d.code, d.message) for d in result.diagnostics]
    return result.diagnostics[0]


def codes(result) -> list[str]:
    return [d.code for d in result.diagnostics]


# -- YAML that would hurt the reader ---------------------------------------------

ALIAS_BOMB = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
"""


def test_alias_bomb_is_refused(tmp_path):
    d = only(check(write(tmp_path, ALIAS_BOMB)), "CP012")
    assert "alias bomb" in d.message
    assert (d.line, d.column) == (5, 8)  # the first alias that passes the limit
    assert "at most 10000 nodes" in d.hint


def test_alias_to_its_own_container_is_refused(tmp_path):
    d = only(check(write(tmp_path, "a: &x {b: *x}\n")), "CP012")
    assert "refers to the mapping or list that contains it" in d.message
    assert (d.line, d.column) == (1, 11)


@pytest.mark.parametrize("text", [
    "actions: " + "[" * 100_000 + "]" * 100_000 + "\n",
    "[" * 100_000,
    "- " * 100_000 + "x\n",
    "".join(" " * i + "k:\n" for i in range(2_000)),
], ids=["flow-closed", "flow-open", "block-sequence", "block-mapping"])
def test_deep_nesting_is_refused_without_crashing(tmp_path, text):
    path = write(tmp_path, text)
    d = only(check(path), "CP014")
    assert d.message == f"the YAML is nested more than {MAX_DEPTH} levels deep"
    assert d.line >= 1
    r = run("check", path)  # a recursive parser would overflow the C stack and kill the process
    assert r.returncode == 1 and "Traceback" not in r.stderr and "CP014" in r.stdout


def test_second_document_is_refused(tmp_path):
    d = only(check(write(tmp_path, SMALL + "---\ncpstrat: 1\n")), "CP010")
    assert "a second YAML document" in d.message and d.line == 39


def test_duplicate_key(tmp_path):
    d = only(check(write(tmp_path, SMALL.replace("    lead: Head of Transport\n",
                                                 "    lead: Head of Transport\n    lead: Someone else\n"))), "CP011")
    assert d.message == "key 'lead' appears twice in the same mapping (first at line 34)"
    assert (d.line, d.column) == (35, 5)


def test_python_tags_are_refused(tmp_path):
    result = check(write(tmp_path, SMALL.replace("council: Testshire County Council",
                                                 "council: !!python/object/apply:os.system [ls]")))
    assert "CP013" in codes(result)
    d = next(d for d in result.diagnostics if d.code == "CP013")
    assert "python/object/apply:os.system" in d.message and d.line == 2


# -- files that are too big, not text, or not files -------------------------------

def test_50_mb_file_is_refused_at_once(tmp_path):
    path = tmp_path / "strategy.yaml"
    with open(path, "wb") as handle:  # sparse: the size is what is checked, before any read
        handle.truncate(50 * 2**20)
    result = check(path)
    d = only(result, "CP006")
    assert d.message == f"the file is 50.0 MB, larger than the {MAX_BYTES // 2**20} MB cpstrat reads"
    assert result.exit_code == 2


def test_latin1_file_names_the_byte_and_place(tmp_path):
    d = only(check(write(tmp_path, SMALL.replace("Testshire", "Tésthire").encode("latin-1"))), "CP002")
    assert d.message == "the file is not UTF-8 text (byte 0xe9 cannot be decoded)"
    assert (d.line, d.column) == (2, 11)
    assert "UTF-8" in d.hint


def test_utf8_bom_is_accepted(tmp_path):
    assert check(write(tmp_path, b"\xef\xbb\xbf" + SMALL.encode())).diagnostics == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_read_as_yaml_detects_them(tmp_path, encoding):
    text = SMALL.replace("    lead: Head of Transport\n", "    lead: Head of Transport\n    colour: blue\n")
    d = only(check(write(tmp_path, text.encode(encoding))), "CP022")
    assert (d.line, d.column) == (35, 5)


def test_crlf_and_cr_line_ends(tmp_path):
    assert check(write(tmp_path / "a", SMALL.replace("\n", "\r\n").encode())).diagnostics == []
    broken = SMALL.replace("due: 2024-03-31", "due: 2024-13-31").replace("\n", "\r\n")
    d = only(check(write(tmp_path / "b", broken.encode())), "CP100")
    assert (d.line, d.column) == (35, 10)


def test_tab_indentation_is_named(tmp_path):
    d = only(check(write(tmp_path, SMALL.replace("  - id: A02", "\t- id: A02"))), "CP010")
    assert d.message == "YAML syntax error: a tab character where YAML expects spaces"
    assert d.line == 31 and "spaces, not tabs" in d.hint


def test_nul_bytes_mean_binary(tmp_path):
    result = check(write(tmp_path, SMALL.encode() + b"\x00\x01\x02"))
    assert only(result, "CP003").message == "the file is binary, not YAML text"
    assert result.exit_code == 2


def test_control_character_is_located(tmp_path):
    d = only(check(write(tmp_path, SMALL.replace("Testshire", "Test\x01shire"))), "CP010")
    assert d.message == "YAML syntax error: the character U+0001 is not allowed in YAML"
    assert (d.line, d.column) == (2, 14)


def test_folder_named_strategy_yaml(tmp_path):
    (tmp_path / "s" / "strategy.yaml").mkdir(parents=True)
    for arg in (tmp_path / "s", tmp_path / "s" / "strategy.yaml"):
        result = check(arg)
        d = only(result, "CP007")
        assert d.message == "cannot read the file: it is a folder, not a file"
        assert result.exit_code == 2


def test_fifo_does_not_block(tmp_path):
    fifo = tmp_path / "strategy.yaml"
    os.mkfifo(fifo)
    r = run("check", tmp_path)  # reading a FIFO with no writer would block for ever
    assert r.returncode == 2
    assert "CP007 cannot read the file: it is not a regular file (a pipe, socket or device)" in r.stdout


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, SMALL)
    path.chmod(0)
    try:
        d = only(check(tmp_path), "CP007")
        assert "Permission denied" in d.message
    finally:
        path.chmod(0o644)


def test_symlink_loop(tmp_path):
    (tmp_path / "strategy.yaml").symlink_to(tmp_path / "strategy.yaml")
    result = check(tmp_path)
    d = only(result, "CP007")
    assert "symbolic links" in d.message
    assert result.exit_code == 2


def test_missing_path(tmp_path):
    d = only(check(tmp_path / "nope.yaml"), "CP001")
    assert d.message == "no such file or folder"


# -- values of the wrong kind -----------------------------------------------------

def test_number_where_an_id_is_expected(tmp_path):
    result = check(write(tmp_path, SMALL.replace("  - id: A02", "  - id: 2")))
    d = next(d for d in result.diagnostics if d.code == "CP020")
    assert d.message == "'id' of item 2 of 'actions' of the strategy must be an id (text), not the number 2"
    assert (d.line, d.column) == (31, 9)
    assert d.hint == 'put the id in quotes: "2"'


def test_year_where_a_date_is_expected(tmp_path):
    d = only(check(write(tmp_path, SMALL.replace("due: 2024-03-31", "due: 2024"))), "CP100")
    assert d.message == "'due' of action 'A02' is not a due date: 2024 (a year alone)"
    assert (d.line, d.column) == (35, 10)


def test_yaml11_no_stays_text_and_is_named(tmp_path):
    d = only(check(write(tmp_path, SMALL.replace("status: not-started", "status: no"))), "CP024")
    assert d.message == "invalid status 'no'"
    assert (d.line, d.column) == (36, 13)


def test_yaml11_on_off_stay_text(tmp_path):
    result = check(write(tmp_path, SMALL.replace("lead: Head of Transport", "lead: off").replace(
        "cpstrat: 1\n", "cpstrat: 1\non: yes\n")))
    d = only(result, "CP022")
    assert d.message.startswith("unknown key 'on' in the strategy")
    assert (d.line, d.column) == (2, 1)
    assert result.strategy.actions[1].lead == ("off",)


def test_huge_integer_is_text_not_a_crash(tmp_path):
    d = only(check(write(tmp_path, SMALL.replace("target: 98", "target: " + "9" * 5000))), "CP020")
    assert d.message.startswith("'target' of measure 'A01-m1' must be a number, not the text '9999")
    assert (d.line, d.column) == (28, 17)


@pytest.mark.parametrize("text, code", [
    ("- just\n- a list\n", "CP016"),
    ("just text\n", "CP016"),
    ("# only a comment\n\n", "CP004"),
    ("", "CP004"),
    ("? [a, b]\n: 1\n", "CP015"),
])
def test_files_that_are_not_strategies(tmp_path, text, code):
    assert code in codes(check(write(tmp_path, text)))


# -- progress files ---------------------------------------------------------------

def test_broken_progress_file_is_reported_and_the_strategy_still_checked(small):
    (small / "progress" / "2023-03-31.yaml").write_text(PROGRESS.replace("updates:", "updates: [\n"))
    (small / "strategy.yaml").write_text(SMALL.replace("due: 2024-03-31", "due: 2024-02-30"))
    result = check(small)
    assert codes(result) == ["CP100", "CP010"]
    syntax = result.diagnostics[1]
    assert syntax.file.endswith(os.path.join("progress", "2023-03-31.yaml"))
    assert (syntax.line, syntax.column) == (13, 3)  # the block entry inside the unclosed `[`


def test_progress_file_holding_a_list(small):
    (small / "strategy.yaml").write_text(SMALL)
    (small / "progress" / "2023-03-31.yaml").write_text("- action: A01\n")
    d = only(check(small), "CP016")
    assert d.file.endswith("2023-03-31.yaml") and "not a list" in d.message


def test_empty_progress_folder(small):
    (small / "strategy.yaml").write_text(SMALL)
    (small / "progress" / "2023-03-31.yaml").unlink()
    assert check(small).diagnostics == []


def test_folder_in_progress_folder(small):
    (small / "strategy.yaml").write_text(SMALL)
    (small / "progress" / "2024-03-31.yaml").mkdir()
    d = only(check(small), "CP007")
    assert d.file.endswith("2024-03-31.yaml") and "folder" in d.message


def test_cli_reports_every_hostile_file_in_one_run(tmp_path):
    bad = {
        "bomb": ALIAS_BOMB, "deep": "[" * 50_000, "latin1": "council: caf\xe9\n".encode("latin-1"),
        "nul": b"a: 1\x00\n", "tabs": "a:\n\tb: 1\n",
    }
    for name, text in bad.items():
        write(tmp_path / name, text)
    r = run("check", *(tmp_path / n for n in bad))
    assert r.returncode == 2
    assert "Traceback" not in r.stderr + r.stdout
    assert f"{len(bad)} strategies checked, {len(bad)} failed" in r.stdout


def test_path_too_long_for_the_file_system(tmp_path):
    r = run("check", "a" * 5000, "a/" * 3000 + "x.yaml", cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stdout.count("error CP007 cannot read the file: File name too long") == 2
