"""The `cpstrat build` command's terminal side: options, progress bar, messages.

The work itself is pipeline.build(); this module only reports it and picks
the exit code (the worst over all strategies).
"""

from __future__ import annotations

import sys
from pathlib import Path

from cpstrat.outputs.publish import FORMATS, OutputError, build


def parse_formats(text: str) -> tuple[str, ...] | None:
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    if not wanted or any(f not in FORMATS for f in wanted):
        return None
    return wanted


def run_build(paths, output: Path, progress, templates, format_text: str, audience: str = "board") -> int:
    from cpstrat.format.files import expand

    formats = parse_formats(format_text)
    if formats is None:
        print(f"--format {format_text!r}: give one or more of {', '.join(FORMATS)}, "
              f"separated by commas (e.g. --format docx,html)", file=sys.stderr)
        return 2
    targets = expand(paths)
    if progress is not None and len(targets) > 1:
        print("--progress names one progress file, so it needs exactly one strategy; "
              f"{len(targets)} were given", file=sys.stderr)
        return 2
    worst = 0
    try:
        if len(targets) > 1:
            from rich.progress import Progress

            # the bar goes to stderr and disappears when done; messages print above it
            with Progress(transient=True, console=_console()) as bar:
                task = bar.add_task("Building", total=len(targets))
                for target in targets:
                    bar.update(task, description=f"Building {target}")
                    worst = max(worst, _report(build(target, output, progress, templates, formats, audience)))
                    bar.advance(task)
        else:
            for target in targets:
                worst = max(worst, _report(build(target, output, progress, templates, formats, audience)))
    except OutputError as exc:
        print(exc, file=sys.stderr)
        return 2
    return worst


def _report(outcome) -> int:
    """Print one strategy's diagnostics and written files; its exit code."""
    for d in outcome.diagnostics:
        where = f"{d.file}:{d.line}:{d.column}" if d.line else d.file
        print(f"{where}: {d.severity} {d.code} {d.message}\n    hint: {d.hint}", file=sys.stderr)
    if outcome.errors:
        print(f"{outcome.path}: not built ({len(outcome.errors)} error"
              f"{'s' if len(outcome.errors) != 1 else ''}); nothing written", file=sys.stderr)
    for file in outcome.written:
        print(f"wrote {file}")
    return outcome.exit_code


def _console():
    from rich.console import Console

    return Console(file=sys.stderr)
