"""A plain (non-editable) `pip install .` finds the templates and builds the same bytes as the checkout."""

from __future__ import annotations

import os
import site
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, STRATEGIES, run

from cpstrat.outputs.publish import MANIFEST_SUFFIX


def dependency_dirs() -> list[str]:
    """The site-packages folders the running interpreter imports its dependencies from.

    Inside a virtualenv `python -m venv --system-site-packages` would link the new environment to the BASE
    interpreter, which need not have typer at all; listing the running interpreter's own folders works both
    inside and outside a virtualenv. Plain path lines in a .pth add the folders without running the .pth files
    inside them, so an editable install of the checkout there cannot shadow the copy installed below.
    """
    found = [*site.getsitepackages(), site.getusersitepackages() if site.ENABLE_USER_SITE else ""]
    return [d for d in dict.fromkeys(found) if d and Path(d).is_dir()]


def make_venv(venv: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True).stdout.strip()
    Path(purelib, "_cpstrat_test_dependencies.pth").write_text("\n".join(dependency_dirs()) + "\n")
    return python


def test_non_editable_install_builds_with_the_shipped_templates(tmp_path):
    venv = tmp_path / "venv"
    python = make_venv(venv)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    # a copy of the source, so the install cannot lean on files in the checkout
    source = tmp_path / "src"
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard"],
                           check=True, capture_output=True, text=True).stdout.split()
    for name in files:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            (source / name).write_bytes((ROOT / name).read_bytes())
    # pip runs from the dependency folders but installs into the new environment (its sys.prefix)
    pip = subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(source)],
                         capture_output=True, text=True, cwd=tmp_path, env=env)
    if pip.returncode and "No matching distribution found for setuptools" in pip.stderr:
        pytest.skip("the build backend (setuptools) cannot be fetched from pip's configured index")
    assert pip.returncode == 0, pip.stderr
    where = subprocess.run([str(python), "-c", "import cpstrat, typer; print(cpstrat.__file__)"], cwd=tmp_path,
                           env=env, capture_output=True, text=True)
    assert where.returncode == 0, where.stderr
    assert where.stdout.startswith(str(venv))  # the installed copy, not the checkout
    out = tmp_path / "out"
    result = subprocess.run([str(venv / "bin" / "cpstrat"), "build", str(STRATEGIES / "wolverhampton-2015"),
                             "-o", str(out), "--format", "docx,md,html"], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    checkout = tmp_path / "checkout-out"
    assert run("build", STRATEGIES / "wolverhampton-2015", "-o", checkout, "--format", "docx,md,html").returncode == 0
    built = sorted(p.name for p in out.iterdir())
    assert built == sorted(p.name for p in checkout.iterdir())
    documents = [name for name in built if not name.endswith(MANIFEST_SUFFIX)]  # a manifest names its run
    assert len(documents) == 6, built  # plan and report, each as docx, md and html
    for name in documents:
        assert (out / name).read_bytes() == (checkout / name).read_bytes(), name
