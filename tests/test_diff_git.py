"""`cpstrat diff` with REV:path versions read from a real git repository made in the test."""

from __future__ import annotations

import json

import pytest
from conftest import PROGRESS, SMALL, run
from gitrepo import Repo
from strategy_edits import edited

EXACT = {
    "added": ["A03"],
    "removed": ["A02"],
    "changed": [{"id": "A01", "fields": {
        "title": {"old": "Share good practice on emotional wellbeing across the partnership",
                  "new": "Share good practice on emotional health across the partnership"},
        "status": {"old": "on-track", "new": "complete"}}}],
    "renamed": [],
}


@pytest.fixture
def repo(tmp_path) -> Repo:
    """plans/small committed, then edited (A03 added, A02 removed, A01 retitled and completed) and committed."""
    r = Repo(tmp_path / "repo")
    r.write("plans/small/strategy.yaml", SMALL)
    r.write("plans/small/progress/2023-03-31.yaml", PROGRESS)
    r.commit("First version of the plan")
    r.write("plans/small/strategy.yaml", edited())
    r.commit("A02 dropped, A03 added, A01 done")
    return r


def _json(out):
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_folders_across_revisions_list_exactly_the_edits(repo):
    data = _json(run("diff", "HEAD~1:plans/small", "HEAD:plans/small", "--format", "json", cwd=repo.root))
    assert data["actions"] == EXACT
    assert data["progress"] == {"added": [], "removed": [], "changed": []}
    assert data["status"]["summary"] == {"complete": 1}


def test_revision_against_the_working_copy(repo):
    (repo.root / "plans/small/strategy.yaml").write_text(SMALL)  # back to the first version, uncommitted
    data = _json(run("diff", "HEAD:plans/small/strategy.yaml", "plans/small/strategy.yaml", "--format", "json",
                     cwd=repo.root))
    assert data["actions"]["added"] == ["A02"] and data["actions"]["removed"] == ["A03"]


def test_rev_path_is_from_the_top_folder_from_any_subfolder(repo):
    sub = repo.root / "plans" / "small" / "progress"
    data = _json(run("diff", "HEAD~1:plans/small", "HEAD:plans/small", "--format", "json", cwd=sub))
    assert data["actions"] == EXACT


def test_dot_slash_path_is_from_the_current_folder(repo):
    plans = repo.root / "plans"
    data = _json(run("diff", "HEAD~1:./small", "main:./small/strategy.yaml", "--format", "json", cwd=plans))
    assert data["actions"] == EXACT
    inside = _json(run("diff", "HEAD~1:./", "HEAD:.", "--format", "json", cwd=plans / "small"))
    assert inside["actions"] == EXACT


def test_commit_ids_and_branch_names_are_revisions(repo):
    first = repo.git("rev-list", "--max-parents=0", "HEAD").strip()
    data = _json(run("diff", f"{first[:10]}:plans/small", "main:plans/small", "--format", "json", cwd=repo.root))
    assert data["actions"] == EXACT


@pytest.mark.parametrize("rev", ["--output=OUT", "-p", "--output", "-oOUT"])
def test_option_like_revisions_are_refused_and_write_nothing(repo, tmp_path, rev):
    target = tmp_path / "written-by-git"
    spec = rev.replace("OUT", str(target)) + ":plans/small"
    out = run("diff", "--", spec, "HEAD:plans/small", cwd=repo.root)
    assert out.returncode == 2
    assert "CP091" in out.stderr and "is refused" in out.stderr
    assert not target.exists()
    assert "Traceback" not in out.stderr


def test_option_smuggled_after_a_revision_is_no_commit(repo, tmp_path):
    target = tmp_path / "written-by-git"
    out = run("diff", f"HEAD --output={target}:plans/small", "HEAD:plans/small", cwd=repo.root)
    assert out.returncode == 2
    assert "CP090" in out.stderr
    assert not target.exists()


def test_unknown_revision_gives_a_clear_error(repo):
    out = run("diff", "nosuchbranch:plans/small", "HEAD:plans/small", cwd=repo.root)
    assert out.returncode == 2
    assert "<command line>: error CP090 'nosuchbranch' is not a commit in this repository" in out.stderr


def test_path_missing_from_the_revision_gives_a_clear_error(repo):
    out = run("diff", "HEAD~1:plans/other", "HEAD:plans/small", cwd=repo.root)
    assert out.returncode == 2
    assert "CP092 'plans/other' does not exist in revision HEAD~1" in out.stderr


def test_path_leaving_the_repository_is_refused(repo):
    out = run("diff", "HEAD:../../etc/passwd", "HEAD:plans/small", cwd=repo.root / "plans")
    assert out.returncode == 2
    assert "CP098" in out.stderr


def test_outside_a_repository_rev_path_says_so(tmp_path):
    (tmp_path / "plain").mkdir()
    out = run("diff", "HEAD:strategy.yaml", "HEAD:strategy.yaml", cwd=tmp_path / "plain")
    assert out.returncode == 2
    assert "CP093" in out.stderr and "not inside a git repository" in out.stderr


def test_broken_committed_version_names_the_revision_and_line(repo):
    repo.write("plans/small/strategy.yaml", "cpstrat: 1\ncouncil: [unclosed\n")
    repo.commit("Broken edit")
    out = run("diff", "HEAD~1:plans/small", "HEAD:plans/small", cwd=repo.root)
    assert out.returncode == 2
    assert "HEAD:plans/small/strategy.yaml:3:1: error CP010 YAML syntax error" in out.stderr


def test_progress_changed_between_revisions(repo):
    repo.write("plans/small/progress/2023-03-31.yaml", PROGRESS.replace("{A01-m1: 97}", "{A01-m1: 90}"))
    repo.commit("Corrected measure value")
    data = _json(run("diff", "HEAD~1:plans/small", "HEAD:plans/small", "--format", "json", cwd=repo.root))
    assert data["actions"] == {"added": [], "removed": [], "changed": [], "renamed": []}
    [changed] = data["progress"]["changed"]
    assert changed["measure_values"] == [{"action": "A01", "measure": "A01-m1", "old": 97, "new": 90}]
    files = _json(run("diff", "HEAD~1:plans/small/progress/2023-03-31.yaml",
                      "HEAD:plans/small/progress/2023-03-31.yaml", "--format", "json", cwd=repo.root))
    assert files["kind"] == "progress"
    assert files["measure_values"] == changed["measure_values"]


def test_existing_path_with_a_colon_is_read_as_a_path(repo):
    odd = repo.write("HEAD:odd.yaml", SMALL)
    data = _json(run("diff", odd.name, "HEAD~1:plans/small/strategy.yaml", "--format", "json", cwd=repo.root))
    assert data["differs"] is False


@pytest.fixture
def dated(tmp_path) -> Repo:
    """plans/small committed on 1 March 2023, then A02 put at risk and committed on 12 April 2023."""
    r = Repo(tmp_path / "dated")
    r.write("plans/small/strategy.yaml", SMALL)
    r.commit("First version of the plan", date="2023-03-01T10:00:00+00:00")
    r.write("plans/small/strategy.yaml", SMALL.replace("    status: not-started\n", "    status: at-risk\n"))
    r.commit("A02 at risk", date="2023-04-12T10:00:00+01:00")
    return r


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_a_diff_page_names_versions_by_date_and_commit_statuses_in_words_and_titles_beside_ids(dated, fmt, tmp_path):
    import docx
    from test_lossless import html_text

    first, second = (dated.git("rev-parse", "--short", rev).strip() for rev in ("HEAD~1", "HEAD"))
    target = tmp_path / f"changes.{fmt}"
    out = run("diff", "HEAD~1:plans/small", "HEAD:plans/small", "--format", fmt, "-o", target, cwd=dated.root)
    assert out.returncode == 0, out.stderr
    if fmt == "docx":
        document = docx.Document(str(target))
        page = "\n".join([p.text for p in document.paragraphs]
                         + [" | ".join(c.text for c in row.cells) for t in document.tables for row in t.rows])
        page += "\n" + (document.core_properties.subject or "") + "\n" + (document.core_properties.title or "")
    else:
        page = target.read_text("utf-8")
        page = html_text(target) if fmt == "html" else page.replace("\\", "")
    assert "HEAD" not in page and "~" not in page
    assert f"Before: the version of plans/small committed on 1 March 2023 (commit {first})" in page
    assert f"After: the version of plans/small committed on 12 April 2023 (commit {second})" in page
    # the changed action's title beside its id, its status in words, never the slug
    assert "A02: Offer free bus travel to care leavers in education or work" in page
    assert "Not started" in page and "At risk" in page
    assert "not-started" not in page and "at-risk" not in page


def test_a_diff_of_folders_on_disk_names_them_as_paths(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, text in ((old, SMALL), (new, SMALL.replace("status: on-track", "status: off-track"))):
        folder.mkdir()
        (folder / "strategy.yaml").write_text(text)
    md = run("diff", old, new, "--format", "md").stdout
    assert f"- Before: the version in {old}" in md.replace("\\", "") and "| Off track |" in md
