"""git-setup on hostile repositories: links are never followed, attributes are read as git reads them."""

from __future__ import annotations

import pytest
from gitrepo import Repo

from cpstrat.format.diagnostics import CpstratError
from cpstrat.git.setup import ATTRIBUTE, names_driver, setup


def test_symlinked_gitattributes_is_refused_and_its_target_not_copied(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("password=hunter2\n", encoding="utf-8")
    repo = Repo(tmp_path / "repo")
    (repo.root / ".gitattributes").symlink_to(secret)
    with pytest.raises(CpstratError) as caught:
        setup(repo.root, command="cpstrat textconv")
    [d] = caught.value.diagnostics
    assert d.code == "CP099" and "symbolic link" in d.message and d.file == ".gitattributes"
    assert (repo.root / ".gitattributes").is_symlink()  # left as it was
    assert secret.read_text(encoding="utf-8") == "password=hunter2\n"
    config = repo.git("config", "--local", "--list")
    assert "diff.cpstrat" not in config  # nothing half-done


def test_symlinked_private_attributes_is_refused(tmp_path):
    repo = Repo(tmp_path / "repo")
    target = tmp_path / "elsewhere"
    target.write_text("x\n", encoding="utf-8")
    (repo.root / ".git" / "info").mkdir(exist_ok=True)
    (repo.root / ".git" / "info" / "attributes").symlink_to(target)
    with pytest.raises(CpstratError, match="symbolic link"):
        setup(repo.root, command="cpstrat textconv", shared=False)
    assert target.read_text(encoding="utf-8") == "x\n"


@pytest.mark.parametrize(("text", "named"), [
    ("*.yaml diff=cpstrat\n", True),
    ("# *.yaml diff=cpstrat\n", False),            # only a comment
    ("   # *.yaml diff=cpstrat\n", False),
    ("*.yml diff=cpstrat\n", False),               # another pattern
    ("*.yaml diff=cpstrat\n*.yaml -diff\n", False),  # unset by a later line
    ("*.yaml diff=cpstrat2\n", False),
    ("[attr]strategy diff=cpstrat\n*.yaml strategy\n", True),  # a macro, expanded as git does
    ("* diff=cpstrat\n", True),
    ('"*.yaml" diff=cpstrat\n', True),              # a quoted pattern
    ("", False),
])
def test_attributes_are_matched_the_way_git_does(text, named):
    assert names_driver(text) is named


def test_comment_naming_the_driver_does_not_stop_git_setup(tmp_path):
    repo = Repo(tmp_path / "repo")
    (repo.root / ".gitattributes").write_text("# remember: *.yaml diff=cpstrat\n", encoding="utf-8")
    done = setup(repo.root, command="cpstrat textconv")
    assert "added" in done[-1]
    assert (repo.root / ".gitattributes").read_text(encoding="utf-8").endswith(ATTRIBUTE + "\n")
    assert repo.git("check-attr", "diff", "--", "strategies/x/strategy.yaml").strip() == \
        "strategies/x/strategy.yaml: diff: cpstrat"
    again = setup(repo.root, command="cpstrat textconv")
    assert "already names the cpstrat driver" in again[-1]


def test_a_huge_file_in_git_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from conftest import SMALL
    from typer.testing import CliRunner

    from cpstrat.cli import app
    from cpstrat.format import load

    monkeypatch.setattr(load, "MAX_BYTES", 1024 * 1024)  # the 20 MB limit, scaled down to keep the test quick
    repo = Repo(tmp_path / "repo")
    repo.write("strategy.yaml", SMALL + "# " + "x" * (2 * 1024 * 1024) + "\n")
    repo.commit("a strategy padded past the limit")
    repo.write("strategy.yaml", SMALL)
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(app, ["diff", "HEAD:strategy.yaml", "strategy.yaml"])
    assert result.exit_code == 2, result.output
    assert "CP006" in result.output and "HEAD:strategy.yaml" in result.output
    assert "larger than the 1 MB" in result.output
