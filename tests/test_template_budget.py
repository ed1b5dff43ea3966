"""Template code is bounded: every operation that builds text (`~`, `+`, `*`, `%` widths, join, center,
indent, format, replace, str methods, filters through map) is counted before it allocates, and past the
budget (web.MAX_OUTPUT for one piece, web.MAX_BUILT in all) the build stops with one CP048 line, nothing
written, no traceback, at compile time or render time, within a few hundred MB."""

from __future__ import annotations

import pytest
from test_hostile_outputs import bounded, build_with_template

BOMBS = [
    '{{ "x"|center(2000000000) }}',
    '{{ "%2000000000s" % "x" }}',
    '{{ "%*s" % (2000000000, "x") }}',
    '{{ "%.2000000000f" % 1.5 }}',
    '{{ "%2000000000d"|format(1) }}',
    '{{ "%-*s"|format(2000000000, "x") }}',
    '{{ "x".center(2000000000) }}',
    '{{ "x".ljust(2000000000) }}',
    '{{ "x".zfill(2000000000) }}',
    '{{ "a\tb".expandtabs(2000000000) }}',
    '{{ "{:2000000000}".format(1) }}',
    '{{ "{0:{1}}".format("x", 2000000000) }}',
    '{{ "x"|indent(2000000000, true) }}',
    '{% set ns = namespace(x="ab") %}{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x }}',
    '{% set ns = namespace(x="ab") %}{% for i in range(40) %}{% set ns.x = ns.x + ns.x %}{% endfor %}{{ ns.x }}',
    '{% set ns = namespace(x="ab") %}{% for i in range(40) %}{% set ns.x = [ns.x, ns.x]|join %}{% endfor %}{{ 1 }}',
    '{% macro m(x, n) %}{% if n %}{{ m(x ~ x, n - 1) }}{% else %}{{ x|length }}{% endif %}{% endmacro %}{{ m("a", 40) }}',
    '{{ range(100000)|join("x" * 30000) }}',
    '{{ "-".join(range(100000)|map("string")|map("center", 30000)) }}',
    '{{ range(100000)|map("center", 30000)|list|length }}',
    '{{ ("x" * 3000000).replace("x", "y" * 40) }}',
    '{{ ("x" * 30000000)|replace("x", "yyyyyyyy") }}',
    '{% set big = ["x" * 30000000] * 100000 %}{{ big }}',
    '{% set big = ["x" * 30000000] * 100000 %}{{ big|join }}',
    '{% set big = ["x" * 30000000] * 100000 %}{{ big|tojson }}',
    '{% set ns = namespace(n=7) %}{% for i in range(40) %}{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n }}',
    '{% set ns = namespace(n=7) %}{% for i in range(40) %}{% set ns.n = ns.n ** 64 %}{% endfor %}{{ ns.n }}',
    '{{ lipsum(2000000000) }}',
    # adding lists copies the sum so far each time, in C, where the time limit cannot stop it
    '{{ ([["x"] * 100000] * 100000)|sum(start=[])|length }}',
]


@pytest.mark.parametrize("source", BOMBS)
def test_each_template_bomb_is_refused_within_budget(tmp_path, small, source):
    result = bounded(lambda: build_with_template(tmp_path, small, source), limit_mb=300, seconds=30)
    assert result.exit_code == 2, result.output
    assert [ln for ln in result.output.splitlines() if "CP048" in ln], result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("source", [
    '{{ "x"|center(20) }}|{{ "%5s" % "x" }}|{{ "{:>4}".format(1) }}|{{ ["a", "b"]|join(", ") }}',
    '{{ ("ab" ~ "cd")|replace("b", "B") }}|{{ "x"|indent(2) }}|{{ "%-3s|"|format("y") }}|{{ 7 * 6 }}',
])
def test_ordinary_text_operations_still_work(tmp_path, small, source):
    result = build_with_template(tmp_path, small, source)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "out" / "small-action-plan.md").read_text(encoding="utf-8")
    expected = ("         x          |    x|   1|a, b" if "center" in source else "aBcd|x|y  ||42")
    assert text.rstrip("\n") == expected


def test_a_template_renders_whole_through_jinjas_render_too():
    """Template.render joins its pieces through the environment's concat (which counts them): all are kept."""
    from cpstrat.outputs.web import pages as web

    env = web.environment("html")
    assert env.from_string("a<h3>{{ x }}</h3>{% set y %}b{{ x }}{% endset %}{{ y }}").render(x="X") == "a<h3>X</h3>bX"
