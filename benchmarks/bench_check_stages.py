"""Where the CPU time of `cpstrat check` goes on a generated strategy, stage by stage.

    python benchmarks/bench_check_stages.py [--actions 10000] [--repeat 5]

Runs the stages of cpstrat/checks/run.py check() one after another, in one
process, with the cycle collector off as the command runs them, and prints
each stage's CPU seconds (time.process_time, best of --repeat): the clock
that other work on a shared machine disturbs least. Start-up (the
interpreter, Typer, the imports) is not counted; benchmarks/targets.py times
the whole command.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import strategy_yaml  # noqa: E402

from cpstrat.checks import coverage, dates, offer, plain, privacy, references, shape, statute, texts  # noqa: E402
from cpstrat.checks.findings import Findings  # noqa: E402
from cpstrat.format import model  # noqa: E402
from cpstrat.format.load import load_file  # noqa: E402


def stages(path: Path) -> dict[str, float]:
    """CPU seconds of each stage of one check of `path`."""
    clock = time.process_time
    times: dict[str, float] = {}
    start = clock()

    def lap(name: str) -> None:
        nonlocal start
        now = clock()
        times[name] = now - start
        start = now

    source = load_file(path, str(path))
    lap("load")
    found = Findings(list(source.diagnostics))
    shape.check(source.data, "Strategy", source.path, found)
    lap("shape")
    strategy = model.build("Strategy", source.data, path=source.path)
    lap("model.build")
    dates.check(strategy, found)
    lap("dates")
    references.check(strategy, found)
    lap("references")
    coverage.check(strategy, found)
    list(offer.action_offers(strategy))
    list(statute.changed_in_force(strategy, dt.date.today()))
    lap("coverage, offers, statute")
    items = texts.published(strategy)
    lap("texts.published")
    plain.check(strategy, items)
    lap("plain")
    privacy.check(strategy, items)
    lap("privacy")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    gc.disable()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "strategy.yaml"
        path.write_text(strategy_yaml(args.actions), encoding="utf-8")
        runs = [stages(path) for _ in range(args.repeat)]
    print(f"cpstrat check, {args.actions:,} actions: CPU seconds per stage, best of {args.repeat}")
    for name in runs[0]:
        print(f"  {name:<28}{min(r[name] for r in runs):6.3f}")
    print(f"  {'all stages (best run)':<28}{min(sum(r.values()) for r in runs):6.3f}")


if __name__ == "__main__":
    main()
