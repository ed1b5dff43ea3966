"""The action plan as Markdown and HTML, through Jinja templates in a sandbox.

Templates come from templates/ (plan.md.j2, plan.html.j2) or from the user
(--template). Every template runs in Jinja's immutable sandbox: it cannot
reach Python internals nor change the data it is given; it cannot include,
import or extend another file; ranges, repeated text and powers are bounded,
and so are the rendering's time and output (docs/security.md). HTML is
autoescaped; Markdown values pass through the `md` filter.
"""

from __future__ import annotations

import re
import sys
import time

from cpstrat.checks import glossary
from cpstrat.format.escape import md_inline
from cpstrat.outputs import template_file
from cpstrat.outputs.context import Context, statuses

BUILTIN = {"md": "plan.md.j2", "html": "plan.html.j2"}
# Characters a template may produce: far above any plan, far below the memory budget.
MAX_OUTPUT = 32 * 1024 * 1024
# Seconds a template may take to render; checked as it runs.
MAX_SECONDS = 30.0
# The largest exponent `**` may take (2 ** 64 is plenty for any page).
MAX_POWER = 64


class TemplateProblem(Exception):
    """A template that cannot be compiled or rendered; carries its line when known."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


def md(value) -> str:
    """The `md` filter: text as Markdown shows it literally, unable to start a block."""
    return md_inline(value)


def builtin_source(fmt: str) -> str:
    return template_file(BUILTIN[fmt]).read_text("utf-8")


def render(ctx: Context, fmt: str, source: str | None = None) -> str:
    """The plan as `fmt` ('md' or 'html') from the template text `source` (default built-in)."""
    template = compile_template(source if source is not None else builtin_source(fmt), fmt)
    # twice: the glossary lists the acronyms the rendered text itself uses
    first = fill(template, ctx=ctx, s=ctx.strategy, statuses=statuses(), glossary=[])
    used = glossary.used([first], ctx.strategy.glossary)
    return fill(template, ctx=ctx, s=ctx.strategy, statuses=statuses(), glossary=used) if used else first


def compile_template(source: str, fmt: str, **functions):
    """A Jinja template in the sandbox every cpstrat template runs in: HTML autoescaped, the `md` filter
    for Markdown, undefined names an error; `functions` are extra globals the template may call."""
    from jinja2 import TemplateError, TemplateSyntaxError

    env = _sandbox(autoescape=fmt == "html")
    env.filters["md"] = md
    env.globals.update(functions)
    try:
        return env.from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(exc.message or str(exc), exc.lineno or 0) from None
    except TemplateError as exc:
        raise TemplateProblem(str(exc), _line(exc)) from None


def fill(template, **values) -> str:
    """The compiled template rendered with values, within MAX_SECONDS and MAX_OUTPUT; blank-line runs folded."""
    from jinja2 import TemplateError

    deadline = time.monotonic() + MAX_SECONDS
    chunks: list[str] = []
    size = 0
    watch = _Watch(deadline)
    try:
        with watch:
            for chunk in template.generate(**values):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise TemplateProblem(f"the template writes more than {MAX_OUTPUT // 2**20} MiB of text; "
                                          "check its loops")
                chunks.append(chunk)
    except TemplateError as exc:
        raise TemplateProblem(str(exc), _line(exc)) from None
    except (OverflowError, MemoryError, RecursionError) as exc:
        # the sandbox's range limit raises OverflowError; a recursive macro RecursionError
        raise TemplateProblem(str(exc) or type(exc).__name__, _line(exc)) from None
    except _TooSlow as exc:
        raise TemplateProblem(f"the template took longer than {MAX_SECONDS:g} s to render; check its loops",
                              _line(exc)) from None
    return re.sub(r"\n{3,}", "\n\n", "".join(chunks))


class _TooSlow(Exception):
    pass


class _Watch:
    """A trace function on template code only, raising _TooSlow past the deadline.

    Jinja compiles a template to Python in files named <template>; tracing only
    those frames costs little, and a loop that writes nothing is still stopped.
    Another tracer (a debugger, coverage) is left alone: then only the output bound holds.
    """

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.count = 0
        self.active = False

    def __enter__(self):
        if sys.gettrace() is None:
            self.active = True
            sys.settrace(self._call)
        return self

    def __exit__(self, *exc) -> None:
        if self.active:
            sys.settrace(None)

    def _call(self, frame, event, arg):
        return self._line if frame.f_code.co_filename == "<template>" else None

    def _line(self, frame, event, arg):
        self.count += 1
        if not self.count & 1023 and time.monotonic() > self.deadline:
            raise _TooSlow()
        return self._line


def _sandbox(autoescape: bool):
    """Jinja's ImmutableSandboxedEnvironment, refusing other files and bounding `*` and `**`."""
    from jinja2 import BaseLoader, StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class NoFiles(BaseLoader):
        def get_source(self, environment, template):
            raise SecurityError(f"a template cannot include, import or extend another file ('{template}'): "
                                "put everything in one template")

    class Sandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**"])

        def call_binop(self, context, operator, left, right):
            if operator == "**":
                if isinstance(right, (int, float)) and abs(right) > MAX_POWER:
                    raise SecurityError(f"a power above {MAX_POWER} is not allowed in a template")
                return left ** right
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > MAX_OUTPUT:
                    raise SecurityError(f"repeating text or a list to more than {MAX_OUTPUT // 2**20} MiB "
                                        "is not allowed in a template")
            return left * right

    return Sandbox(autoescape=autoescape, undefined=StrictUndefined, keep_trailing_newline=True,
                   trim_blocks=False, loader=NoFiles())


def _line(exc) -> int:
    """The template line of a render-time error, from its traceback."""
    tb = exc.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
