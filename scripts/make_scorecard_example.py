"""Write examples/scorecard: a data-only scorecard folder with CSVs in the published shape.

The councils, their codes and every figure are made up (ILLUSTRATIVE, NOT REAL DATA): the files have the
shape of the Department for Education's explore-education-statistics CSVs (standard columns, a filter
column, indicator columns, National, Regional and Local authority rows, symbols for suppressed and
missing figures, a reporting year and a financial year), so the example runs as a council's own would.

    python scripts/make_scorecard_example.py
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "examples" / "scorecard"
STANDARD = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
            "region_name", "old_la_code", "new_la_code", "la_name"]
REGIONS = {"E12900001": "Example Region North", "E12900002": "Example Region South"}
COUNCILS = [("E08900001", "901", "Exampleton", "E12900001"), ("E08900002", "902", "Northbury", "E12900001"),
            ("E08900003", "903", "Southwick", "E12900002"), ("E08900004", "904", "Eastham Vale", "E12900001"),
            ("E08900005", "905", "Westmere", "E12900002"), ("E08900006", "906", "Highcombe", "E12900002")]
# place -> figures by period (made up); symbols as the Department writes them
PLACEMENTS = {"National": ["10", "10", "11"], "E12900001": ["11", "10", "10"], "E12900002": ["9", "9", "10"],
              "E08900001": ["12", "c", "9"], "E08900002": ["11", "12", "13"], "E08900003": ["8", "9", "x"],
              "E08900004": ["10", "11", "8"], "E08900005": ["low", "10", "11"], "E08900006": ["7", "8", "9"]}
EET = {"National": ["55", "56", "56"], "E12900001": ["53", "54", "55"], "E12900002": ["57", "58", "58"],
       "E08900001": ["50", "52", "48"], "E08900002": ["49", "51", "53"], "E08900003": ["z", "54", "50"],
       "E08900004": ["58", "57", "c"], "E08900005": ["52", "53", "54"], "E08900006": ["60", "61", "62"]}


def table(figures: dict, periods: list[str], identifier: str, filter_name: str, wanted: str, other: str) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(STANDARD + [filter_name, "number", "percentage"])
    for i, period in enumerate(periods):
        for value_name in (wanted, other):
            for place, values in figures.items():
                value = values[i] if value_name == wanted else str(100 - int(values[i])) \
                    if values[i].isdigit() else values[i]
                if place == "National":
                    head = [period, identifier, "National", "E92000001", "England", "", "", "", "", ""]
                elif place in REGIONS:
                    head = [period, identifier, "Regional", "E92000001", "England", place, REGIONS[place], "", "", ""]
                else:
                    code, old, name, region = next(c for c in COUNCILS if c[0] == place)
                    head = [period, identifier, "Local authority", "E92000001", "England", region, REGIONS[region],
                            old, code, name]
                number = "" if not value.replace(".", "").isdigit() else str(int(float(value) * 3))
                w.writerow(head + [value_name, number or value, value])
    return out.getvalue()


STRATEGY = """\
# An ILLUSTRATIVE scorecard: the councils, codes and figures in data/ are made up (not real data), in
# the shape the Department for Education publishes them. Made by scripts/make_scorecard_example.py.
cpstrat: 1
council: Exampleton Metropolitan Borough Council (illustrative)
title: Corporate Parenting Board scorecard
status: Illustrative example, not real data
period: {start: 2024-04-01, end: 2027-03-31}
benchmarks:
  la_code: E08900001
  statistical_neighbours: [E08900002, E08900003, E08900004, E08900005]
  neighbours_source: An illustrative list (a council would use the Department's statistical neighbour model)
governance:
  boards:
    - name: Corporate Parenting Board
      chair: Cabinet Member for Children and Young People
indicators:
  - id: moves-3plus
    catalogue: placement-stability-3plus
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
meeting: {name: Corporate Parenting Board, date: 2024-10-15, agenda_item: "6"}
report_of: Director of Children's Services
contact: {name: Sam Example, role: Performance Manager, email: performance@example.gov.uk}
headlines:
  - Fewer children in care moved home three or more times than in England and our neighbours.
  - Fewer care leavers aged 19 to 21 are in education, employment or training than last year.
commentary:
  moves-3plus: Fewer moves since the in-house fostering drive began; the 2023 figure was suppressed.
  eet-19-21: Two large groups left college at 19; the leaving care team now starts planning at 17.
implications:
  financial: None.
  legal: None.
  equalities: The figures are not yet broken down by ethnicity or disability.
  environmental: None.
  human_resources: None.
"""


def main() -> None:
    (FOLDER / "data").mkdir(parents=True, exist_ok=True)
    (FOLDER / "progress").mkdir(exist_ok=True)
    (FOLDER / "strategy.yaml").write_text(STRATEGY, encoding="utf-8")
    (FOLDER / "progress" / "2024-10-01.yaml").write_text(PROGRESS, encoding="utf-8")
    (FOLDER / "data" / "placement-stability.csv").write_text(
        table(PLACEMENTS, ["2022", "2023", "2024"], "Reporting year", "placement_stability",
              "Three or more placements", "Same placement for at least 2 years"), encoding="utf-8")
    (FOLDER / "data" / "care-leavers.csv").write_text(
        table(EET, ["202122", "202223", "202324"], "Financial year", "activity",
              "In education, employment or training", "Not in education, employment or training"), encoding="utf-8")
    print(f"wrote {FOLDER}")


if __name__ == "__main__":
    main()
