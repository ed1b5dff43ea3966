"""The action plan as Markdown and HTML, through Jinja templates in a sandbox.

Templates come from templates/ (plan.md.j2, plan.html.j2) or from the user
(--template). User templates are rendered in Jinja's SandboxedEnvironment, so
a template cannot reach Python internals; HTML is autoescaped; Markdown values
pass through the `md` filter.
"""

from __future__ import annotations

import re

from cpstrat.checks import glossary
from cpstrat.outputs import template_file
from cpstrat.outputs.context import Context, statuses

BUILTIN = {"md": "plan.md.j2", "html": "plan.html.j2"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")


class TemplateProblem(Exception):
    """A template that cannot be compiled or rendered; carries its line when known."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


def md(value) -> str:
    """Text as Markdown shows it literally: special characters escaped, lines joined."""
    text = "" if value is None else str(value)
    text = _MD_ENTITY.sub("&amp;", text)
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


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
    from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(autoescape=fmt == "html", undefined=StrictUndefined,
                               keep_trailing_newline=True, trim_blocks=False)
    env.filters["md"] = md
    env.globals.update(functions)
    try:
        return env.from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(exc.message or str(exc), exc.lineno or 0) from None
    except TemplateError as exc:
        raise TemplateProblem(str(exc), _line(exc)) from None


def fill(template, **values) -> str:
    """The compiled template rendered with values; runs of blank lines folded to one."""
    from jinja2 import TemplateError

    try:
        text = template.render(**values)
    except TemplateError as exc:
        raise TemplateProblem(str(exc), _line(exc)) from None
    return re.sub(r"\n{3,}", "\n\n", text)


def _line(exc) -> int:
    """The template line of a render-time error, from its traceback."""
    tb = exc.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
