"""`cpstrat textconv` and `cpstrat git-setup`: git diff shows strategies value by value."""

from __future__ import annotations

import os
import subprocess

from conftest import PROGRESS, ROOT, SMALL, run
from gitrepo import Repo

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


def test_broken_yaml_and_binary_files_are_printed_as_they_are(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"council: [unclosed\n\tbad: tab\n")
    out = run("textconv", broken, text=False)
    assert out.returncode == 0 and out.stdout == broken.read_bytes() and out.stderr == b""
    binary = tmp_path / "logo.yaml"
    binary.write_bytes(bytes(range(256)) * 4)
    out = run("textconv", binary, text=False)
    assert out.returncode == 0 and out.stdout == binary.read_bytes()
    scalar = tmp_path / "plain.yaml"
    scalar.write_text("just a sentence\n")
    assert run("textconv", scalar).stdout == "just a sentence\n"


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
    assert (repo.root / ".gitattributes").read_text() == "*.yaml diff=cpstrat\n"
    again = run("git-setup", cwd=repo.root)
    assert "already names the cpstrat driver" in again.stdout
    assert (repo.root / ".gitattributes").read_text() == "*.yaml diff=cpstrat\n"
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
    assert "*.yaml diff=cpstrat" in (repo.root / ".git" / "info" / "attributes").read_text()


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
    if text is None or "\0" in text:  # not text: as it is
        assert converted == data
    else:  # text: the normal form, or the text as it is, with control characters escaped
        form = normal_form(text)
        assert converted == terminal(text if form is None else form).encode("utf-8")
