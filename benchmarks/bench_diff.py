"""Benchmark: `cpstrat diff` of two generated 10,000-action versions (target: under 2 s).

    python3 benchmarks/bench_diff.py [--actions N] [--runs R]

Times the real command line end to end (best and median of R runs), checks
the JSON lists the edits the generator made, then times each stage in one
process to show where the time goes.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from generate import strategy_yaml  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    n = args.actions
    with tempfile.TemporaryDirectory() as tmp:
        old, new = Path(tmp) / "old.yaml", Path(tmp) / "new.yaml"
        old.write_text(strategy_yaml(n), encoding="utf-8")
        new.write_text(strategy_yaml(n, edit=True), encoding="utf-8")
        print(f"{n} actions: old {old.stat().st_size / 2**20:.1f} MB, new {new.stat().st_size / 2**20:.1f} MB; "
              f"{os.cpu_count()} CPUs")
        command = [sys.executable, "-m", "cpstrat", "diff", str(old), str(new), "--format", "json"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        times, cpu = [], []
        for _ in range(args.runs):
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            out = subprocess.run(command, capture_output=True, text=True, env=env)
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime)
            assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        actions = data["actions"]
        expected = {"added": n // 100, "removed": n // 100,
                    "retitled": len([i for i in range(n) if i % 50 == 0 and i % 100 != 99])}
        got = {"added": len(actions["added"]), "removed": len(actions["removed"]),
               "retitled": sum("title" in c["fields"] for c in actions["changed"])}
        assert got == expected, (got, expected)
        print(f"cpstrat diff OLD NEW --format json: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
              f"over {args.runs} runs ({len(actions['changed'])} actions changed, {got['added']} added, "
              f"{got['removed']} removed)")
        # CPU time is less disturbed than wall time by other work on a shared machine.
        print(f"CPU time (both processes): best {min(cpu):.2f} s; 1-minute load average after the runs: "
              f"{os.getloadavg()[0]:.2f}")
        stages(old, new)


def stages(old: Path, new: Path) -> None:
    from cpstrat.analysis import diff
    from cpstrat.checks import run
    from cpstrat.commands.diff import format_diff
    from cpstrat.format import model
    from cpstrat.format.load import load_file

    t = time.perf_counter()
    source = load_file(old)
    t_load = time.perf_counter() - t
    t = time.perf_counter()
    model.build("Strategy", source.data)
    t_model = time.perf_counter() - t
    t = time.perf_counter()
    a = run.check(old)
    t_check = time.perf_counter() - t
    b = run.check(new)
    t = time.perf_counter()
    sa, sb = diff.snapshot_strategy(a.strategy), diff.snapshot_strategy(b.strategy)
    t_snap = (time.perf_counter() - t) / 2
    t = time.perf_counter()
    result = diff.compare(sa, sb)
    t_compare = time.perf_counter() - t
    t = time.perf_counter()
    format_diff(result, "old", "new", "json")
    t_json = time.perf_counter() - t
    print(f"one version, in one process: YAML load {t_load:.2f} s, model {t_model:.2f} s, "
          f"full check (load+shape+model+rules) {t_check:.2f} s, snapshot {t_snap:.2f} s")
    print(f"compare {t_compare:.2f} s, JSON {t_json:.2f} s")


if __name__ == "__main__":
    main()
