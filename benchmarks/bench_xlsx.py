"""Benchmark: import-xlsx of a 10,000-row action plan (target: a few seconds).

Run: python3 benchmarks/bench_xlsx.py [ROWS]
Prints the time to read and map the sheet, to write the YAML, and the whole
command as a user runs it (a subprocess, start-up included).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def make_plan(path: Path, rows: int) -> None:
    import openpyxl

    # a normal workbook, as Excel saves one: shared strings and a <dimension> element
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Action plan"
    ws.append(["Testshire County Council Corporate Parenting Action Plan 2022-2025"])
    ws.append([])
    ws.append(["Ref", "What we will do", "Principle", "Theme", "Lead officer", "Partners", "By when",
               "RAG", "Success measure", "Comments"])
    rags = ["Red", "Amber", "Green", "Blue", None]
    dues = ["March 2023", "Q3 2023/24", "31/03/2024", "Ongoing"]
    for i in range(rows):
        ws.append([f"{i + 1}", f"Action number {i + 1}: do something useful for children in care",
                   f"Principle {i % 7 + 1}", f"Theme {i % 12}", f"Head of Service {i % 40}", "Health, Police",
                   dues[i % 4], rags[i % 5], f"Measure {i}\nSecond measure {i}", f"Comment {i}"])
    wb.save(path)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    from cpstrat.excel import import_plan as imp
    from cpstrat.excel.plan_yaml import emit
    from cpstrat.excel.title_block import fill_strategy_keys

    with tempfile.TemporaryDirectory() as tmp:
        plan = Path(tmp) / "plan.xlsx"
        make_plan(plan, rows)
        t0, c0 = time.perf_counter(), time.process_time()
        result = imp.read_plan(plan, str(plan), {})
        t1, c1 = time.perf_counter(), time.process_time()
        fill_strategy_keys(result, None, None, None)
        text = emit(result, plan.name)
        t2, c2 = time.perf_counter(), time.process_time()
        assert len(result.actions) == rows, len(result.actions)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t3 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cpstrat", "import-xlsx", str(plan), "-o", str(Path(tmp) / "out")],
                       check=True, capture_output=True, cwd=ROOT)
        t4 = time.perf_counter()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        child_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
        subprocess.run([sys.executable, "-m", "cpstrat", "import-xlsx", str(plan), "-o", str(Path(tmp) / "out2"),
                        "--no-check"], check=True, capture_output=True, cwd=ROOT)
        t5 = time.perf_counter()
        last = resource.getrusage(resource.RUSAGE_CHILDREN)
        child_cpu2 = (last.ru_utime + last.ru_stime) - (after.ru_utime + after.ru_stime)
        # CPU seconds beside wall seconds: on a shared machine the wall clock also counts waiting
        print(f"{rows} rows ({plan.stat().st_size / 1e6:.1f} MB .xlsx, {len(text) / 1e6:.1f} MB YAML); "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"  read and map sheet: {t1 - t0:.2f} s wall, {c1 - c0:.2f} s CPU")
        print(f"  write YAML text:    {t2 - t1:.2f} s wall, {c2 - c1:.2f} s CPU")
        print(f"  whole command (subprocess, incl. start-up, writing and checking the result): "
              f"{t4 - t3:.2f} s wall, {child_cpu:.2f} s CPU")
        print(f"  whole command with --no-check: {t5 - t4:.2f} s wall, {child_cpu2:.2f} s CPU")

if __name__ == "__main__":
    main()
