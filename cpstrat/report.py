"""Diagnostics as text for people and as machine formats for CI and editors.

Each formatter takes the check results and returns a string; the CLI prints it.
"""

from __future__ import annotations

import json


def counts(diags) -> str:
    errors = sum(d.severity == "error" for d in diags)
    warnings = len(diags) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def text(results, strict: bool = False, colour: bool = False) -> str:
    """`path:line:column: severity CODE message`, the hint indented under it, then summaries."""
    lines = []
    for result in results:
        for d in result.diagnostics:
            where = f"{d.file}:{d.line}:{d.column}"
            severity = d.severity
            if colour:
                style = "red" if severity == "error" else "yellow"
                lines.append(f"[bold]{_esc(where)}[/bold]: [{style}]{severity}[/{style}] {d.code} {_esc(d.message)}")
                lines.append(f"    [dim]hint: {_esc(d.hint)}[/dim]")
            else:
                lines.append(f"{where}: {severity} {d.code} {d.message}")
                lines.append(f"    hint: {d.hint}")
        verdict = "ok" if result.ok(strict) else "FAILED"
        if colour:
            verdict = f"[green]{verdict}[/green]" if result.ok(strict) else f"[bold red]{verdict}[/bold red]"
        lines.append(f"{_esc(result.path) if colour else result.path}: {verdict} ({counts(result.diagnostics)})")
    if len(results) > 1:
        failed = sum(not r.ok(strict) for r in results)
        all_diags = [d for r in results for d in r.diagnostics]
        lines.append(f"{len(results)} strategies checked, {failed} failed ({counts(all_diags)})")
    return "\n".join(lines)


def _esc(s: str) -> str:
    return s.replace("[", "\\[")


def as_json(results, strict: bool = False) -> str:
    """The contract's shape: {"ok", "diagnostics": [...]}, plus a per-strategy summary."""
    diags = [d.as_dict() for r in results for d in r.diagnostics]
    return json.dumps({
        "ok": all(r.ok(strict) for r in results),
        "diagnostics": diags,
        "strategies": [
            {"path": r.path, "ok": r.ok(strict), "errors": len(r.errors), "warnings": len(r.warnings)}
            for r in results
        ],
    }, indent=2, ensure_ascii=False)
