"""A plain (non-editable) `pip install .` finds the templates and builds the same bytes as the checkout."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT, STRATEGIES, run


def test_non_editable_install_builds_with_the_shipped_templates(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)], check=True)
    python = venv / "bin" / "python"
    # a copy of the source, so the install cannot lean on files in the checkout
    source = tmp_path / "src"
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard"],
                           check=True, capture_output=True, text=True).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes((ROOT / name).read_bytes())
    pip = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(source)],
                         capture_output=True, text=True)
    if pip.returncode and "No matching distribution found for setuptools" in pip.stderr:
        pytest.skip("the build backend (setuptools) cannot be fetched here")
    assert pip.returncode == 0, pip.stderr
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where = subprocess.run([str(python), "-c", "import cpstrat; print(cpstrat.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert str(venv) in where  # the installed copy, not the checkout
    out = tmp_path / "out"
    result = subprocess.run([str(venv / "bin" / "cpstrat"), "build", str(STRATEGIES / "wolverhampton-2015"),
                             "-o", str(out), "--format", "docx,md,html"], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    checkout = tmp_path / "checkout-out"
    assert run("build", STRATEGIES / "wolverhampton-2015", "-o", checkout, "--format", "docx,md,html").returncode == 0
    built = sorted(p.name for p in out.iterdir())
    assert len(built) == 4
    for name in built:
        assert (out / name).read_bytes() == (checkout / name).read_bytes(), name
