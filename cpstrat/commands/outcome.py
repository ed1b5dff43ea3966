"""What a command returns: its exit code and what it has to say, on which stream.

Commands never print and never exit; the command line (cpstrat.cli) prints an
Outcome and exits with its code. That keeps every command callable from tests
and from other programs, and keeps Typer out of everything below cpstrat.cli.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cpstrat.format.diagnostics import CpstratError, Diagnostic

USAGE = 2  # the exit code for usage errors and input that cannot be read at all


@dataclass
class Outcome:
    code: int = 0
    # standard output: text lines, or bytes written as they are (a Word file piped, textconv)
    stdout: list[str | bytes] = field(default_factory=list)
    # standard error: diagnostics (shown by Diagnostic.as_text) and plain lines, in order
    stderr: list[Diagnostic | str] = field(default_factory=list)

    def say(self, text: str | bytes) -> Outcome:
        self.stdout.append(text)
        return self

    def note(self, item: Diagnostic | str) -> Outcome:
        self.stderr.append(item)
        return self

    def worst(self, code: int) -> Outcome:
        self.code = max(self.code, code)
        return self


def failed(diagnostics, code: int | None = None) -> Outcome:
    """The diagnostics that stop a command; exit 2 for unreadable input or usage, else 1 (or `code`)."""
    diagnostics = list(diagnostics)
    return Outcome(code if code is not None else CpstratError(diagnostics).exit_code, stderr=list(diagnostics))


def usage(message: str) -> Outcome:
    """A usage error in one line (exit 2)."""
    return Outcome(USAGE, stderr=[message])


def usage_problem(problem: str, hint: str) -> Outcome:
    from cpstrat.format.files import output_problem

    return failed([output_problem("<command line>", problem, hint)], code=USAGE)


def write_file(target: Path, data: bytes) -> Outcome | None:
    """Write target atomically; None when written, else the one-line error (exit 2) that says why not."""
    from cpstrat.util.files import write_atomic

    try:
        write_atomic(target, data)
    except OSError as exc:
        blocking = next((p for p in target.parents if p.exists() and not p.is_dir()), None)
        reason = f"{blocking} is a file, not a folder" if blocking else exc.strerror or str(exc)
        return usage(f"{target}: cannot write: {reason}")
    return None


def unknown_framework(framework: str, known=None) -> Outcome:
    from cpstrat.format import frameworks

    return failed([frameworks.unknown(framework)], code=USAGE)


def terminal(markup: str) -> str:
    """Console markup rendered to terminal colours (only ever asked for when standard output is a terminal).

    Control characters in the markup (from the data it quotes) are escaped first; the result is Styled,
    so that printing leaves cpstrat's own colour codes alone.
    """
    import io

    from rich.console import Console

    from cpstrat.util.escape import Styled
    from cpstrat.util.escape import terminal as safe

    buffer = io.StringIO()
    Console(file=buffer, force_terminal=True, highlight=False, soft_wrap=True).print(safe(markup), end="")
    return Styled(buffer.getvalue())
