"""Benchmark: `cpstrat build` on a generated 1,000-action strategy with two progress files.

    python3 benchmarks/bench_build.py [--actions 1000] [--repeat 5] [--format docx]

Runs the real command line in a subprocess (start-up included), as an officer
would, and prints the best and median wall time, and the CPU time the build
used (user + system), which other load on the machine disturbs less.
Target: under 3 s.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from synthetic import write  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--format", default="docx")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryDirectory() as tmp:
        strategy = write(Path(tmp) / "synthetic", args.actions)
        size = sum(p.stat().st_size for p in strategy.rglob("*.yaml"))
        times, cpu = [], []
        for i in range(args.repeat):
            out = Path(tmp) / f"out-{i}"
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "cpstrat", "build", str(strategy), "-o", str(out),
                                     "--format", args.format], env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            if result.returncode:
                sys.exit(f"build failed:\n{result.stderr}")
        outputs = {p.name: p.stat().st_size for p in sorted(out.iterdir())}
    print(f"cpstrat build: {args.actions} actions ({size / 1024:.0f} KiB of YAML), --format {args.format}, "
          f"{args.repeat} runs")
    for name, bytes_ in outputs.items():
        print(f"  {name}: {bytes_ / 1024:.0f} KiB")
    print(f"wall: best {min(times):.2f} s, median {statistics.median(times):.2f} s (target < 3 s)")
    print(f"cpu:  best {min(cpu):.2f} s, median {statistics.median(cpu):.2f} s; "
          f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
