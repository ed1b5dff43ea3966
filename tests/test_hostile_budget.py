"""Inputs built to exhaust memory or time are refused within the budget docs/security.md states."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cpstrat.checks.run import check
from cpstrat.format.load import MAX_NODES, node_budget

MB = 1e6


def budget(size: int) -> float:
    """Memory cpstrat may use for an input of `size` bytes: 20 times it plus 200 MB."""
    return 20 * size + 200 * MB


def measured(call: str, path: Path) -> dict:
    """Run `call` (Python calling cpstrat's API on `path`) in a fresh interpreter; its result, peak memory, time.

    A process of its own because peak memory is per process, and tracemalloc
    would slow the reader down tenfold. The peak is the child's VmHWM where
    /proc has it: a child's ru_maxrss begins at the resident size of the process
    that started it (pytest, which grows to hundreds of MB over a full run).
    """
    code = textwrap.dedent(f"""
        import io, json, resource, sys, time
        from pathlib import Path
        path = Path(sys.argv[1])
        started = time.perf_counter()
        result = {call}
        seconds = time.perf_counter() - started
        try:  # this process's own high-water mark: ru_maxrss starts from the parent's size
            peak = next(int(l.split()[1]) * 1024 for l in open("/proc/self/status") if l.startswith("VmHWM:"))
        except OSError:
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps({{"result": result, "peak": peak, "seconds": seconds}}))
    """)
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.fixture(scope="module")
def empty_maps(tmp_path_factory) -> Path:
    """The finding: a 19 MB `[{},{},...]` (6.3 million empty mappings)."""
    path = tmp_path_factory.mktemp("maps") / "strategy.yaml"
    path.write_text("[" + "{}," * 6_333_333 + "{}]", encoding="utf-8")
    return path


def test_check_of_millions_of_empty_mappings_stops_at_the_node_budget(empty_maps):
    size = empty_maps.stat().st_size
    run = measured("[d.as_dict() for d in __import__('cpstrat.checks.run').checks.run.check(path)"
                   ".diagnostics]", empty_maps)
    [d] = run["result"]
    assert d["code"] == "CP017" and d["line"] == 1 and d["column"] > 3 * 100_000
    assert f"more than {MAX_NODES} values" in d["message"]
    assert run["peak"] < budget(size), f"{run['peak'] / MB:.0f} MB"
    assert run["seconds"] < 30  # was 41 s and 1.74 GB; the node budget bounds it whatever the file's size


def test_textconv_of_the_same_file_passes_it_through_within_budget(empty_maps):
    size = empty_maps.stat().st_size
    run = measured("(lambda r: [len(r[0]), r[1]])(__import__('cpstrat.git.textconv').git.textconv.convert(path))",
                   empty_maps)
    assert run["result"] == [size, None]  # not a strategy: git shows the file as it is
    assert run["peak"] < budget(size), f"{run['peak'] / MB:.0f} MB"
    assert run["seconds"] < 30  # was 62 s and 2.5 GB


def test_node_budget_grows_with_the_text_and_is_capped():
    assert node_budget("") == 100_000
    assert node_budget("x" * 1_000_000) == 300_000
    assert node_budget("x" * 19_000_000) == MAX_NODES


def test_a_large_real_shaped_strategy_is_within_the_node_budget(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from synthetic import write

    folder = write(tmp_path / "big", 2000)
    result = check(folder)
    assert not [d for d in result.diagnostics if d.code == "CP017"]
    assert result.strategy is not None and len(result.strategy.actions) == 2000
