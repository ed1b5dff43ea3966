"""Benchmarks: wall time and peak memory of cpstrat against its floors.

    python3 benchmarks/bench.py [--quick] [--repeat N] [--keep DIR]

Generates strategies of 100, 1,000 and 10,000 actions and a corpus of 150
council strategies (about 100 actions each, with a progress file), then runs
each command in a fresh process, as CI would, and reports the best of
--repeat runs. Beside each measurement stand its floors, measured the same
way in the same run:

  parse floor  a process that only parses the same YAML with yaml.CSafeLoader
  docx floor   a process that only writes the same action rows with python-docx

`cpstrat build` and `cpstrat diff` are measured when the cpstrat under test
has them; otherwise their rows say so. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRATEGIES = ROOT / "strategies"
PRINCIPLES = ["best-interests", "express-views", "take-account", "access-services",
              "high-aspirations", "safe-and-stable", "adulthood"]
STATUSES = ["not-started", "on-track", "at-risk", "off-track", "complete"]
LEADS = ["Head of Service, Children in Care", "Virtual School Head", "Designated Nurse for Looked After Children",
         "Head of Housing Options", "Participation Officer", "Service Manager, Leaving Care"]
PARTNERS = ["Health", "Police", "Housing", "Education", "Youth Offending Service", "Jobcentre Plus", "Voluntary sector"]
# Plain short words, so the text reads as a council's would and passes the plain-language rules.
VERBS = ["Give", "Help", "Offer", "Make sure we give", "Set up", "Check with", "Meet", "Train staff to support",
         "Ask", "Find"]
OBJECTS = ["every care leaver a named worker", "young people a say in their own plans",
           "foster carers more support at night", "each child a health check every year",
           "care leavers a free bus pass", "more homes close to the school they know",
           "young people help to find work", "children time with their brothers and sisters",
           "care leavers help with money and bills", "each child a place at a good school"]
ENDINGS = ["so they feel safe and heard", "before they turn eighteen", "at the start of each school term",
           "in their first year on their own", "with the help of our partners", "and tell them what we did"]


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _sentence(rng: random.Random, n: int) -> str:
    """A plain sentence of about n words or more (n only picks how many parts it has)."""
    parts = [rng.choice(VERBS), rng.choice(OBJECTS)]
    if n >= 8:
        parts.append(rng.choice(ENDINGS))
    return " ".join(parts)


def strategy_yaml(actions: int, council: str = "Council 001", seed: int = 1) -> str:
    """A plausible strategy of `actions` actions that checks clean."""
    rng = random.Random(seed)
    asks = max(3, actions // 10)
    priorities = max(3, min(12, actions // 8))
    out = [
        "# yaml-language-server: $schema=../../schema/strategy.schema.json",
        "cpstrat: 1",
        f"council: {_q(council)}",
        "title: Corporate Parenting Strategy",
        "period: {start: 2024-04-01, end: 2027-03-31}",
        "vision: >-",
        "  Children and young people in and leaving care shape how services work for them,",
        "  and every part of the council acts as a good parent would.",
        "voices:",
        "  - id: cicc",
        "    name: Children in Care Council",
        "    asks:",
    ]
    for i in range(asks):
        out += [f"      - id: ask-{i:04d}", f"        text: {_sentence(rng, 8)}"]
    out.append("priorities:")
    for i in range(priorities):
        out += [f"  - id: p{i:02d}", f"    title: {_sentence(rng, 5)}",
                f"    principles: [{PRINCIPLES[i % 7]}]"]
    out.append("actions:")
    start = dt.date(2024, 4, 1)
    for i in range(actions):
        aid = f"A{i + 1:05d}"
        principles = sorted({PRINCIPLES[i % 7], rng.choice(PRINCIPLES)})
        out += [
            f"  - id: {aid}",
            f"    title: {_sentence(rng, 10)}",
            f"    principles: [{', '.join(principles)}]",
            f"    priorities: [p{i % priorities:02d}]",
        ]
        if i < asks or rng.random() < 0.3:
            out.append(f"    responds_to: [ask-{i % asks:04d}]")
        out += [
            f"    lead: {LEADS[i % len(LEADS)]}",
            f"    partners: [{', '.join(rng.sample(PARTNERS, 2))}]",
            f"    due: {start + dt.timedelta(days=30 + (i * 7) % 1000)}",
            "    measures:",
            f"      - id: {aid}-m1",
            f"        text: {_sentence(rng, 7)}",
            f"        target: {rng.randint(50, 100)}",
            '        unit: "%"',
            f"    status: {STATUSES[i % len(STATUSES)]}",
        ]
    return "\n".join(out) + "\n"


def progress_yaml(actions: int, seed: int = 1) -> str:
    """A progress file updating every other action."""
    rng = random.Random(seed)
    out = ["cpstrat: 1", "as_at: 2025-03-31", "meeting: {name: Corporate Parenting Board, date: 2025-04-14}",
           "report_of: Director of Children's Services", "contact: {role: Corporate Parenting Officer}",
           "implications:"] + [f"  {k}: None." for k in
                               ("financial", "legal", "equalities", "environmental", "human_resources")]
    out.append("updates:")
    for i in range(0, actions, 2):
        aid = f"A{i + 1:05d}"
        out += [f"  - action: {aid}", f"    status: {STATUSES[(i + 1) % len(STATUSES)]}",
                f"    summary: {_sentence(rng, 12)}", f"    measures: {{{aid}-m1: {rng.randint(40, 100)}}}"]
    return "\n".join(out) + "\n"


def write_strategy(folder: Path, actions: int, council: str = "Council 001", seed: int = 1) -> Path:
    (folder / "progress").mkdir(parents=True, exist_ok=True)
    (folder / "strategy.yaml").write_text(strategy_yaml(actions, council, seed), encoding="utf-8")
    (folder / "progress" / "2025-03-31.yaml").write_text(progress_yaml(actions, seed), encoding="utf-8")
    return folder


def changed_copy(src: Path, dst: Path) -> Path:
    """A second version of a strategy for diff: some titles and statuses changed."""
    shutil.copytree(src, dst)
    text = (dst / "strategy.yaml").read_text(encoding="utf-8")
    text = text.replace("status: on-track", "status: complete").replace("title: Help ", "title: Help and support ")
    (dst / "strategy.yaml").write_text(text, encoding="utf-8")
    return dst


# -- running and measuring ------------------------------------------------------

def measure(cmd: list[str], repeat: int, cwd: Path | None = None) -> tuple[float, float, int]:
    """Best wall time (s), peak memory of that process tree's largest process (MB), exit code."""
    best_wall, best_mem, code = float("inf"), 0.0, 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        code = proc.returncode
        if wall < best_wall:
            best_wall = wall
        best_mem = max(best_mem, usage.ru_maxrss / 1024)  # KB on Linux
    return best_wall, best_mem, code


PARSE_FLOOR = """
import sys, yaml
for f in sys.argv[1:]:
    with open(f, encoding="utf-8") as h:
        yaml.load(h, Loader=yaml.CSafeLoader)
"""

DOCX_FLOOR = """
import sys, yaml
from docx import Document
data = yaml.load(open(sys.argv[1], encoding="utf-8"), Loader=yaml.CSafeLoader)
doc = Document()
doc.add_heading(data["title"], 1)
table = doc.add_table(rows=1, cols=5)
for cell, text in zip(table.rows[0].cells, ["Id", "Action", "Lead", "Due", "Status"]):
    cell.text = text
for a in data["actions"]:
    cells = table.add_row().cells
    for cell, key in zip(cells, ["id", "title", "lead", "due", "status"]):
        cell.text = str(a.get(key, ""))
doc.save(sys.argv[2])
"""


def has_command(name: str) -> bool:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "cpstrat", name, "--help"], capture_output=True,
                          env=env).returncode == 0


def yaml_files(folder: Path) -> list[str]:
    return sorted(str(p) for p in folder.rglob("*.yaml"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the 10,000-action strategy")
    ap.add_argument("--repeat", type=int, default=3, help="runs per measurement; the best is reported")
    ap.add_argument("--keep", type=Path, help="write the generated inputs here and keep them")
    args = ap.parse_args()

    work = args.keep or Path(tempfile.mkdtemp(prefix="cpstrat-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    py = [sys.executable]
    cp = py + ["-m", "cpstrat"]
    build, diff = has_command("build"), has_command("diff")
    rows: list[tuple[str, str, str, str, str]] = []  # what, wall, memory, floor, target

    def row(what, wall_mem, floor=None, target=""):
        wall, mem, code = wall_mem
        ratio = f"{floor:.2f} s ({wall / floor:.1f}x)" if floor else ""
        note = "" if code in (0, 1) else f" (exit {code})"
        rows.append((what, f"{wall:.2f} s{note}", f"{mem:.0f} MB", ratio, target))

    try:
        sizes = [100, 1000] if args.quick else [100, 1000, 10_000]
        real = STRATEGIES / "walsall-2021"
        row("cold `check` of strategies/walsall-2021", measure(cp + ["check", str(real)], max(args.repeat, 5)),
            target="≤ 0.3 s")
        for n in sizes:
            folder = write_strategy(work / f"actions-{n}", n)
            files = yaml_files(folder)
            size = sum(Path(f).stat().st_size for f in files) / 2**20
            parse = measure(py + ["-c", PARSE_FLOOR, *files], args.repeat)
            rows.append((f"parse floor, {n:,} actions ({size:.1f} MB of YAML)", f"{parse[0]:.2f} s",
                         f"{parse[1]:.0f} MB", "", ""))
            row(f"`check`, {n:,} actions", measure(cp + ["check", str(folder)], args.repeat), parse[0],
                "≤ 2x parse floor, ≤ 200 MB" if n == 10_000 else "")
            docx_floor = measure(py + ["-c", DOCX_FLOOR, str(folder / "strategy.yaml"), str(work / f"floor-{n}.docx")],
                                 args.repeat)
            rows.append((f"docx floor, {n:,} actions", f"{docx_floor[0]:.2f} s", f"{docx_floor[1]:.0f} MB", "", ""))
            if build:
                row(f"`build`, {n:,} actions", measure(cp + ["build", str(folder), "-o", str(work / f"out-{n}")],
                                                       args.repeat), docx_floor[0],
                    "≤ 3 s" if n == 1000 else "")
            else:
                rows.append((f"`build`, {n:,} actions", "not in this cpstrat", "", "", ""))
            if diff:
                other = changed_copy(folder, work / f"actions-{n}-changed")
                row(f"`diff`, {n:,} actions", measure(cp + ["diff", str(folder), str(other)], args.repeat),
                    parse[0] * 2)
            else:
                rows.append((f"`diff`, {n:,} actions", "not in this cpstrat", "", "", ""))
        corpus = work / "corpus"
        for i in range(1, 151):
            write_strategy(corpus / f"council-{i:03d}", 80 + (i * 7) % 41, f"Council {i:03d}", seed=i)
        files = yaml_files(corpus)
        parse = measure(py + ["-c", PARSE_FLOOR, *files], args.repeat)
        rows.append((f"parse floor, 150-council corpus ({len(files)} files)", f"{parse[0]:.2f} s",
                     f"{parse[1]:.0f} MB", "", ""))
        row("`check` of the 150-council corpus (one invocation)", measure(cp + ["check", str(corpus)], args.repeat),
            parse[0], "≤ 5 s")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, best of {args.repeat} "
          f"(cold check: best of {max(args.repeat, 5)}), {dt.date.today()}\n")
    print("| measurement | wall | peak memory | floor (ratio) | target |")
    print("|---|---|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
