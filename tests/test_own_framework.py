"""A strategy may name a framework file of its own (`framework: frameworks/our-own.yaml`, relative to
strategy.yaml): check, build, the young people's version and `principles` read it with no code change."""

from __future__ import annotations

import shutil

import docx
import pytest
from conftest import ROOT, run

from cpstrat.format import frameworks

EXAMPLE = ROOT / "examples" / "own-framework"
PRINCIPLES = ("Listen and act on what we hear", "A stable home", "Ambition for the future")


@pytest.fixture
def own(tmp_path):
    """A copy of the example: a strategy and its framework file in frameworks/ beside it."""
    folder = tmp_path / "council"
    shutil.copytree(EXAMPLE, folder)
    return folder


def test_the_example_checks_clean_from_another_working_folder(own, tmp_path):
    # the file is found beside strategy.yaml, not in the working folder
    result = run("check", own, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 errors, 0 warnings" in result.stdout


def test_the_plan_prints_the_frameworks_principles_in_every_format(own, tmp_path):
    out = tmp_path / "out"
    result = run("build", own, "-o", out, "--format", "docx,md,html")
    assert result.returncode == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(out / "council-action-plan.docx").paragraphs)
    markdown = (out / "council-action-plan.md").read_text("utf-8")
    html = (out / "council-action-plan.html").read_text("utf-8")
    for title in PRINCIPLES:
        assert title in text and title in markdown and title in html
    assert "listen to children and young people, and show them what changed" in markdown
    assert "Example Council corporate parenting promise, 2026" in text
    # nothing of the default framework's statute
    assert "Children and Social Work Act" not in text + markdown + html


def test_the_young_peoples_version_builds_on_it(own, tmp_path):
    out = tmp_path / "out"
    result = run("build", own, "-o", out, "--audience", "young-people")
    assert result.returncode == 0, result.stderr
    assert (out / "council-young-people.docx").is_file()
    assert "Children and Social Work Act" not in (out / "council-young-people.md").read_text("utf-8")


def test_principles_reads_the_file(own):
    result = run("principles", "--framework", own / "frameworks" / "our-own.yaml")
    assert result.returncode == 0, result.stderr
    assert "Example Council corporate parenting promise, 2026" in result.stdout
    for title in PRINCIPLES:
        assert title in result.stdout


def test_a_principle_without_wording_is_reported_at_its_line(own):
    path = own / "frameworks" / "our-own.yaml"
    lines = path.read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if "wording: help every child" in line)
    del lines[at]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    result = run("check", own)
    assert result.returncode == 1
    assert f"{path}:{at - 3}:" in result.stdout  # the principle's mapping starts at its `- id:` line
    assert "error CP260 the framework file cannot be used: principle 2 needs `wording:` with text" in result.stdout
    assert "hint: write it in the shape of the bundled frameworks" in result.stdout


@pytest.mark.parametrize("content, problem", [
    (None, "cannot read it (No such file or directory)"),
    ("principles: [\n", "it is not YAML"),
    ("- a list\n", "it is not a mapping of keys"),
    ("id: x\ntitle: y\n", "the framework needs `principles:`, a list of {id, title, wording}"),
    ("id: x\ntitle: y\nprinciples: [just-a-word]\n", "principle 1 is not a mapping of id, title and wording"),
])
def test_a_framework_file_that_cannot_be_used_is_one_error_not_a_traceback(own, content, problem):
    path = own / "frameworks" / "our-own.yaml"
    if content is None:
        path.unlink()
    else:
        path.write_text(content, "utf-8")
    frameworks.from_file.cache_clear()
    result = run("check", own)
    assert result.returncode == 1
    assert f"{path}:" in result.stdout and problem in result.stdout
    assert "Traceback" not in result.stderr
    built = run("build", own, "-o", own / "out")
    assert built.returncode == 1 and not (own / "out").exists()


def test_a_bundled_id_is_still_an_id():
    assert not frameworks.is_file(frameworks.DEFAULT)
    assert frameworks.is_file("frameworks/our-own.yaml") and frameworks.is_file("Ours.YML")
    assert frameworks.get(frameworks.DEFAULT) is frameworks.available()[frameworks.DEFAULT]
