"""A path longer than the system allows (one name over 255 bytes, or the whole over 4096) is one clean line
and exit 2 from every command that takes a path, as input or output: never a traceback."""

from __future__ import annotations

import pytest
from conftest import run

LONG_NAME = "a" * 300
LONG_PATH = "/".join(["b" * 200] * 30)


@pytest.mark.parametrize("tail", [LONG_NAME, LONG_PATH], ids=["name", "path"])
@pytest.mark.parametrize("command", [
    lambda long, small: ("diff", long / "strategy.yaml", small),
    lambda long, small: ("diff", small, long),
    lambda long, small: ("build", long),
    lambda long, small: ("build", small, "--output", long),
    lambda long, small: ("check", long),
    lambda long, small: ("textconv", long / "strategy.yaml"),
], ids=["diff-old", "diff-new", "build", "build-output", "check", "textconv"])
def test_an_over_long_path_is_one_clean_error(tmp_path, small, tail, command):
    long = tmp_path / tail
    out = run(*command(long, small))
    assert out.returncode == 2, (out.stdout, out.stderr[-500:])
    assert "Traceback" not in out.stderr
    assert "too long" in (out.stdout + out.stderr).lower()
