"""Every command that writes, pointed at a read-only location: one clean error line, exit 2, no traceback."""

from __future__ import annotations

import builtins
import errno
import io
import os
from pathlib import Path

import pytest
from conftest import PROGRESS, SMALL
from gitrepo import Repo
from typer.testing import CliRunner

from cpstrat.cli import app


def read_only(monkeypatch, root: Path) -> None:
    """Make `root` (and everything under it) behave as on a read-only file system: writes fail with EROFS."""
    root = str(root.resolve())

    def under(path) -> bool:
        try:
            return os.path.abspath(os.fspath(path)).startswith(root)
        except TypeError:  # a file descriptor
            return False

    def refuse(path):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), os.fspath(path))

    real_open, real_os_open = builtins.open, os.open
    real = {name: getattr(os, name) for name in ("mkdir", "replace", "rename", "unlink", "chmod")}

    def fake_open(file, mode="r", *args, **kwargs):
        if any(c in mode for c in "wax+") and under(file):
            refuse(file)
        return real_open(file, mode, *args, **kwargs)

    def fake_os_open(path, flags, *args, **kwargs):
        if kwargs.get("dir_fd") is None and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and under(path):
            refuse(path)
        return real_os_open(path, flags, *args, **kwargs)

    def guard(name):
        def call(path, *args, **kwargs):
            if kwargs.get("dir_fd") is not None:  # relative to an open folder (shutil.rmtree): not judged here
                return real[name](path, *args, **kwargs)
            if under(path) or (args and isinstance(args[0], (str, os.PathLike)) and under(args[0])):
                refuse(path)
            return real[name](path, *args, **kwargs)
        return call

    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(os, "open", fake_os_open)
    for name in real:
        monkeypatch.setattr(os, name, guard(name))


@pytest.fixture
def setup(tmp_path):
    """A strategy, a workbook and a returned form (written while everything is writable), and a read-only folder."""
    folder = tmp_path / "small"
    (folder / "progress").mkdir(parents=True)
    (folder / "strategy.yaml").write_text(SMALL, encoding="utf-8")
    (folder / "progress" / "2023-03-31.yaml").write_text(PROGRESS, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["export-xlsx", str(folder), "-o", str(tmp_path / "plan.xlsx")]).exit_code == 0
    assert runner.invoke(app, ["update-form", str(folder), "-o", str(tmp_path / "form.xlsx")]).exit_code == 0
    ro = tmp_path / "ro"
    ro.mkdir()
    return folder, tmp_path, ro


def commands(folder: Path, tmp: Path, ro: Path) -> dict[str, list[str]]:
    return {
        "build": ["build", str(folder), "-o", str(ro / "out")],
        "build into the folder itself": ["build", str(folder), "-o", str(ro)],
        "init": ["init", str(ro / "new")],
        "init an existing folder": ["init", str(ro)],
        "compare": ["compare", str(folder), str(folder), "-o", str(ro / "compare.md"), "-f", "md"],
        "diff": ["diff", str(folder / "strategy.yaml"), str(folder / "strategy.yaml"), "-o", str(ro / "d.md"),
                 "-f", "md"],
        "diff docx": ["diff", str(folder / "strategy.yaml"), str(folder / "strategy.yaml"), "-o",
                      str(ro / "d.docx"), "-f", "docx"],
        "export-xlsx": ["export-xlsx", str(folder), "-o", str(ro / "plan.xlsx")],
        "update-form": ["update-form", str(folder), "-o", str(ro / "form.xlsx")],
        "import-xlsx": ["import-xlsx", str(tmp / "plan.xlsx"), "-o", str(ro / "imported")],
        "collect": ["collect", str(folder), str(tmp / "form.xlsx"), "--as-at", "2023-06-30",
                    "-o", str(ro / "2023-06-30.yaml")],
    }


@pytest.mark.parametrize("name", list(commands(Path("s"), Path("t"), Path("r"))))
def test_command_writing_to_a_read_only_location_fails_cleanly(setup, monkeypatch, name):
    folder, tmp, ro = setup
    args = commands(folder, tmp, ro)[name]
    read_only(monkeypatch, ro)
    result = CliRunner().invoke(app, args)
    assert isinstance(result.exception, SystemExit) or result.exception is None, repr(result.exception)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if "read-only" in line.lower()]
    assert errors, result.output  # says why
    assert str(ro) in errors[0] or "ro" in errors[0]


def test_git_setup_in_a_read_only_repository_fails_cleanly(tmp_path, monkeypatch):
    repo = Repo(tmp_path / "repo")
    read_only(monkeypatch, repo.root / ".gitattributes")
    monkeypatch.chdir(repo.root)
    result = CliRunner().invoke(app, ["git-setup", "--command", "cpstrat textconv"])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "read-only" in result.output.lower()
