"""The comparison of strategies as tables: what each table holds, and the table in Markdown, text or rich."""

from __future__ import annotations

from cpstrat.analysis.compare import Comparison, Profile
from cpstrat.format import frameworks
from cpstrat.outputs.views.context import percent
from cpstrat.outputs.views.context import statuses as status_specs
from cpstrat.util.escape import md_inline as md


def used_statuses(c: Comparison) -> list[tuple[str, str]]:
    """(status, label) in display order, only those some strategy uses."""
    used = {s for p in c.profiles for s in p.status}
    return [(s, spec["label"]) for s, spec in status_specs().items() if s in used]


def overview_table(c: Comparison) -> tuple[list[str], list[list[str]]]:
    header = ["Strategy", "Period", "Actions", "With a lead", "With a due date", "With a measure",
              "All three", "Young people's asks answered", "Principles with no action"]
    rows = []
    for p in c.profiles:
        rows.append([p.name, f"{p.start} to {p.end}", str(p.actions), _pct(p, p.with_lead), _pct(p, p.with_due),
                     _pct(p, p.with_measure), _pct(p, p.smart),
                     f"{p.asks_answered} of {p.asks}" if p.asks else "no asks recorded",
                     ", ".join(p.principles_without_action) or "none"])
    return header, rows


def principle_table(c: Comparison, framework: str, short: bool = False) -> tuple[list[str], list[list[str]]]:
    """Short headers are the principle ids, for terminal widths."""
    principles = c.principles(framework)
    header = ["Strategy"] + [p.id if short else p.title for p in principles]
    rows = [[p.name] + [str(p.per_principle.get(pr.id, 0)) for pr in principles]
            for p in c.profiles if p.framework == framework]
    return header, rows


def priority_table(c: Comparison) -> tuple[list[str], list[list[str]]]:
    header = ["Strategy", "Priority", "Actions"]
    rows = []
    for p in c.profiles:
        if not p.per_priority:
            rows.append([p.name, "(no local priorities)", ""])
        for title, n in p.per_priority:
            rows.append([p.name, title, str(n)])
    return header, rows


def status_table(c: Comparison) -> tuple[list[str], list[list[str]]]:
    statuses = used_statuses(c)
    header = ["Strategy", "As at"] + [label for _, label in statuses]
    rows = [[p.name, p.as_at or "plan only"] + [str(p.status.get(s, 0)) for s, _ in statuses] for p in c.profiles]
    return header, rows


def tables(c: Comparison, short: bool = False) -> list[tuple[str, list[str], list[list[str]]]]:
    """(caption, header, rows) for every table, in reading order."""
    out = [("Overview: actions and how specific they are", *overview_table(c))]
    for fw in c.frameworks:
        fw_obj = frameworks.get(fw)
        out.append((f"Actions per corporate parenting principle ({fw_obj.citation if fw_obj else fw})",
                    *principle_table(c, fw, short)))
    out.append(("Actions per local priority", *priority_table(c)))
    out.append(("Status mix of actions at the latest progress report", *status_table(c)))
    if any(p.published for p in c.profiles):
        out.append(("Published indicators: each council's latest figure", *published_table(c)))
    return out


def published_table(c: Comparison) -> tuple[list[str], list[list[str]]]:
    """The councils side by side on the same indicators read from published figures (matched by catalogue
    id, else by indicator id): the latest figure and its period, or 'Not read' where a strategy has none."""
    names: dict[str, str] = {}
    for p in c.profiles:
        for key, (name, _, _) in p.published.items():
            names.setdefault(key, name)
    rows = []
    for p in c.profiles:
        cells = []
        for key in names:
            found = p.published.get(key)
            cells.append(f"{found[2]} ({found[1]})" if found else "Not read")
        rows.append([p.name, *cells])
    return ["Strategy", *names.values()], rows


def _pct(p: Profile, n: int) -> str:
    return f"{n} ({percent(p.share(n))})" if p.actions else "0"


def markdown(c: Comparison) -> str:
    n = len(c.profiles)
    lines = [f"# Comparison of {n} corporate parenting strateg{'y' if n == 1 else 'ies'}", ""]
    for caption, header, rows in tables(c):
        lines += [f"## {caption}", "", _md_row(header), "|" + "---|" * len(header)]
        lines += [_md_row(r) for r in rows]
        lines.append("")
    return "\n".join(lines)


def _md_row(cells) -> str:
    return "| " + " | ".join(md(x) for x in cells) + " |"


def text_table(c: Comparison) -> str:
    """Plain aligned columns for pipes and files; no box characters, no colour."""
    out = []
    for caption, header, rows in tables(c, short=True):
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        out.append(caption)
        out.append("  ".join(h.ljust(w) for h, w in zip(header, widths)).rstrip())
        out.append("  ".join("-" * w for w in widths))
        out += ["  ".join(str(x).ljust(w) for x, w in zip(r, widths)).rstrip() for r in rows]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def rich_tables(c: Comparison):
    """The same tables as rich Table objects, for a terminal."""
    from rich.table import Table

    out = []
    for caption, header, rows in tables(c, short=True):
        table = Table(title=caption, title_justify="left", header_style="bold")
        for i, h in enumerate(header):
            table.add_column(h, justify="right" if rows and all(_numeric(r[i]) for r in rows) else "left",
                             overflow="fold")
        for r in rows:
            table.add_row(*[str(x) for x in r])
        out.append(table)
    return out


def _numeric(value: str) -> bool:
    return str(value).split(" ")[0].isdigit()
