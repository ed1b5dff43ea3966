"""CSV files in the shape the Department for Education publishes (explore-education-statistics), for tests.

The figures are made up (illustrative, not real data); the shape is the published one: the standard
columns, filter columns, indicator columns, National, Regional and Local authority rows, symbols for
suppressed or missing figures, and both period styles (a reporting year `2024`, a financial year `202324`).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

STANDARD = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
            "region_name", "old_la_code", "new_la_code", "la_name"]
WEST_MIDLANDS = ("E12000005", "West Midlands")
NORTH_WEST = ("E12000002", "North West")
# (new_la_code, old_la_code, name, region)
COUNCILS = [
    ("E08000027", "332", "Dudley", WEST_MIDLANDS),
    ("E08000025", "330", "Birmingham", WEST_MIDLANDS),
    ("E08000028", "333", "Sandwell", WEST_MIDLANDS),
    ("E08000030", "335", "Walsall", WEST_MIDLANDS),
    ("E08000031", "336", "Wolverhampton", WEST_MIDLANDS),
    ("E08000001", "350", "Bolton", NORTH_WEST),
]
COUNCIL = "E08000027"
NEIGHBOURS = ["E08000025", "E08000028", "E08000030", "E08000031"]

# placement stability, by reporting year: percentage with three or more placements (lower is better)
PLACEMENTS = {
    "National": {"2022": "10", "2023": "10", "2024": "11"},
    "E12000005": {"2022": "11", "2023": "10", "2024": "10"},
    "E12000002": {"2022": "9", "2023": "9", "2024": "10"},
    "E08000027": {"2022": "12", "2023": "c", "2024": "9"},
    "E08000025": {"2022": "11", "2023": "12", "2024": "13"},
    "E08000028": {"2022": "8", "2023": "9", "2024": "x"},
    "E08000030": {"2022": "10", "2023": "11", "2024": "8"},
    "E08000031": {"2022": "low", "2023": "10", "2024": "11"},
    "E08000001": {"2022": "7", "2023": "8", "2024": "9"},
}
# care leavers aged 19 to 21 in education, employment or training, by financial year (higher is better)
EET = {
    "National": {"202122": "55", "202223": "56", "202324": "56"},
    "E12000005": {"202122": "53", "202223": "54", "202324": "55"},
    "E12000002": {"202122": "57", "202223": "58", "202324": "58"},
    "E08000027": {"202122": "50", "202223": "52", "202324": "48"},
    "E08000025": {"202122": "49", "202223": "51", "202324": "53"},
    "E08000028": {"202122": "z", "202223": "54", "202324": "50"},
    "E08000030": {"202122": "58", "202223": "57", "202324": "c"},
    "E08000031": {"202122": "52", "202223": "53", "202324": "54"},
    "E08000001": {"202122": "60", "202223": "61", "202324": "62"},
}


def _rows(figures: dict, identifier: str, filter_name: str, wanted: str, other: str):
    """Rows for every period, level and place, for the wanted filter value and one other."""
    for period in figures["National"]:
        for value_name in (wanted, other):
            for place, by_period in figures.items():
                value = by_period[period] if value_name == wanted else "5"
                if place == "National":
                    yield [period, identifier, "National", "E92000001", "England", "", "", "", "", "",
                           value_name, "100", value]
                elif place.startswith("E12"):
                    name = dict([WEST_MIDLANDS, NORTH_WEST])[place]
                    yield [period, identifier, "Regional", "E92000001", "England", place, name, "", "", "",
                           value_name, "100", value]
                else:
                    code, old, name, (region, region_name) = next(c for c in COUNCILS if c[0] == place)
                    yield [period, identifier, "Local authority", "E92000001", "England", region, region_name, old,
                           code, name, value_name, "100", value]


def placements_csv() -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(STANDARD + ["placement_stability", "number", "percentage"])
    w.writerows(_rows(PLACEMENTS, "Reporting year", "placement_stability", "Three or more placements",
                      "Same placement for at least 2 years"))
    return out.getvalue()


def eet_csv() -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(STANDARD + ["activity", "number", "percentage"])
    w.writerows(_rows(EET, "Financial year", "activity", "In education, employment or training",
                      "Not in education, employment or training"))
    return out.getvalue()


STRATEGY = """\
cpstrat: 1
council: Dudley Metropolitan Borough Council
title: Corporate Parenting Board scorecard
period: {start: 2024-04-01, end: 2027-03-31}
benchmarks:
  la_code: E08000027
  statistical_neighbours: [E08000025, E08000028, E08000030, E08000031]
  neighbours_source: Illustrative list for testing, not the Department's model
indicators:
  - id: moves-3plus
    name: Children in care with three or more placements in the year
    unit: "%"
    polarity: lower-is-better
    target: {value: 9, by: 2027-03-31}
    data:
      file: data/placement-stability.csv
      column: percentage
      filters: {placement_stability: Three or more placements}
    comparators: {Ofsted: In line with similar councils}
  - id: eet-19-21
    catalogue: care-leavers-eet-19-21
    target: {value: 55, by: 2027-03-31}
    data:
      file: data/care-leavers.csv
      column: percentage
      filters: {activity: "In education, employment or training"}
"""

PROGRESS = """\
cpstrat: 1
as_at: 2024-10-01
meeting: {name: Corporate Parenting Board, date: 2024-10-15}
headlines:
  - Placement stability is better than England and our neighbours.
  - Fewer care leavers are in education, employment or training than last year.
commentary:
  moves-3plus: Fewer moves since the in-house fostering drive began.
"""


def write_folder(folder: Path, strategy: str = STRATEGY, progress: str | None = PROGRESS,
                 placements: str | None = None, eet: str | None = None) -> Path:
    """A council folder with two indicators read from two published files (and a progress file)."""
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "strategy.yaml").write_text(strategy, encoding="utf-8")
    (folder / "data" / "placement-stability.csv").write_text(placements or placements_csv(), encoding="utf-8")
    (folder / "data" / "care-leavers.csv").write_text(eet or eet_csv(), encoding="utf-8")
    if progress is not None:
        (folder / "progress").mkdir(exist_ok=True)
        (folder / "progress" / "2024-10-01.yaml").write_text(progress, encoding="utf-8")
    return folder
