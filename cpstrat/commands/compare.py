"""`cpstrat compare`: strategies side by side (actions per principle and priority, leads, dates, asks, status mix)."""

from __future__ import annotations

from pathlib import Path

from cpstrat.commands.outcome import Outcome, failed, usage, write_file


def run(paths, format: str = "table", output: Path | None = None, colour: bool = False,
        width: int | None = None) -> Outcome:
    from cpstrat.analysis import compare as comparison
    from cpstrat.checks.run import check
    from cpstrat.format.files import expand
    from cpstrat.outputs.registry import renderer
    from cpstrat.outputs.views import compare as compare_tables

    if format == "docx" and output is None:
        return usage("compare: --format docx needs --output FILE (e.g. -o comparison.docx)")
    results = [check(p, text_rules=False) for p in expand(paths)]
    bad = [d for r in results for d in r.errors]
    if bad:
        return failed(bad)
    result = comparison.compare([r.strategy for r in results])
    if format == "table" and output is None and colour:
        return Outcome(stdout=[_rich(compare_tables.rich_tables(result), width)])
    data = renderer("compare", format)(result)
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
