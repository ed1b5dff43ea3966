"""The `cpstrat` program: parse the command line, run the command, print its Outcome, exit.

The Typer app (cpstrat.cli.app, declared in cpstrat/cli/typer_app.py) owns every option
and usage message. Each command's libraries are imported only when that command runs,
so `cpstrat check` starts within its budget through Typer alone
(benchmarks/bench_startup.py measures it; docs/benchmarks.md has the figures).
"""

from __future__ import annotations

import errno
import os
import sys
from contextlib import contextmanager


def __getattr__(name: str):
    # `from cpstrat.cli import app` loads Typer only when the app is asked for
    if name == "app":
        from cpstrat.cli.typer_app import app

        return app
    raise AttributeError(name)


def colour_wanted(stream=None) -> bool:
    """Colour only for a terminal, and never with NO_COLOR set or TERM=dumb (the one rule for every command)."""
    stream = stream or sys.stdout
    return stream.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def emit(outcome) -> int:
    """Print an Outcome: standard error first (diagnostics in the one text form), then standard output.

    Text passes through for_terminal(): control characters from the data (escape sequences in a key,
    a commit subject, a file name) are shown escaped, never sent to the terminal.
    """
    from cpstrat.util.escape import for_terminal

    for item in outcome.stderr:
        print(for_terminal(item if isinstance(item, str) else item.as_text()), file=sys.stderr)
    for item in outcome.stdout:
        if isinstance(item, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(item)
            sys.stdout.buffer.flush()
        else:
            print(for_terminal(item))
    return outcome.code


@contextmanager
def progress_bar(wanted: bool):
    """Two callbacks for a long command: `each(item)` shows which item it is on, as a bar on standard error
    that disappears when done (only when wanted and standard error is a terminal); `say(text)` shows what a
    slow step is doing: in the bar, or else as a line on standard error (the PDF conversion takes seconds)."""
    from cpstrat.util.escape import terminal_line

    if not (wanted and sys.stderr.isatty()):
        def line(text: str) -> None:
            print(terminal_line(text), file=sys.stderr, flush=True)

        yield None, line
        return
    from rich.console import Console
    from rich.markup import escape as escape_markup
    from rich.progress import Progress

    with Progress(transient=True, console=Console(file=sys.stderr)) as bar:
        task = bar.add_task("Building", total=None)
        # the item (a path) is data: its control characters escaped, its [brackets] not rich markup
        yield (lambda item: bar.update(task, description=f"Building {escape_markup(terminal_line(item))}"),
               lambda text: bar.update(task, description=escape_markup(terminal_line(text))))


def main() -> None:
    args = sys.argv[1:]
    if args[:1] in (["check"], ["diff"], ["compare"]):
        # These load strategies into many small objects kept to the end, so the cycle
        # collector's repeated passes find nothing and cost about a tenth of the run.
        # Not for build: python-docx makes cycles, and without the collector a
        # large build's peak memory grows by half.
        import gc

        gc.disable()
    try:
        from cpstrat.cli.typer_app import app

        app(prog_name="cpstrat")
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:
        # output piped into `head` and the like: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(0)
    except OSError as exc:
        # a path the system cannot even look up (a name or path too long, a loop of links) may be
        # met wherever a command first touches it: one line, as any unreadable input gets
        if exc.errno not in _PATH_ERRORS:
            raise
        from cpstrat.util.escape import terminal_line

        where = terminal_line(exc.filename if exc.filename is not None else "")
        shown = where if len(where) <= 200 else where[:100] + "..." + where[-60:]
        print(f"{shown}: {exc.strerror}; {_PATH_ERRORS[exc.errno]}", file=sys.stderr, flush=True)
        sys.exit(2)


_PATH_ERRORS = {errno.ENAMETOOLONG: "use a shorter path (a folder nearer the top, or shorter names)",
                errno.ELOOP: "the path goes round a loop of symbolic links; give the real path"}


_EXIT_CODE = [0]


def entry() -> None:
    """The installed `cpstrat` program and `python -m cpstrat`: main(), then leave without tearing down the heap.

    A large strategy is hundreds of thousands of objects, and freeing them one by one as the interpreter
    shuts down cost a tenth of a large build (docs/benchmarks.md). Nothing needs that teardown: every
    output is written and closed by then. The interpreter runs the exit handlers last-registered first,
    so _leave, registered before main() runs, comes after every handler main()'s libraries register; it
    flushes both streams and ends the process there. main() itself (what the tests call) exits the
    ordinary way.
    """
    import atexit

    atexit.register(_leave)
    status: str | int | None = 0
    try:
        main()
    except SystemExit as exc:
        status = exc.code
    if isinstance(status, str):  # sys.exit("message") prints the message and exits 1, as the interpreter does
        print(status, file=sys.stderr)
    _EXIT_CODE[0] = status if isinstance(status, int) else (0 if status is None else 1)
    sys.exit(_EXIT_CODE[0])


def _leave() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (e.g. `| head`) has nothing left to take
            pass
    os._exit(_EXIT_CODE[0])
