"""How long `cpstrat compare` takes over the bundled strategies and a 150-council corpus.

    python benchmarks/bench_compare.py [--councils 150] [--repeat 5]

Times the whole command as a user runs it (a fresh process each time; best of
--repeat runs) for each output format, and the comparison itself in-process
(checking and profiling the strategies, without rendering).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from make_corpus import write_corpus  # noqa: E402
from timing import best  # noqa: E402


def command(args) -> None:
    proc = subprocess.run([sys.executable, "-m", "cpstrat", "compare", *map(str, args)], capture_output=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    if proc.returncode:
        raise SystemExit(proc.stderr.decode())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from cpstrat.analysis import compare
    from cpstrat.checks.run import check
    from cpstrat.format.files import expand

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        write_corpus(corpus, args.councils)
        actions = sum(len(check(p, text_rules=False).strategy.actions) for p in expand([corpus]))
        for label, target in (("bundled strategies", ROOT / "strategies"),
                              (f"{args.councils}-council corpus ({actions} actions)", corpus)):
            paths = expand([target])
            inproc = best(lambda: compare.compare([check(p, text_rules=False).strategy for p in paths]),
                          args.repeat)
            print(f"{label}: {len(paths)} strategies")
            print(f"  in-process check + compare      {inproc * 1000:8.0f} ms")
            for fmt in ("table", "md", "json", "docx"):
                out = Path(tmp) / f"out.{fmt}"
                seconds = best(lambda: command([target, "-f", fmt, "-o", out]), args.repeat)
                print(f"  cpstrat compare -f {fmt:<5} -o FILE {seconds * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
