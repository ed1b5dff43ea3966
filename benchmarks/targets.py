"""The performance targets of a 10,000-action strategy, as ratios measured in one run.

    python3 benchmarks/targets.py [--actions 10000] [--rounds 3]

Every command runs in a fresh process on the same generated files (old and
new versions from benchmarks/generate.py), round after round, interleaved so
that other work on the machine falls on all of them alike; each figure is
the best of --rounds wall times, and each ratio divides two such figures:

  check  `cpstrat check OLD`            / CSafeLoader's load of OLD          target <= 0.3
  diff   `cpstrat diff OLD NEW`         / CSafeLoader's load of OLD and NEW  target <= 0.3
  build  `cpstrat build OLD` (docx)     / pandoc's Markdown -> docx of the
                                          same action rows                   target <= 0.3, peak < 250 MB

Every command runs once untimed first. cpstrat runs as an installed copy does:
pip compiles the package's bytecode when it installs it, so the processes here
may write theirs (into a cache in the temporary folder, not the checkout), even
where the environment sets PYTHONDONTWRITEBYTECODE; the untimed run writes it.

CPU time (user + system, from os.wait4) is printed beside the wall time: on a
machine shared with other work it is the steadier figure. Peak memory is the
largest resident set of the process (os.wait4). pandoc
is needed for the build row (apt-get install pandoc); without it that ratio
is not given.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from generate import strategy_yaml  # noqa: E402

LOAD = "import sys, yaml\nfor f in sys.argv[1:]:\n    yaml.load(open(f, encoding='utf-8'), Loader=yaml.CSafeLoader)"


# The action rows of a strategy as one Markdown table, for pandoc. Written by a
# child process: a parent holding the loaded data would hand its resident size
# to every child it forks, and the children's peak memory would read too high.
ROWS = """
import sys, yaml
data = yaml.load(open(sys.argv[1], encoding="utf-8"), Loader=yaml.CSafeLoader)
lines = [f"# {data['title']}", "", "| Id | Action | Lead | Due | Status |", "|---|---|---|---|---|"]
for action in data["actions"]:
    cells = (str(action.get(k, "")).replace("|", "\\\\|") for k in ("id", "title", "lead", "due", "status"))
    lines.append("| " + " | ".join(cells) + " |")
open(sys.argv[2], "w", encoding="utf-8").write("\\n".join(lines) + "\\n")
"""


def run(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak resident memory (MB) of one fresh
    process; exits if it fails."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", "PYTHONPYCACHEPREFIX": str(cwd / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(command)}\n{proc.stderr.read().decode(errors='replace')}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    py = sys.executable
    cpstrat = [py, "-m", "cpstrat"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        old, new = work / "old.yaml", work / "new.yaml"
        old.write_text(strategy_yaml(args.actions), encoding="utf-8")
        new.write_text(strategy_yaml(args.actions, edit=True), encoding="utf-8")
        run([py, "-c", ROWS, str(old), str(work / "rows.md")], work)
        commands = {
            "load OLD (CSafeLoader)": [py, "-c", LOAD, str(old)],
            "load OLD and NEW (CSafeLoader)": [py, "-c", LOAD, str(old), str(new)],
            "cpstrat check OLD": [*cpstrat, "check", str(old)],
            "cpstrat diff OLD NEW": [*cpstrat, "diff", str(old), str(new)],
            "cpstrat build OLD": [*cpstrat, "build", str(old), "-o", str(work / "out")],
        }
        if shutil.which("pandoc"):
            commands["pandoc rows.md -> docx"] = ["pandoc", str(work / "rows.md"), "-o", str(work / "rows.docx")]
        walls: dict[str, list[float]] = {name: [] for name in commands}
        cpus: dict[str, list[float]] = {name: [] for name in commands}
        peaks: dict[str, float] = dict.fromkeys(commands, 0.0)
        for command in commands.values():  # untimed: bytecode written, files in the page cache
            run(command, work)
        for _ in range(args.rounds):
            for name, command in commands.items():
                wall, cpu, peak = run(command, work)
                walls[name].append(wall)
                cpus[name].append(cpu)
                peaks[name] = max(peaks[name], peak)
        size = old.stat().st_size / 2**20
    print(f"{args.actions:,} actions ({size:.1f} MB of YAML), best of {args.rounds} rounds, {os.cpu_count()} CPUs, "
          f"Python {sys.version.split()[0]}")
    print(f"  {'':34} {'wall':>8} {'CPU':>8} {'peak':>7}")
    for name in commands:
        print(f"  {name:34} {min(walls[name]):7.2f}s {min(cpus[name]):7.2f}s {peaks[name]:5.0f} MB")
    print("ratios, wall (and CPU), target <= 0.3:")
    ratios = [("check", "cpstrat check OLD", "load OLD (CSafeLoader)"),
              ("diff", "cpstrat diff OLD NEW", "load OLD and NEW (CSafeLoader)"),
              ("build", "cpstrat build OLD", "pandoc rows.md -> docx")]
    for label, mine, floor in ratios:
        if floor in walls:
            ratio = min(walls[mine]) / min(walls[floor])
            cpu_ratio = min(cpus[mine]) / min(cpus[floor])
            print(f"  {label:6} {ratio:5.2f}x ({cpu_ratio:4.2f}x)  {'met' if ratio <= 0.3 else 'NOT met'}")
    peak = peaks["cpstrat build OLD"]
    print(f"  build peak memory {peak:.0f} MB  {'met' if peak < 250 else 'NOT met'} (target < 250 MB)")
    print(f"load average after the run: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
