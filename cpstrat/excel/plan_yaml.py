"""An imported plan as strategy.yaml: commented, saying where each action came from and what to finish."""

from __future__ import annotations

from cpstrat.excel.emit import Writer, flow_ids
from cpstrat.excel.plan import KEPT_IN_NOTES, Action, Plan
from cpstrat.format.diagnostics import listing


def emit(plan: Plan, source_name: str) -> str:
    """The strategy.yaml text, with a header saying where it came from and what is left to finish."""
    w = Writer()
    todo = _todo(plan)
    w.comment(f"Imported by `cpstrat import-xlsx` from {source_name}.")
    for t in plan.tables:
        w.comment()
        w.comment(f"Sheet '{t.sheet}': header row {t.header_row}, actions in rows {t.first_row}-{t.last_row}; "
                  "columns read:")
        for c in t.columns:
            target = c.field if c.field and c.field not in KEPT_IN_NOTES else "kept in each action's notes"
            w.comment(f"  {c.letter} '{c.header}' -> {target}")
    w.comment()
    if todo:
        w.comment("To finish (then run `cpstrat check` on this folder until it reports no errors):")
        for line in todo:
            w.comment(f"  - {line}")
    else:
        w.comment("Nothing was left unmapped; run `cpstrat check` on this folder to confirm.")
    w.comment("Lines marked 'to finish' below point at each value the sheet gave that cpstrat could not read.")
    w.key(0, "cpstrat", 1)
    if plan.council:
        w.key(0, "council", plan.council, note=plan.council_note)
    else:
        w.comment("council: (to finish) the council's name, e.g. Testshire County Council")
    if plan.title:
        w.key(0, "title", plan.title, note=plan.title_note)
    else:
        w.comment("title: (to finish) the strategy's title")
    if plan.period:
        start, end = plan.period
        w.key(0, "period", raw=f"{{start: {start.isoformat()}, end: {end.isoformat()}}}", note=plan.period_note)
    else:
        w.comment("period: {start: YYYY-MM-DD, end: YYYY-MM-DD}   (to finish) the period the strategy covers")
    w.key(0, "framework", plan.framework)
    sheets = ", ".join(f"'{t.sheet}'" for t in plan.tables)
    source = f"Imported from {source_name}, sheet{'s' * (len(plan.tables) > 1)} {sheets}."
    if plan.title_block:
        source += "\nAbove the table: " + " / ".join(" ".join(t.split()) for t in plan.title_block)
    if plan.footer:
        source += "\nBelow the table: " + " / ".join(" ".join(t.split()) for t in plan.footer)
    w.key(0, "source", source)
    if plan.priorities:
        w.key(0, "priorities")
        for pid, title in plan.priorities.items():
            w.key(2, "id", pid, item=True)
            w.key(4, "title", title)
    w.key(0, "actions")
    for a in plan.actions:
        _emit_action(w, a)
    return w.text()


def _emit_action(w: Writer, a: Action) -> None:
    rows = f"row {a.row}" if a.last_row == a.row else f"rows {a.row}-{a.last_row}"
    if a.sheet:
        rows = f"sheet '{a.sheet}' {rows}"
    w.key(2, "id", a.id, item=True, note=rows)
    w.key(4, "title", a.title)
    if a.description:
        w.key(4, "description", a.description)
    if a.principles:
        w.key(4, "principles", raw=flow_ids(a.principles), note=a.principles_note)
    else:
        w.key(4, "principles", raw="[]", note="to finish: the sheet names no principle; add at least one "
                                              "(`cpstrat principles` lists them)")
    if a.priorities:
        w.key(4, "priorities", raw=flow_ids(a.priorities))
    if a.lead:
        w.key(4, "lead", a.lead)
    if a.partners:
        w.key(4, "partners")
        for p in a.partners:
            w.item(6, p)
    if a.due is not None:
        w.key(4, "due", a.due, note=a.due_note)
    elif a.due_note:
        w.comment(f"due: {a.due_note}", indent=4)
    if a.measures:
        w.key(4, "measures")
        for m in a.measures:
            w.key(6, "id", m["id"], item=True)
            w.key(8, "text", m["text"])
            for k in ("target", "baseline", "unit"):
                if k in m:
                    w.key(8, k, m[k])
    if a.status:
        w.key(4, "status", a.status, note=a.status_note)
    if a.notes:
        w.key(4, "notes", "\n".join(a.notes))


def _todo(plan: Plan) -> list[str]:
    out = []
    if not plan.council:
        out.append("council: not found in the sheet; add `council:` below (or re-import with --council)")
    elif plan.council_note:
        out.append("council: read from the sheet's title; check it")
    if not plan.title:
        out.append("title: not found in the sheet; add `title:` below (or re-import with --title)")
    elif plan.title_note:
        out.append("title: read from the sheet's title; check it")
    if not plan.period:
        out.append("period: not found in the sheet; add `period:` below (or re-import with "
                   "--period 2022-04-01:2025-03-31)")
    elif plan.period_note:
        out.append("period: read from the sheet's title; check it")
    groups = [
        ("no principle named", [a.id for a in plan.actions if not a.principles]),
        ("a principle that could not be mapped", [a.id for a in plan.actions if "to finish" in a.principles_note]),
        ("a due date that could not be read", [a.id for a in plan.actions if "to finish" in a.due_note]),
        ("a status that could not be read", [a.id for a in plan.actions if "to finish" in a.status_note]),
        ("an ambiguous RAG status to confirm", [a.id for a in plan.actions if "confirm" in a.status_note]),
    ]
    for words, ids in groups:
        if ids:
            out.append(f"{words} ({len(ids)}): {listing(ids, 10)}")
    return out
