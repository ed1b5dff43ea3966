"""Benchmark: building the scorecard of a council with 16 indicators read from published files.

    python3 benchmarks/bench_scorecard.py [--indicators 16] [--repeat 3]

The folder is tests/published_csv.py's (two files in the published shape, a reporting year and a
financial year, symbols for the council and a neighbour), with the indicators repeated under new ids
to the number asked for. Timed in this process, best of --repeat wall-clock runs: check and the
scorecard in docx, md and html (no PDF), as `cpstrat build --document scorecard` does them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE), str(ROOT / "tests")]

from published_csv import STRATEGY, write_folder  # noqa: E402
from timing import best  # noqa: E402


def strategy(indicators: int) -> str:
    head, _, body = STRATEGY.partition("indicators:\n")
    blocks = ["  - id:" + b for b in body.split("  - id:")[1:]]
    out = []
    for i in range(indicators):
        block = blocks[i % len(blocks)]
        out.append(block.replace("id: moves-3plus", f"id: moves-{i}").replace("id: eet-19-21", f"id: eet-{i}"))
    return head + "indicators:\n" + "".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--indicators", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from cpstrat.outputs.publish import build

    with tempfile.TemporaryDirectory() as tmp:
        folder = write_folder(Path(tmp) / "council", strategy=strategy(args.indicators), progress=None)
        out = Path(tmp) / "out"

        def once():
            built = build(folder, out, formats=("docx", "md", "html"), audience="scorecard")
            assert not built.errors and len(built.written) == 3, built.diagnostics

        once()  # imports, first use of each library
        seconds = best(once, args.repeat, time.perf_counter)
        print(f"scorecard of {args.indicators} indicators (docx, md, html): {seconds:.2f} s")


if __name__ == "__main__":
    main()
