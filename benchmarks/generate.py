"""Generated strategies of any size, for benchmarks: valid YAML in the real format."""

from __future__ import annotations

PRINCIPLES = ("best-interests", "express-views", "take-account", "access-services",
              "high-aspirations", "safe-and-stable", "adulthood")
STATUSES = ("not-started", "on-track", "at-risk", "off-track", "complete")


def strategy_yaml(n: int, edit: bool = False) -> str:
    """A strategy of n actions; with edit=True, a later version of it.

    The later version drops every 100th action, retitles every 50th, moves the
    status of every 7th and adds n // 100 new actions, so a diff has work to do.
    """
    lines = [
        "cpstrat: 1",
        "council: Benchmark Borough Council",
        "title: Corporate Parenting Strategy",
        "period: {start: 2022-04-01, end: 2025-03-31}",
        "priorities:",
    ]
    for p in range(20):
        lines += [f"  - id: p{p:02d}", f"    title: Priority number {p}", f"    principles: [{PRINCIPLES[p % 7]}]"]
    lines.append("actions:")
    for i in range(n):
        if edit and i % 100 == 99:
            continue
        title = f"Action {i} to improve outcomes for children in care, strand {i % 13}"
        if edit and i % 50 == 0:
            title += " (revised)"
        status = STATUSES[(i + (1 if edit and i % 7 == 0 else 0)) % len(STATUSES)]
        lines += [
            f"  - id: A{i:05d}",
            f"    title: {title}",
            f"    principles: [{PRINCIPLES[i % 7]}, {PRINCIPLES[(i + 3) % 7]}]",
            f"    priorities: [p{i % 20:02d}]",
            "    lead: Head of Service, Children in Care",
            "    partners: [Health, Police]",
            "    due: 2024-03-31",
            "    measures:",
            f"      - id: A{i:05d}-m1",
            "        text: Care leavers with an up-to-date pathway plan",
            f"        target: {90 + i % 10}",
            '        unit: "%"',
            f"    status: {status}",
        ]
    if edit:
        for j in range(n // 100):
            lines += [f"  - id: N{j:05d}", f"    title: New action {j} on stable homes",
                      f"    principles: [{PRINCIPLES[j % 7]}]", "    status: not-started"]
    return "\n".join(lines) + "\n"
