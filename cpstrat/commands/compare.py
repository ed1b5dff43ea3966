"""`cpstrat compare`: strategies side by side (actions per principle and priority, leads, dates, asks, status mix)."""

from __future__ import annotations

from pathlib import Path

from cpstrat.commands.outcome import Outcome, failed, usage, write_file
from cpstrat.format.escape import json_text

FORMATS = ("table", "md", "json", "docx", "html")


def run(paths, format: str = "table", output: Path | None = None, colour: bool = False,
        width: int | None = None) -> Outcome:
    from cpstrat.analysis import compare as comparison
    from cpstrat.checks.run import check
    from cpstrat.format.files import expand
    from cpstrat.outputs import compare_tables

    if format == "docx" and output is None:
        return usage("compare: --format docx needs --output FILE (e.g. -o comparison.docx)")
    results = [check(p, text_rules=False) for p in expand(paths)]
    bad = [d for r in results for d in r.errors]
    if bad:
        return failed(bad)
    result = comparison.compare([r.strategy for r in results])
    data: str | bytes
    if format == "docx":
        from cpstrat.outputs.compare_docx import render

        data = render(result)
    elif format == "json":
        data = json_text(comparison.as_dict(result), indent=2, ensure_ascii=False) + "\n"
    elif format == "md":
        data = compare_tables.markdown(result)
    elif format == "html":
        from cpstrat.outputs.web import markdown_page

        data = markdown_page(compare_tables.markdown(result))
    elif output is None and colour:
        return Outcome(stdout=[_rich(compare_tables.rich_tables(result), width)])
    else:
        data = compare_tables.text_table(result)
    if output is None:
        return Outcome(stdout=[data if isinstance(data, bytes) else data.encode("utf-8")])
    return write_file(output, data if isinstance(data, bytes) else data.encode("utf-8")) or \
        Outcome(stderr=[f"wrote {output}"])


def _rich(tables, width: int | None) -> str:
    """The tables drawn for a terminal, with its colours, as text."""
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, highlight=False, width=width)
    for table in tables:
        console.print(table)
    return buffer.getvalue().rstrip("\n")
