"""The `cpstrat` program: a plain `cpstrat check` runs without loading Typer.

Loading Typer and building its command tree costs about 80 ms on each start
(measured: 0.22-0.25 s for a check of a bundled strategy through this path,
0.29-0.33 s through Typer), and releases from 0.29 add pydantic on top. CI and pre-commit run `cpstrat check` on every commit, so a
check whose arguments are only paths and the options in CHECK_OPTIONS runs
straight from here; anything else (--help, a misspelt option, another
command) goes to the Typer app, which owns the usage messages.
"""

from __future__ import annotations

import os
import sys

# The `check` options this fast path understands: flag -> (parameter, takes a value).
# tests/test_ci_formats.py holds these to the Typer command's own declarations.
CHECK_OPTIONS = {
    "--format": ("format", True),
    "-f": ("format", True),
    "--strict": ("strict", False),
}


def parse_check(args: list[str]) -> dict | None:
    """The check command's arguments as keyword values, or None to leave them to Typer."""
    from cpstrat.outputs.check_report import FORMATS

    values: dict = {"paths": [], "format": "text", "strict": False}
    i = 0
    only_paths = False
    while i < len(args):
        arg = args[i]
        i += 1
        if only_paths or not arg.startswith("-") or arg == "-":
            values["paths"].append(arg)
            continue
        if arg == "--":
            only_paths = True
            continue
        flag, eq, inline = arg.partition("=")
        if not eq and flag.startswith("-") and not flag.startswith("--") and len(flag) > 2:
            flag, inline, eq = flag[:2], flag[2:], "="  # -fjson
        spec = CHECK_OPTIONS.get(flag)
        if spec is None:
            return None
        name, takes_value = spec
        if not takes_value:
            if eq:
                return None
            values[name] = True
            continue
        if not eq:
            if i >= len(args):
                return None
            inline = args[i]
            i += 1
        values[name] = inline
    if not values["paths"] or values["format"] not in FORMATS:
        return None
    return values


def run_check(paths, format: str = "text", strict: bool = False) -> int:
    """Check the strategies named by paths, print the results in `format`, return the exit code."""
    from cpstrat.checks.batch import check_all
    from cpstrat.format.files import expand
    from cpstrat.outputs import check_report as report

    results = check_all(expand(paths))
    colour = format == "text" and colour_wanted(sys.stdout)
    out = report.render(format, results, strict, colour=colour)
    if colour:
        from rich.console import Console

        Console(file=sys.stdout, highlight=False, soft_wrap=True).print(out)
    else:
        print(out)
    return max((_exit(r, strict) for r in results), default=0)


def _exit(result, strict: bool) -> int:
    if result.exit_code:
        return result.exit_code
    return 0 if result.ok(strict) else 1


def colour_wanted(stream=sys.stdout) -> bool:
    """Colour only for a terminal, and never with NO_COLOR set or TERM=dumb (the one rule for every command)."""
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def main() -> None:
    args = sys.argv[1:]
    if args[:1] in (["check"], ["diff"], ["compare"]):
        # These load strategies into many small objects kept to the end, so the cycle
        # collector's repeated passes find nothing and cost about a tenth of the run.
        # Not for build: python-docx makes cycles, and without the collector a
        # 10,000-action build peaked at 855 MB instead of 538 MB.
        import gc

        gc.disable()
    try:
        parsed = parse_check(args[1:]) if args[:1] == ["check"] else None
        if parsed is not None:
            sys.exit(run_check(**parsed))
        from cpstrat.cli import app

        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
