"""Benchmark: reading a published statistics CSV of a million rows, against a plain csv.DictReader pass.

    python3 benchmarks/bench_published.py [--rows 1000000] [--repeat 3] [--keep FILE]

Generates a file in the Department for Education's published shape (the standard columns, two filter
columns, three indicator columns; National, Regional and Local authority rows for 150 councils over ten
periods; symbols scattered among the figures), about 130 MB for a million rows. Then, each best of
--repeat runs in CPU seconds:

  csv.DictReader pass        every row read as a dict and dropped: the floor the issue measures against
  cpstrat published.read     the streaming reader, for one council, its 10 statistical neighbours and two
                             indicators read from the file at once (as check reads it)

The peak memory of the reader is measured in a child process of its own (ru_maxrss of a process that
only imports cpstrat.format.published and reads the file), so the generator's and the DictReader's
memory do not count.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(ROOT), str(HERE)]

from timing import best  # noqa: E402

STANDARD = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
            "region_name", "old_la_code", "new_la_code", "la_name"]
REGIONS = [(f"E1200000{i}", f"Region {i}") for i in range(1, 10)]
COUNCILS = [(f"E08{i:06d}", str(300 + i), f"Council {i}", REGIONS[i % len(REGIONS)]) for i in range(150)]
COUNCIL, NEIGHBOURS = COUNCILS[7][0], [c[0] for c in COUNCILS[20:30]]
MEASURES = [f"Measure {i}" for i in range(40)]
AGES = ["Under 1", "1 to 4", "5 to 9", "10 to 15", "16 and over", "Total"]
SYMBOLS = ["c", "x", "low", "z", "", ":"]


def generate(path: Path, rows: int, seed: int = 1) -> None:
    """`rows` rows in the published shape, written as the Department writes them."""
    rng = random.Random(seed)
    periods = [(f"{y}{(y + 1) % 100:02d}", "Financial year") for y in range(2014, 2024)]
    places = ([("National", "", "", "", "", "", "")]
              + [("Regional", code, name, "", "", "") + ("",) for code, name in REGIONS]
              + [("Local authority", region, rname, old, code, name, "") for code, old, name, (region, rname)
                 in COUNCILS])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        w = csv.writer(handle, lineterminator="\n")
        w.writerow(STANDARD + ["placement_measure", "age_group", "number", "percentage", "rate_per_10000"])
        n = 0
        while n < rows:
            for period, identifier in periods:
                for level, region, rname, old, code, name, _ in places:
                    for measure in MEASURES:
                        for age in AGES:
                            value = rng.choice(SYMBOLS) if rng.random() < 0.08 else f"{rng.random() * 100:.1f}"
                            w.writerow([period, identifier, level, "E92000001", "England", region, rname, old,
                                        code, name, measure, age, str(rng.randint(0, 5000)), value,
                                        f"{rng.random() * 150:.0f}"])
                            n += 1
                            if n >= rows:
                                return


def dictreader_pass(path: Path) -> int:
    n = 0
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for _row in csv.DictReader(handle):
            n += 1
    return n


def cpstrat_read(path: Path):
    from cpstrat.format import published

    queries = [published.Query("percentage", (("placement_measure", "Measure 3"), ("age_group", "Total"))),
               published.Query("rate_per_10000", (("placement_measure", "Measure 5"), ("age_group", "Total")))]
    return published.read(path, path.name, queries, [COUNCIL, *NEIGHBOURS])


PEAK = """
import resource, sys, time
sys.path.insert(0, {root!r}); sys.path.insert(0, {here!r})
from bench_published import cpstrat_read
from pathlib import Path
start = time.process_time()
table = cpstrat_read(Path({path!r}))
spent = time.process_time() - start
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, spent, sum(len(f.local) for f in table.figures.values()))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the generated file here (and keep it)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "published.csv"
        start = time.perf_counter()
        generate(path, args.rows)
        size = path.stat().st_size
        print(f"generated {args.rows:,} rows, {size / 1e6:.0f} MB, in {time.perf_counter() - start:.1f} s")
        plain = best(lambda: dictreader_pass(path), args.repeat, time.process_time)
        ours = best(lambda: cpstrat_read(path), args.repeat, time.process_time)
        print(f"csv.DictReader pass       {plain:6.2f} s CPU")
        print(f"cpstrat published.read    {ours:6.2f} s CPU  ({ours / plain:.2f} x the DictReader pass)")
        empty = subprocess.run([sys.executable, "-c", f"import resource, sys; sys.path.insert(0, {str(ROOT)!r}); "
                                "import cpstrat.format.published; print(resource.getrusage("
                                "resource.RUSAGE_SELF).ru_maxrss)"],
                               capture_output=True, text=True, check=True)
        out = subprocess.run([sys.executable, "-c", PEAK.format(root=str(ROOT), here=str(HERE), path=str(path))],
                             capture_output=True, text=True, check=True)
        peak_kb, spent, kept = out.stdout.split()
        print(f"peak memory of a process reading it: {int(peak_kb) / 1024:.0f} MB "
              f"(the same process before reading: {int(empty.stdout) / 1024:.0f} MB); "
              f"{float(spent):.2f} s CPU there; {kept} periods kept")


if __name__ == "__main__":
    main()
