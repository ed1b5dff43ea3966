"""Cold start of `cpstrat check` against its 0.2 s budget, and against a bare interpreter.

    python3 benchmarks/bench_startup.py [--repeat N] [STRATEGY]

Each run is a fresh process, as CI and pre-commit start it. Prints the median
and the best of N runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def times(cmd: list[str], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        out.append(time.perf_counter() - start)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=21)
    parser.add_argument("strategy", nargs="?", default="strategies/walsall-2021")
    args = parser.parse_args()
    paths = {
        "`python -m cpstrat check`": [sys.executable, "-m", "cpstrat", "check", args.strategy],
        "python -c pass (the floor)": [sys.executable, "-c", "pass"],
    }
    print(f"| cold start, {args.strategy} ({args.repeat} runs) | median | best |\n|---|---|---|")
    for label, cmd in paths.items():
        runs = times(cmd, args.repeat)
        print(f"| {label} | {statistics.median(runs):.3f} s | {min(runs):.3f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
