"""The scorecard's charts for HTML pages: each indicator's figures as inline SVG (web/svg_chart.py), the same
lines as the Word document's native chart (word/scorecard.py), with the figures as a table beside it."""

from __future__ import annotations

import re

from cpstrat.analysis.scorecard import Card, number_text
from cpstrat.outputs.views import scorecard as look
from cpstrat.outputs.web.svg_chart import Line, line_chart


def chart_svg(card: Card, index: int):
    """The indicator's chart as SVG markup (marked safe: every text in it is escaped)."""
    from markupsafe import Markup

    lines = [Line(card.council_name or "Council", [r.council.value for r in card.rows], look.COUNCIL),
             Line("England", [r.england.value for r in card.rows], look.ENGLAND, dash="dash", marker="square"),
             Line("Neighbours' mean", [r.neighbours.mean for r in card.rows], look.NEIGHBOURS, dash="sysDot",
                  marker="diamond")]
    target = card.indicator.target.value
    if target is not None:
        lines.append(Line(f"Target {number_text(target, card.unit)}", [target] * len(card.rows), look.TARGET,
                          dash="lgDash", marker=""))
    svg = line_chart(f"chart-{index + 1}", [r.period.label for r in card.rows], lines,
                     title=f"{card.name}: line chart", description=look.alt_text(card), unit=card.unit)
    return Markup(svg)  # noqa: S704 - built from escaped text only (svg_chart.line_chart)


_MARKER = re.compile(r"<p>CPSTRATCHART(\d+)</p>")


def with_charts(page: str, cards) -> str:
    """A page made from Markdown, with each chart marker (scorecard-section.md.j2) replaced by its chart."""
    def figure(m: re.Match) -> str:
        i = int(m.group(1))
        if i >= len(cards):
            return ""
        card = cards[i]
        return (f'<figure class="chart-figure">{chart_svg(card, i)}<figcaption>{_escape(card.name)}: the '
                "council, England and the neighbours' mean over time (the figures of the table above)"
                "</figcaption></figure>")
    return _MARKER.sub(figure, page)


def _escape(text: str) -> str:
    import html

    return html.escape(text)
