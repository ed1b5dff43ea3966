"""A synthetic strategy of any size, for the interruption test and the build benchmark."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

PRINCIPLES = ["best-interests", "express-views", "take-account", "access-services", "high-aspirations",
              "safe-and-stable", "adulthood"]
STATUSES = ["not-started", "on-track", "at-risk", "off-track", "complete"]


def write(folder: Path, actions: int, status_shift: int = 0) -> Path:
    """strategy.yaml with `actions` actions over 7 principles, 6 priorities and 20 asks, plus two progress files."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "progress").mkdir(exist_ok=True)
    lines = ["cpstrat: 1", "council: Synthetic Borough Council", "title: Corporate Parenting Strategy",
             "period: {start: 2022-04-01, end: 2026-03-31}", "vision: Every child in our care thrives.",
             "voices:", "  - id: cicc", "    name: Children in Care Council", "    asks:"]
    lines += [f"      - {{id: ask-{i}, text: 'Ask number {i} from young people'}}" for i in range(20)]
    lines.append("priorities:")
    lines += [f"  - {{id: p{i}, title: 'Priority {i}', principles: [{PRINCIPLES[i]}]}}" for i in range(6)]
    lines.append("actions:")
    start = dt.date(2022, 6, 30)
    for i in range(actions):
        due = start + dt.timedelta(days=(i * 7) % 1300)
        lines += [
            f"  - id: A{i:04d}",
            f"    title: Action {i} to improve the lives of children in care and care leavers",
            f"    principles: [{PRINCIPLES[i % 7]}, {PRINCIPLES[(i + 3) % 7]}]",
            f"    priorities: [p{i % 6}]",
            f"    responds_to: [ask-{i % 20}]",
            "    lead: Head of Service, Children in Care",
            "    partners: [Health, Police, Education]",
            f"    due: {due.isoformat()}",
            "    measures:",
            f"      - {{id: A{i:04d}-m1, text: 'Measure of action {i}', target: {50 + i % 50}, unit: '%'}}",
            f"    status: {STATUSES[(i + status_shift) % 5]}",
        ]
    (folder / "strategy.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for as_at, shift in (("2023-03-31", 1), ("2024-03-31", 2)):
        body = ["cpstrat: 1", f"as_at: {as_at}", "meeting: Corporate Parenting Board",
                "purpose: To report progress.", "implications: {financial: None., legal: None., "
                "equalities: None., environmental: None., human_resources: None.}", "updates:"]
        for i in range(0, actions, 2):
            body += [f"  - action: A{i:04d}", f"    status: {STATUSES[(i + shift + status_shift) % 5]}",
                     f"    summary: Progress on action {i}.", f"    achievements: ['Achievement {i}']",
                     f"    measures: {{A{i:04d}-m1: {40 + (i + shift) % 60}}}"]
        (folder / "progress" / f"{as_at}.yaml").write_text("\n".join(body) + "\n", encoding="utf-8")
    return folder
