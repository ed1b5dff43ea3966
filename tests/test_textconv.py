"""`cpstrat textconv` and `cpstrat git-setup`: git diff shows strategies value by value."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROGRESS, ROOT, SMALL, run
from gitrepo import Repo

from cpstrat.git.setup import ATTRIBUTE
from cpstrat.git.textconv import normal_form


def test_each_value_on_its_own_line_named_by_ids():
    lines = normal_form(SMALL).splitlines()
    assert "council: Testshire County Council" in lines
    assert "period.start: 2022-04-01" in lines
    assert "actions[A01].title: Share good practice on emotional wellbeing across the partnership" in lines
    assert "actions[A01].measures[A01-m1].target: 98" in lines
    assert "actions[A02].principles: [access-services, high-aspirations, safe-and-stable, adulthood]" in lines
    assert "voices[cicc].asks[cicc-listen].text: Workers listening to our views" in lines
    assert not any(line.startswith("actions[A01].id") for line in lines)


def test_progress_updates_are_named_by_their_action():
    lines = normal_form(PROGRESS).splitlines()
    assert "updates[A01].status: complete" in lines
    assert "updates[A01].measures.A01-m1: 97" in lines


def test_layout_and_comments_do_not_change_the_normal_form():
    reflowed = (SMALL.replace("period: {start: 2022-04-01, end: 2025-03-31}",
                              "period:\n  start: 2022-04-01\n  end: 2025-03-31")
                .replace("partners: [Health, Police]", "partners:\n      - Health\n      - 'Police'")
                .replace("cpstrat: 1\n", "# the format version\ncpstrat: 1\n"))
    assert reflowed != SMALL
    assert normal_form(reflowed) == normal_form(SMALL)


def test_long_text_lists_have_one_unnumbered_line_per_item():
    text = "items:\n  - " + "a long piece of text that goes on, and on " * 2 + "\n  - short\n"
    lines = normal_form(text).splitlines()
    assert lines == ["items[]: " + ("a long piece of text that goes on, and on " * 2).strip(), "items[]: short"]


def test_broken_yaml_and_binary_files_are_printed_as_they_are_but_escaped(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"council: [unclosed\n\tbad: tab\n")
    out = run("textconv", broken, text=False)
    assert out.returncode == 0 and out.stdout == broken.read_bytes() and out.stderr == b""
    binary = tmp_path / "logo.yaml"
    binary.write_bytes(bytes(range(256)) * 4)
    out = run("textconv", binary, text=False)
    assert out.returncode == 0 and out.stdout == _escaped(binary.read_bytes())
    assert b"\x1b" not in out.stdout and b"\x00" not in out.stdout and b"\\u001b" in out.stdout
    scalar = tmp_path / "plain.yaml"
    scalar.write_text("just a sentence\n")
    assert run("textconv", scalar).stdout == "just a sentence\n"


def _escaped(data: bytes) -> bytes:
    """A binary file as textconv shows it: bytes that are not UTF-8 as \\xff, control characters as \\u001b."""
    from cpstrat.util.escape import terminal

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8-sig", errors="backslashreplace")
    return terminal(text).encode("utf-8")


def test_a_file_with_escape_sequences_and_a_nul_byte_is_shown_escaped(tmp_path):
    hostile = tmp_path / "hostile.yaml"
    hostile.write_bytes(b"title: \x1b]0;owned\x07\x1b[2J\x00 text\n\x9b31m\n")
    out = run("textconv", hostile, text=False)
    assert out.returncode == 0
    assert not any(b in out.stdout for b in (b"\x1b", b"\x07", b"\x00", "\x9b".encode()))
    assert b"\\u001b]0;owned\\u0007" in out.stdout and b"\\u0000" in out.stdout


@pytest.mark.parametrize("special", ["fifo", "/dev/zero", "folder"])
def test_textconv_reads_regular_files_only(tmp_path, special):
    """A named pipe would block the read for ever and /dev/zero never ends: each is refused before reading."""
    if special == "fifo":
        path = tmp_path / "pipe.yaml"
        os.mkfifo(path)
    elif special == "folder":
        path = tmp_path
    else:
        path = Path(special)
    out = run("textconv", path)
    assert out.returncode == 2, out
    assert "not a regular file" in out.stderr or "a folder" in out.stderr
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr


def test_textconv_keeps_to_a_size_budget(tmp_path, monkeypatch):
    from cpstrat.format import load

    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 5000 + "\n")
    monkeypatch.setattr(load, "MAX_BYTES", 4096)
    out = run("textconv", big)
    assert out.returncode == 0 and out.stdout.startswith("(a file larger than") and len(out.stdout) < 100


def test_missing_file_is_an_error_not_a_traceback(tmp_path):
    out = run("textconv", tmp_path / "gone.yaml")
    assert out.returncode == 2 and "cannot read the file" in out.stderr and "Traceback" not in out.stderr


def _git_env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "GIT_PAGER": "cat"}


def test_git_setup_makes_git_diff_show_values(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.write("strategy.yaml", SMALL)
    repo.commit("First")
    out = run("git-setup", cwd=repo.root)
    assert out.returncode == 0, out.stderr
    assert repo.git("config", "diff.cpstrat.textconv").strip().endswith("textconv")
    assert (repo.root / ".gitattributes").read_text() == ATTRIBUTE + "\n"
    again = run("git-setup", cwd=repo.root)
    assert "already names the cpstrat driver" in again.stdout
    assert (repo.root / ".gitattributes").read_text() == ATTRIBUTE + "\n"
    repo.write("strategy.yaml", SMALL.replace("status: not-started", "status: on-track"))
    diff = subprocess.run(["git", "diff"], cwd=repo.root, capture_output=True, text=True, env=_git_env()).stdout
    assert "-actions[A02].status: not-started" in diff
    assert "+actions[A02].status: on-track" in diff
    repo.commit("A02 under way")
    log = subprocess.run(["git", "log", "-p", "-1"], cwd=repo.root, capture_output=True, text=True,
                         env=_git_env()).stdout
    assert "+actions[A02].status: on-track" in log


def test_git_setup_private_writes_only_this_clone(tmp_path):
    repo = Repo(tmp_path / "repo")
    out = run("git-setup", "--private", "--command", "cpstrat textconv", cwd=repo.root)
    assert out.returncode == 0, out.stderr
    assert repo.git("config", "diff.cpstrat.textconv").strip() == "cpstrat textconv"
    assert not (repo.root / ".gitattributes").exists()
    assert ATTRIBUTE in (repo.root / ".git" / "info" / "attributes").read_text()


def test_git_diff_works_with_only_usr_bin_and_bin_on_path_and_other_yaml_stays_text(tmp_path):
    """git-setup run as a user would, then `git diff` where neither cpstrat nor this Python is on PATH
    (and cpstrat is not installed: nothing tells the interpreter where it is but the configured command)."""
    repo = Repo(tmp_path / "repo")
    repo.write("plans/walsall/strategy.yaml", SMALL)
    repo.write("plans/walsall/progress/2023-03-31.yaml", "cpstrat: 1\nas_at: 2023-03-31\nupdates: []\n")
    repo.write(".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks: []\n")
    repo.commit("First")
    out = subprocess.run([sys.executable, "-m", "cpstrat", "git-setup"], cwd=repo.root, capture_output=True,
                         text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    repo.write("plans/walsall/strategy.yaml", SMALL.replace("status: not-started", "status: on-track"))
    repo.write("plans/walsall/progress/2023-03-31.yaml", "cpstrat: 1\nas_at: 2023-03-31\nupdates: [{action: A01, "
               "status: complete}]\n")
    repo.write(".pre-commit-config.yaml", "repos:\n  - repo: local\n    hooks: [x]\n")
    minimal = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "GIT_PAGER": "cat", "LC_ALL": "C"}
    diff = subprocess.run(["git", "diff"], cwd=repo.root, capture_output=True, text=True, env=minimal)
    assert diff.returncode == 0 and diff.stderr == "", diff.stderr
    assert "+actions[A02].status: on-track" in diff.stdout
    assert "+updates[A01].status: complete" in diff.stdout
    assert "-    hooks: []\n+    hooks: [x]" in diff.stdout  # plain text, line for line


def test_git_setup_replaces_the_old_every_yaml_line(tmp_path):
    repo = Repo(tmp_path / "repo")
    (repo.root / ".gitattributes").write_text("*.png binary\n*.yaml diff=cpstrat\n", "utf-8")
    out = run("git-setup", "--command", "cpstrat textconv", cwd=repo.root)
    assert out.returncode == 0 and "replaced `*.yaml diff=cpstrat`" in out.stdout
    assert (repo.root / ".gitattributes").read_text("utf-8") == "*.png binary\n" + ATTRIBUTE + "\n"
    assert repo.git("check-attr", "diff", "--", ".pre-commit-config.yaml").strip().endswith("unspecified")


def test_git_setup_outside_a_repository_fails_cleanly(tmp_path):
    out = run("git-setup", cwd=tmp_path)
    assert out.returncode == 2 and "CP093" in out.stderr


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.binary(max_size=300),
                 st.text(alphabet=st.sampled_from(list("ab:- \n[]{}&*!#'\"\t|>")), max_size=120)
                 .map(lambda s: s.encode("utf-8"))))
def test_textconv_never_fails_and_prints_unreadable_input_as_it_is_but_escaped(tmp_path_factory, data):
    from cpstrat.git.textconv import convert

    path = tmp_path_factory.mktemp("fuzz") / "file.yaml"
    path.write_bytes(data)
    from cpstrat.util.escape import terminal

    converted, problem = convert(path)
    assert problem is None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = None
    if text is None or "\0" in text:  # not text: as it is, but escaped
        assert converted == _escaped(data)
    else:  # text: the normal form, or the text as it is, with control characters escaped
        form = normal_form(text)
        assert converted == terminal(text if form is None else form).encode("utf-8")
