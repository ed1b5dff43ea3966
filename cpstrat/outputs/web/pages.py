"""Documents as Markdown and HTML, through Jinja templates in a sandbox.

Templates come from templates/ (plan.md.j2, plan.html.j2, report.md.j2, ...)
or from the user (--template). Every template runs in Jinja's immutable
sandbox: it cannot reach Python internals nor change the data it is given; it
can include, import or extend only cpstrat's own templates, never a file;
ranges, repeated text and powers are bounded, and so are the rendering's time
and output (docs/security.md). HTML is autoescaped; Markdown values pass
through the `md` filter.

Every HTML page shares templates/base.html.j2 and page.css (skip link,
landmarks, contents list, line length, tables that scroll inside their own
region on a phone, print rules), and `finish_html()` adds what is worked out
from the page itself: heading ids, the contents list, labelled table regions and
<abbr> for acronyms. Pages written as Markdown (report, diff, compare) become
HTML through markdown-it-py, so both formats say the same thing.
"""

from __future__ import annotations

import html as _html
import re
import sys
import time
import types
from bisect import bisect_right
from functools import lru_cache

from cpstrat.checks import glossary
from cpstrat.format.shipped import template_file
from cpstrat.format.types import day_in_words
from cpstrat.outputs.views.acronyms import ACRONYM_START, lines_with_acronyms
from cpstrat.outputs.views.context import Context, statuses
from cpstrat.util.escape import md_inline, web_link

BUILTIN = {("plan", "md"): "plan.md.j2", ("plan", "html"): "plan.html.j2", ("report", "md"): "report.md.j2",
           ("scorecard", "md"): "scorecard.md.j2", ("scorecard", "html"): "scorecard.html.j2"}
# Characters a template may produce: far above any plan, far below the memory budget.
MAX_OUTPUT = 32 * 1024 * 1024
# Seconds a template may take to render; checked as it runs.
MAX_SECONDS = 30.0
# The largest exponent `**` may take (2 ** 64 is plenty for any page).
MAX_POWER = 64
# Text that template code may build in one rendering, in all: every `~`, `+`, `*` and `%` on text,
# every filter or method that builds text (join, center, indent, format, replace, wordwrap, escape...)
# and every value written, each counted before it is built (docs/security.md).
MAX_BUILT = 4 * MAX_OUTPUT
# The largest whole number template arithmetic may make (Python cannot even print one of 4,300 digits).
MAX_INT_BITS = 10_000
# Pieces of a template's output held before they are joined.
JOIN_PIECES = 4096
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")


class TemplateProblem(Exception):
    """A template that cannot be compiled or rendered; carries its line when known."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


def md(value) -> str:
    """Text as Markdown shows it literally, on one line, unable to start a block (see md_inline)."""
    return _md_text(value) if type(value) is str else md_inline(value)


@lru_cache(maxsize=65536)
def _md_text(text: str) -> str:
    # a plan's pages repeat their leads, statuses and dates row after row
    return md_inline(text)


def paragraphs(value) -> list[str]:
    """Text split where the writer left a blank line; each paragraph on one line."""
    text = "" if value is None else str(value)
    return [" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text.strip()) if p.strip()]


def md_block(value) -> str:
    """Text as Markdown paragraphs: blank lines kept, everything else escaped."""
    return "\n\n".join(md(p) for p in paragraphs(value))


def builtin_source(fmt: str, kind: str = "plan") -> str:
    return template_file(BUILTIN[(kind, fmt)]).read_text("utf-8")


def environment(fmt: str, **functions):
    """The sandbox every cpstrat template runs in: HTML autoescaped, the `md` filters for Markdown, `day`,
    undefined names an error, the shipped templates (base.html.j2) loadable by name; `functions` are
    extra globals the template may call."""
    env = _sandbox(autoescape=fmt == "html")
    env.filters["md"] = md
    env.filters["md_block"] = md_block
    env.filters["paragraphs"] = paragraphs
    env.filters["day"] = day_in_words  # 30 September 2025, as every document writes a date
    env.filters["web"] = web_link  # a link's target, or "" for anything but http(s)
    env.globals.update(functions)
    env.bound_filters()
    return env


def compile_template(source: str, fmt: str, **functions):
    """A Jinja template compiled in the sandbox (see environment())."""
    from jinja2 import TemplateError, TemplateSyntaxError

    try:
        return environment(fmt, **functions).from_string(source)
    except TemplateSyntaxError as exc:
        raise TemplateProblem(exc.message or str(exc), exc.lineno or 0) from None
    except TemplateError as exc:
        raise TemplateProblem(str(exc), _line(exc)) from None
    except (ArithmeticError, MemoryError, RecursionError, TypeError, ValueError) as exc:  # never expected: the
        # optimizer folds constants through the bounded operations below, which refuse before building
        raise TemplateProblem(str(exc) or type(exc).__name__, _line(exc)) from None


def fill(template, **values) -> str:
    """The compiled template rendered with values, within MAX_SECONDS and MAX_OUTPUT; runs of blank lines
    folded to one; HTML finished (see finish_html()) when the template is HTML."""
    from jinja2 import TemplateError

    chunks: list[str] = []
    pending: list[str] = []  # joined a few thousand at a time: a large plan's page is millions of pieces
    size = 0
    if hasattr(template.environment, "built"):
        template.environment.built = 0  # the budget of text built is per rendering
    try:
        with _Watch(time.monotonic() + MAX_SECONDS):
            for chunk in template.generate(**values):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    raise TemplateProblem(f"the template writes more than {MAX_OUTPUT // 2**20} MiB of text; "
                                          "check its loops")
                pending.append(chunk)
                if len(pending) >= JOIN_PIECES:
                    chunks.append("".join(pending))
                    pending.clear()
            chunks.append("".join(pending))
    except TemplateError as exc:
        raise TemplateProblem(str(exc), _line(exc)) from None
    except (ArithmeticError, MemoryError, RecursionError, TypeError, ValueError, LookupError) as exc:
        # the sandbox's range limit raises OverflowError; a recursive macro RecursionError; `"a" + 1` TypeError
        raise TemplateProblem(str(exc) or type(exc).__name__, _line(exc)) from None
    except _TooSlow as exc:
        raise TemplateProblem(f"the template took longer than {MAX_SECONDS:g} s to render; check its loops",
                              _line(exc)) from None
    text = re.sub(r"\n{3,}", "\n\n", "".join(chunks))
    if template.environment.autoescape is True:
        local = values.get("local_glossary") or {}
        text = finish_html(text, local)
    return text


def render(ctx: Context, fmt: str, source: str | None = None, kind: str = "plan", charts: bool = False) -> str:
    """The plan (or report) as `fmt` ('md' or 'html') from the template text `source` (default built-in)."""
    if fmt == "html" and source is None and (kind, fmt) not in BUILTIN:
        from cpstrat.outputs.web.scorecard import with_charts

        body = render(ctx, "md", None, kind, charts=True)
        page = markdown_page(body, ctx.strategy.glossary, footer=f"{ctx.strategy.council}. {ctx.strategy.title}.")
        return with_charts(page, ctx.scorecard.cards) if ctx.scorecard else page
    functions = {}
    if kind == "scorecard":
        from cpstrat.outputs.web.scorecard import chart_svg

        functions["chart_svg"] = chart_svg
    template = compile_template(source if source is not None else builtin_source(fmt, kind), fmt, **functions)
    # charts: the Markdown is for an HTML page, which puts each indicator's chart where it marks one
    values = dict(ctx=ctx, s=ctx.strategy, statuses=statuses(), local_glossary=ctx.strategy.glossary,
                  charts=charts)
    if kind == "report":
        from cpstrat.outputs.views.context import report_by

        values["by"] = report_by(ctx)  # the same grouping as the Word report
    # twice: the glossary lists the acronyms the rendered text itself uses
    first = fill(template, glossary=[], **values)
    used = glossary.used(lines_with_acronyms([first]), ctx.strategy.glossary)
    return fill(template, glossary=used, **values) if used else first


class _TooSlow(Exception):
    pass


class _Watch:
    """Raises _TooSlow past the deadline, wherever the template is.

    In the main thread a timer signal does it, at no cost while the template runs (a trace function
    on every line of template code doubled a large plan's rendering time). Elsewhere, or when a timer
    is already set (a test runner's), a trace function on template code only: Jinja compiles a
    template to Python in files named <template>, so only those frames are traced, and a loop that
    writes nothing is still stopped. Another tracer (a debugger, coverage) is left alone: then only
    the output bound holds.
    """

    def __init__(self, deadline: float):
        self.deadline = deadline
        self.count = 0
        self.active = False
        self.alarm: tuple | None = None  # the signal handler this one replaced
        self.ringing = False

    def __enter__(self):
        if self._set_alarm():
            return self
        if sys.gettrace() is None:
            self.active = True
            sys.settrace(self._call)
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.ringing = False
        finally:  # should the signal come just before the line above, the timer still goes
            self.ringing = False
            if self.alarm is not None:
                import signal

                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, self.alarm[0])
            if self.active:
                sys.settrace(None)

    def _set_alarm(self) -> bool:
        import signal
        import threading

        if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return False
        if signal.getitimer(signal.ITIMER_REAL)[0]:  # someone else's timer: not ours to take
            return False
        previous = signal.signal(signal.SIGALRM, self._ring)
        self.alarm = (previous,)
        self.ringing = True
        # again every tenth of a second after the first, should anything on the way catch the first
        signal.setitimer(signal.ITIMER_REAL, max(self.deadline - time.monotonic(), 1e-3), 0.1)
        return True

    def _ring(self, signum, frame):
        if self.ringing:
            raise _TooSlow()

    def _call(self, frame, event, arg):
        return self._line if frame.f_code.co_filename == "<template>" else None

    def _line(self, frame, event, arg):
        self.count += 1
        if not self.count & 1023 and time.monotonic() > self.deadline:
            raise _TooSlow()
        return self._line


_SHIPPED = re.compile(r"[A-Za-z0-9][\w.-]*")  # a file name in templates/, never a path


def _sandbox(autoescape: bool):
    """Jinja's ImmutableSandboxedEnvironment, loading only shipped templates and bounding `*` and `**`."""
    from jinja2 import BaseLoader, StrictUndefined
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Shipped(BaseLoader):
        """cpstrat's own templates by name (base.html.j2); never a file of the user's."""

        def get_source(self, environment, template):
            if _SHIPPED.fullmatch(template):
                try:
                    return template_file(template).read_text("utf-8"), None, lambda: True
                except (OSError, ValueError):
                    pass
            raise SecurityError(f"a template can include, import or extend only cpstrat's own templates "
                                f"(such as base.html.j2), not '{template}': put everything in one template")

    class Sandbox(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset(["*", "**", "%", "+"])
        code_generator_class = _generator()

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.verdicts: dict[tuple[type, str], bool] = {}
            self.built = 0  # characters built by template code in this rendering (MAX_BUILT)
            self.finalize = self._written
            self.concat = self._concat  # what a {% set %} block, a macro or a call block captured
            self.globals.pop("lipsum", None)  # lipsum(n) writes n paragraphs: no page needs it
            self.bound_filters()

        def bound_filters(self) -> None:
            """Each filter that builds text counts what it would build first (again after filters are added)."""
            for name, estimate in _FILTER_SIZES.items():
                if name in self.filters and not getattr(self.filters[name], "bounded", False):
                    self.filters[name] = _bounded(self, self.filters[name], estimate)

        def spend(self, size: int) -> None:
            """Count text about to be built; past the budget, refuse before building it."""
            self.built += size
            if size > MAX_OUTPUT or self.built > MAX_BUILT:
                limit = (MAX_OUTPUT if size > MAX_OUTPUT else MAX_BUILT) // 2**20
                raise SecurityError(f"the template builds more than {limit} MiB of text; check its loops, joins, "
                                    "widths and repeats")

        def _written(self, value):
            self.spend(len(value) if type(value) is str else _size(value))
            return value

        def _concat(self, pieces) -> str:
            pieces = list(pieces)  # Template.render hands over a generator
            self.spend(sum(map(len, pieces)))
            return "".join(pieces)

        def pieces(self, values: tuple) -> tuple:
            """The operands of `~`, counted before they are joined."""
            self.spend(sum(_size(v) for v in values))
            return values

        def call_binop(self, context, operator, left, right):
            if operator == "**":
                if isinstance(right, (int, float)) and abs(right) > MAX_POWER:
                    raise SecurityError(f"a power above {MAX_POWER} is not allowed in a template")
                if type(left) is int and type(right) is int and left.bit_length() * abs(right) > MAX_INT_BITS:
                    raise SecurityError("a number that large is not allowed in a template")
                return left ** right
            if operator == "%":
                if isinstance(left, str):
                    self.spend(_percent_size(left, right))
                return left % right
            if operator == "+":
                if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)):
                    self.spend(len(left) + len(right))
                return left + right
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > MAX_OUTPUT:
                    raise SecurityError(f"repeating text or a list to more than {MAX_OUTPUT // 2**20} MiB "
                                        "is not allowed in a template")
                if isinstance(seq, str) and isinstance(times, int):
                    self.spend(len(seq) * max(times, 0))
            if type(left) is int and type(right) is int and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise SecurityError("a number that large is not allowed in a template")
            return left * right

        def getattr(self, obj, attribute):
            # The sandbox's verdict on an attribute (is_safe_attribute) depends only on the object's type
            # and the attribute's name, so it is worked out once per pair instead of at every access (a
            # large plan's pages read millions of attributes). A method, whose value the sandbox may wrap
            # (str.format), and an object whose __class__ is not its type go the sandbox's own way.
            cls = type(obj)
            if obj.__class__ is not cls:
                return super().getattr(obj, attribute)
            try:
                value = getattr(obj, attribute)
            except AttributeError:  # an item, as the sandbox looks for one (a dict's key)
                try:
                    return obj[attribute]
                except (TypeError, LookupError):
                    return self.undefined(obj=obj, name=attribute)
            if isinstance(value, _METHODS):
                method = super().getattr(obj, attribute)
                if isinstance(obj, str) and attribute in _STR_SIZES:
                    return _bounded(self, method, _STR_SIZES[attribute], bound=obj)
                return method
            safe = self.verdicts.get((cls, attribute))
            if safe is None:
                safe = self.verdicts[cls, attribute] = self.is_safe_attribute(obj, attribute, value)
            return value if safe else self.unsafe_undefined(obj, attribute)

    return Sandbox(autoescape=autoescape, undefined=StrictUndefined, keep_trailing_newline=True,
                   trim_blocks=False, loader=Shipped())


_METHODS = (types.MethodType, types.BuiltinMethodType)


def _size(value, budget: int = MAX_OUTPUT) -> int:
    """At least the length of str(value) for text and the containers a template can build (lists,
    tuples, dicts, namespaces of them), counting no further than `budget`; 0 for anything else
    (the strategy's own objects, whose text is bounded by the files read). A list of a million
    references to one long text is small in memory and huge as text: it is counted as text."""
    from jinja2.utils import Namespace

    total = 0
    stack = [value]
    while stack and total <= budget:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, Namespace):
            stack.append(dict(object.__getattribute__(item, "_Namespace__attrs")))
        elif type(item) is int:
            total += item.bit_length() // 3 + 1
        else:
            total += 32
    return total


# A %-format's widths and precisions (also given as * from the values).
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _percent_size(fmt: str, values) -> int:
    """At least the length of `fmt % values`, worked out without building it."""
    args = values if isinstance(values, tuple) else (values,)
    size = len(fmt) + _size(values)
    for width, precision in _PERCENT.findall(fmt):
        for number in (width, precision):
            if number == "*":
                size += sum(abs(a) for a in args if type(a) is int)
            elif number:
                size += int(number)
    return size


def _format_size(fmt: str, args, kwargs) -> int:
    """At least the length of `fmt.format(...)`: its text, its values and every width in it."""
    size = len(fmt) + _size(list(args)) + _size(dict(kwargs)) + sum(int(n) for n in re.findall(r"\d+", fmt))
    if re.search(r"\{[^{}]*:[^{}]*\{", fmt):  # a width given as a value, {0:{1}}: any number given may be it
        size += sum(abs(v) for v in (*args, *kwargs.values()) if type(v) is int)
    return size


def _each(value):
    return list(value) if not isinstance(value, (str, list, tuple)) else value


def _replace_size(text, old, new, count=None) -> int:
    text, old, new = str(text), str(old), str(new)
    times = (len(text) + 1 if not old else text.count(old)) if count is None or count < 0 else count
    return len(text) + times * max(len(new) - len(old), 0)


def _indent_size(text, width=4, first=False, blank=False) -> int:
    text = str(text)
    return len(text) + (text.count("\n") + 1) * (len(width) if isinstance(width, str) else max(int(width), 0))


def _join_size(items, sep="", attribute=None) -> int:
    return _size(items) + len(str(sep)) * len(items)


def _sum_size(items, attribute=None, start=0) -> int:
    """What `sum` copies when it adds lists (or tuples): each addition copies the whole sum so far, in C,
    where neither the time limit nor any other check can stop it."""
    total = copied = len(start) if isinstance(start, (list, tuple)) else 0
    for item in items:
        if isinstance(item, (list, tuple)):
            total += len(item)
            copied += total
    return copied


# Filters that build text, and the most each can build (from its value and arguments).
_FILTER_SIZES = {
    "center": lambda v, width=80: max(len(str(v)), int(width)),
    "indent": _indent_size,
    "format": lambda v, *a, **k: _percent_size(str(v), a or k),
    "join": _join_size,
    "replace": _replace_size,
    "wordwrap": lambda v, width=79, long=True, wrapstring=None, *a, **k: len(str(v)) * (1 + len(wrapstring or "\n")),
    "truncate": lambda v, length=255, killwords=False, end="...", *a, **k: len(str(v)) + len(str(end)),
    "string": lambda v: _size(v), "pprint": lambda v: 2 * _size(v), "tojson": lambda v, *a, **k: 6 * _size(v),
    "e": lambda v: 6 * _size(v), "escape": lambda v: 6 * _size(v), "forceescape": lambda v: 6 * _size(v),
    "urlize": lambda v, *a, **k: 8 * _size(v), "xmlattr": lambda v, *a: 6 * _size(v),
    "md": lambda v: 2 * _size(v), "md_block": lambda v: 2 * _size(v), "sum": _sum_size,
}
# Methods of text that build text, and the most each can build.
_STR_SIZES = {
    "center": lambda s, width, *a: max(len(s), width), "ljust": lambda s, width, *a: max(len(s), width),
    "rjust": lambda s, width, *a: max(len(s), width), "zfill": lambda s, width: max(len(s), width),
    "expandtabs": lambda s, tabsize=8: len(s) + s.count("\t") * max(tabsize, 0),
    "join": lambda s, items: _join_size(items, s), "replace": _replace_size,
    "format": lambda s, *a, **k: _format_size(s, a, k), "format_map": lambda s, m: _format_size(s, (), m),
}


_READS_ITEMS = (_join_size, _STR_SIZES["join"], _sum_size)


def _bounded(env, function, estimate, bound=None):
    """`function` (a filter, or a method of the text `bound`) counting what it would build first."""
    from jinja2.utils import _PassArg

    passes = _PassArg.from_obj(function) is not None and bound is None

    def call(*args, **kwargs):
        lead, rest = (args[:1], list(args[1:])) if passes else ((), list(args))
        if rest and estimate in _READS_ITEMS:
            rest[0] = _each(rest[0])  # a generator is read once: counted, then joined, from one list
        try:
            size = estimate(*([bound] if bound is not None else []), *rest, **kwargs)
        except (TypeError, ValueError):
            size = 0  # arguments the function itself will refuse, with its own message
        env.spend(size)
        return function(*lead, *rest, **kwargs)

    call.__dict__.update(getattr(function, "__dict__", {}))  # keeps pass_eval_context and the like
    call.__name__ = getattr(function, "__name__", "filter")
    call.bounded = True  # type: ignore[attr-defined]
    return call


def _generator():
    from jinja2.compiler import CodeGenerator

    class BoundedGenerator(CodeGenerator):
        """Jinja's code generator, with `~` counting its operands before joining them (Sandbox.pieces)."""

        def visit_Concat(self, node, frame) -> None:
            if frame.eval_ctx.volatile:
                func_name = "(markup_join if context.eval_ctx.volatile else str_join)"
            elif frame.eval_ctx.autoescape:
                func_name = "markup_join"
            else:
                func_name = "str_join"
            self.write(f"{func_name}(environment.pieces((")
            for arg in node.nodes:
                self.visit(arg, frame)
                self.write(", ")
            self.write(")))")

    return BoundedGenerator


def _line(exc) -> int:
    """The template line of a render-time error, from its traceback."""
    tb = exc.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


# -- HTML pages ---------------------------------------------------------------------------------

def markdown_page(markdown: str, local_glossary: dict | None = None, footer: str = "") -> str:
    """A Markdown document (its first line the `# title`) as a finished HTML page on the shared base."""
    from markdown_it import MarkdownIt

    title_line, _, rest = markdown.partition("\n")
    title = re.sub(r"\\(.)", r"\1", title_line.lstrip("# "))
    # the lines before the first section (council, meeting, date) belong to the page's header
    at = rest.find("\n## ")
    intro, sections = (rest[:at], rest[at:]) if at >= 0 else ("", rest)
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    header, body = parser.render(intro).replace("<p>", '<p class="meta">'), _markdown_html(parser, sections)
    source = ('{% extends "base.html.j2" %}{% block title %}{{ title }}{% endblock %}'
              '{% block header %}<h1>{{ title }}</h1>\n{{ header | safe }}{% endblock %}'
              '{% block main %}{{ body | safe }}{% endblock %}'
              '{% block footer %}{% if footer %}<p>{{ footer }}</p>{% endif %}{% endblock %}')
    return fill(compile_template(source, "html"), title=title, header=header, body=body, footer=footer,
                local_glossary=local_glossary)


def _markdown_html(parser, markdown: str) -> str:
    """parser.render(markdown), a section at a time: a large plan's report is hundreds of thousands of
    tokens, several times the memory of its text. A heading (`## ` to `###### `) after a blank line closes
    every block before it (nothing of HTML is read), so the sections give the same HTML one by one as together,
    unless a fenced block might run on past one, or a link reference defined in one be used in another:
    then the whole at once."""
    if _ACROSS_SECTIONS.search(markdown):
        return parser.render(markdown)
    return "".join(parser.render(section) for section in _SECTION.split(markdown))


_SECTION = re.compile(r"(?<=\n\n)(?=#{2,6} )")
# A code fence, or a line that may define a link reference.
_ACROSS_SECTIONS = re.compile(r"^ {0,3}(?:```|~~~|\[)", re.M)
_HEADING = re.compile(r"<h([23])(\s[^>]*)?>(.*?)</h\1>", re.S)
_TABLE = re.compile(r"<table>\s*(<caption>(.*?)</caption>)?", re.S)
_TAG = re.compile(r"(<[^>]+>)")
_SKIP = ("title", "style", "abbr", "script", "caption")


def finish_html(page: str, local_glossary: dict | None = None) -> str:
    """Heading ids and the contents list, tables in labelled scrolling regions, acronyms in <abbr>."""
    used: set[str] = set()
    contents = []

    def heading(m: re.Match) -> str:
        level, attrs, inner = m.group(1), m.group(2) or "", m.group(3)
        if "id=" in attrs:
            return m.group(0)
        slug = _slug(_html.unescape(re.sub(r"<[^>]+>", "", inner)), used)
        if level == "2":
            contents.append((slug, inner))
        return f'<h{level} id="{slug}"{attrs}>{inner}</h{level}>'

    page = _HEADING.sub(heading, page)
    count = iter(range(1, 10**6))

    def table(m: re.Match) -> str:
        n = next(count)
        if m.group(1):
            return (f'<div class="table-region" role="region" tabindex="0" aria-labelledby="table-{n}">'
                    f'<table><caption id="table-{n}">{m.group(2)}</caption>')
        return f'<div class="table-region" role="region" tabindex="0" aria-label="Table {n}"><table>'

    page = _TABLE.sub(table, page).replace("</table>", "</table></div>")
    if contents and "<!--cpstrat:contents-->" in page:
        items = "\n".join(f'<li><a href="#{slug}">{inner}</a></li>' for slug, inner in contents)
        # headings that carry the council's own numbers (committee: numbered_paragraphs) are not numbered twice
        own = any(re.match(r"\d+\. ", inner) for _, inner in contents)
        opening = '<ol style="list-style: none; padding-left: 0">' if own else "<ol>"
        page = page.replace("<!--cpstrat:contents-->", f"{opening}\n{items}\n</ol>")
    return _abbreviations(page, local_glossary or {})


def _slug(text: str, used: set) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "section"
    slug, n = base, 2
    while slug in used:
        slug, n = f"{base}-{n}", n + 1
    used.add(slug)
    return slug


def _abbreviations(page: str, local: dict) -> str:
    """Each known acronym in the page's text wrapped in <abbr title="what it stands for">."""
    body_at = page.find("<body")
    head, body = page[:body_at], page[body_at:]
    wrap = _abbr_wrap(local)
    if "<>" in body or body.rfind("<") > body.rfind(">"):
        return head + _abbreviations_by_part(body, wrap)
    # Here every '<' opens a tag that ends at the next '>', so whether text stands in a tag is read off
    # the nearest '<' or '>' before it. An acronym lies within a run of text between two of them and
    # begins where ACRONYM_START matches: only the runs holding such a start are looked at (a large
    # plan's page has hundreds of thousands of tags and few acronyms). A run outside every tag and every
    # skipped element (a caption, an abbr) has its known acronyms wrapped, as _abbreviations_by_part does.
    starts, depth = [], [0]
    for tag in _SKIP_TAG.finditer(body):
        if _outside_tags(body, tag.start()):
            starts.append(tag.start())
            depth.append(depth[-1] + (-1 if tag.group(1) else 1))
    out, copied, seen = [head], 0, 0  # body[:copied] is in out; runs before seen are done
    for candidate in ACRONYM_START.finditer(body):
        at = candidate.start()
        if at < seen:
            continue
        begin = max(body.rfind("<", 0, at), body.rfind(">", 0, at)) + 1
        seen = min(_find(body, "<", at), _find(body, ">", at))
        if begin and body[begin - 1] == "<" or depth[bisect_right(starts, begin)]:
            continue
        text, count = glossary.ACRONYM.subn(wrap, body[begin:seen])
        if count:
            out += [body[copied:begin], text]
            copied = seen
    out.append(body[copied:])
    return "".join(out)


def _find(text: str, what: str, start: int) -> int:
    """Where `what` is next found from `start`, or the end of the text."""
    at = text.find(what, start)
    return len(text) if at < 0 else at


# An opening or closing tag of an element whose text is left alone (see _SKIP), as _abbreviations_by_part
# reads the name: the letters and digits after '<' or '</', in any case.
_SKIP_TAG = re.compile(rf"<(/?)(?:{'|'.join(_SKIP)})(?![a-zA-Z0-9])", re.I | re.A)


def _outside_tags(body: str, at: int) -> bool:
    """Whether `at` stands outside every tag: no '<' since the last '>' before it (where every '<' has
    a '>' after it and none has one straight after it, as _abbreviations checks first)."""
    return body.find("<", body.rfind(">", 0, at) + 1, at) < 0


def _abbreviations_by_part(body: str, wrap) -> str:
    """_abbreviations part by part, for any page: each tag, then each text outside the skipped elements."""
    out, skip = [], 0
    for part in _TAG.split(body):
        if part.startswith("<"):
            name = _TAG_NAME.match(part)
            if name and name.group(1).lower() in _SKIP:
                skip += -1 if part.startswith("</") else 1
            out.append(part)
        elif skip or not part.strip():
            out.append(part)
        else:
            out.append(glossary.ACRONYM.sub(wrap, part))
    return "".join(out)


_TAG_NAME = re.compile(r"</?([a-zA-Z0-9]+)")


def _abbr_wrap(local: dict):
    """The replacement for an acronym: wrapped in <abbr> with what it stands for, when that is known;
    each acronym looked up once per page."""
    opening: dict[str, str] = {}

    def wrap(m: re.Match) -> str:
        word = m.group(1) + m.group(2)
        if glossary.is_common(m.group(1)):
            return m.group(0)
        if word not in opening:
            meaning = glossary.expansion(word, local)
            opening[word] = f'<abbr title="{_html.escape(meaning, quote=True)}">' if meaning else ""
        return f"{opening[word]}{m.group(0)}</abbr>" if opening[word] else m.group(0)

    return wrap

