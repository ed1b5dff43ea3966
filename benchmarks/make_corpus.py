"""Write a generated corpus of council strategies (and progress files) for benchmarks and tests.

    python benchmarks/make_corpus.py OUT_DIR [--councils 150] [--seed 1]

Each council gets a strategy folder with 8-40 actions spread over the seven
principles, local priorities, young people's asks (some answered), leads,
dates and measures on a share of the actions, and, for about half, a progress
file with statuses. The same seed gives the same files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

import yaml

PRINCIPLES = ["best-interests", "express-views", "take-account", "access-services", "high-aspirations",
              "safe-and-stable", "adulthood"]
STATUSES = ["not-started", "on-track", "at-risk", "off-track", "complete", "dropped"]
PLACES = ["Ashford", "Barnfield", "Castleton", "Dunmoor", "Eastwick", "Fairhaven", "Greyford", "Hollins",
          "Ironbridge", "Kingsmere", "Longdale", "Marston", "Northfleet", "Oakham", "Penrose", "Queensbury",
          "Redcliffe", "Stanmore", "Thornbury", "Upton", "Westerham", "Yarwood"]
VERBS = ["Offer", "Give", "Help", "Make sure", "Ask", "Tell", "Review", "Train", "Fund", "Hold"]
OBJECTS = ["care leavers free bus travel", "every child in care a library card", "young people a named worker",
           "foster carers training on education", "the Children in Care Council a budget",
           "care leavers help with council tax", "young people a say in their plans",
           "social workers time to visit more often", "care leavers work experience in the council",
           "children in care music and sport for free"]


def strategy(i: int, rnd: random.Random) -> tuple[dict, dict | None]:
    place = f"{rnd.choice(PLACES)} {i:03d}"
    start = dt.date(2020 + i % 4, 4, 1)
    end = dt.date(start.year + 3, 3, 31)
    priorities = [{"id": f"p{j}", "title": f"Priority {j} of {place}", "principles": [rnd.choice(PRINCIPLES)]}
                  for j in range(1, rnd.randint(2, 6))]
    asks = [{"id": f"ask{j}", "text": f"Young people asked for {rnd.choice(OBJECTS)}"} for j in range(1, rnd.randint(2, 8))]
    actions = []
    for k in range(1, rnd.randint(8, 40)):
        action = {"id": f"A{k:02d}", "title": f"{rnd.choice(VERBS)} {rnd.choice(OBJECTS)}",
                  "principles": rnd.sample(PRINCIPLES, rnd.randint(1, 3)),
                  "priorities": [rnd.choice(priorities)["id"]]}
        if rnd.random() < 0.4:
            action["responds_to"] = [rnd.choice(asks)["id"]]
        if rnd.random() < 0.7:
            action["lead"] = "Head of Service, Children in Care"
        if rnd.random() < 0.6:
            action["due"] = start + dt.timedelta(days=rnd.randint(100, 1000))
        if rnd.random() < 0.5:
            action["measures"] = [{"id": f"A{k:02d}-m1", "text": "Care leavers who say it helped", "target": 80,
                                   "unit": "%"}]
        if rnd.random() < 0.5:
            action["status"] = rnd.choice(STATUSES[:3])
        actions.append(action)
    data = {"cpstrat": 1, "council": f"{place} Council", "title": "Corporate Parenting Strategy",
            "period": {"start": start, "end": end},
            "voices": [{"id": "cicc", "name": "Children in Care Council", "asks": asks}],
            "priorities": priorities, "actions": actions}
    progress = None
    if i % 2 == 0:
        progress = {"cpstrat": 1, "as_at": start + dt.timedelta(days=365),
                    "updates": [{"action": a["id"], "status": rnd.choice(STATUSES)}
                                for a in actions if rnd.random() < 0.7]}
    return data, progress


def write_corpus(out: Path, councils: int = 150, seed: int = 1) -> list[Path]:
    rnd = random.Random(seed)
    folders = []
    for i in range(1, councils + 1):
        data, progress = strategy(i, rnd)
        folder = out / f"council-{i:03d}"
        (folder / "progress").mkdir(parents=True, exist_ok=True)
        (folder / "strategy.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        if progress:
            name = f"{progress['as_at'].isoformat()}.yaml"
            (folder / "progress" / name).write_text(yaml.safe_dump(progress, sort_keys=False), encoding="utf-8")
        folders.append(folder)
    return folders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--councils", type=int, default=150)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    folders = write_corpus(args.out, args.councils, args.seed)
    print(f"wrote {len(folders)} strategies under {args.out}")


if __name__ == "__main__":
    main()
