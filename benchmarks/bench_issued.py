"""Benchmark: what reading issued papers from git costs `check` and `build` (issue 20).

    python3 benchmarks/bench_issued.py [--reports 4] [--commits 50] [--repeat 5]

A git repository holding tests/conftest.py's small strategy and --reports quarterly progress files, each
issued and committed on its own day, then --commits later commits that change the plan. Timed in this
process, best of --repeat wall-clock runs: `check` and `build --format md` of the latest report, once with
every report issued (each earlier report read from git as issued) and once with `issued:` taken out of
every file (the files as they stand).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE), str(ROOT / "tests")]

from timing import best  # noqa: E402


def repository(folder: Path, reports: int, commits: int, issued: bool) -> Path:
    from conftest import PROGRESS, SMALL

    def git(*args, date=None):
        env = {**os.environ, **({"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {})}
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=env)

    folder.mkdir()
    git("init", "-q", "-b", "main")
    git("config", "user.name", "Bench")
    git("config", "user.email", "bench@example.invalid")
    plan = folder / "plan"
    (plan / "progress").mkdir(parents=True)
    (plan / "strategy.yaml").write_text(SMALL, "utf-8")
    day = dt.date(2022, 6, 30)
    for n in range(reports):
        as_at = day + dt.timedelta(days=91 * n)
        text = PROGRESS.replace("as_at: 2023-03-31", f"as_at: {as_at}"
                                + (f"\nissued: {as_at + dt.timedelta(days=12)}" if issued else ""))
        (plan / "progress" / f"{as_at}.yaml").write_text(text, "utf-8")
        git("add", "-A")
        git("commit", "-q", "-m", f"report {as_at}", date=f"{as_at + dt.timedelta(days=12)}T10:00:00+00:00")
    for n in range(commits):
        (plan / "strategy.yaml").write_text(SMALL.replace("Head of Transport", f"Head of Transport {n}"), "utf-8")
        git("commit", "-q", "-am", f"plan change {n}", date="2024-01-10T10:00:00+00:00")
    return plan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=4)
    parser.add_argument("--commits", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from cpstrat.commands import check
    from cpstrat.git.records import Snapshots
    from cpstrat.outputs.publish import build

    with tempfile.TemporaryDirectory(prefix="cpstrat-bench-issued-") as scratch:
        for issued in (False, True):
            plan = repository(Path(scratch) / f"repo-{issued}", args.reports, args.commits, issued)
            out = Path(scratch) / f"out-{issued}"
            built = build(plan, out, formats=("md",), records=Snapshots)
            assert not built.errors, [d.as_text() for d in built.errors]
            t_check = best(lambda plan=plan: check.run([plan]), args.repeat)
            t_build = best(lambda plan=plan, out=out: build(plan, out, formats=("md",), records=Snapshots),
                           args.repeat)
            label = "issued (read from git)" if issued else "not issued"
            print(f"{label:24} check {t_check * 1000:7.1f} ms   build --format md {t_build * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
