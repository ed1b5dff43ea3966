"""A line chart as inline SVG, for HTML pages: the same chart as the Word document's native one.

The SVG is an image with a title and a description that give every figure (role="img"), drawn to a
viewBox so it scales to a phone's width; each line differs by dash and marker as well as colour, and a
legend names them. The page gives the same figures as a table beside it.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

WIDTH, HEIGHT = 520, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 14, 96
DASHES = {"": "", "dash": "8 5", "sysDot": "2 4", "lgDash": "14 6"}


@dataclass
class Line:
    name: str
    values: list  # a number or None (a gap) per category
    colour: str   # hex, no '#'
    dash: str = ""
    marker: str = "circle"  # circle, square, diamond or "" (none)


def _ticks(low: float, high: float) -> list[float]:
    """About five round steps covering low..high."""
    if high == low:
        high, low = high + 1, max(low - 1, 0)
    raw = (high - low) / 5
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    out, value = [], start
    while value <= high + step * 1e-9:
        out.append(round(value, 10))
        value += step
    if out[-1] < high:
        out.append(round(out[-1] + step, 10))
    return out


def _fmt(value: float, unit: str) -> str:
    text = f"{value:,.1f}".removesuffix(".0")
    return f"{text}{unit}" if unit == "%" else text


def line_chart(chart_id: str, categories: list[str], lines: list[Line], title: str, description: str,
               unit: str = "") -> str:
    """The chart as an <svg> element (a string of markup, every text escaped)."""
    numbers = [v for line in lines for v in line.values if v is not None]
    low = min([*numbers, 0]) if numbers and min(numbers) >= 0 and unit == "%" else min(numbers, default=0)
    ticks = _ticks(0 if unit == "%" else low, max(numbers, default=1))
    y0, y1 = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    n = len(categories)

    def x(i: int) -> float:
        return LEFT + (plot_w * (i + 0.5) / n if n else 0)

    def y(v: float) -> float:
        return TOP + plot_h - (v - y0) / ((y1 - y0) or 1) * plot_h

    e = html.escape
    parts = [f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="{chart_id}-title">{e(title)}</title>', f'<desc id="{chart_id}-desc">{e(description)}</desc>']
    for t in ticks:
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y(t):.1f}" y2="{y(t):.1f}" stroke="#D9D9D9"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y(t) + 4:.1f}" text-anchor="end" font-size="15" '
                     f'fill="#1F1F1F">{e(_fmt(t, unit))}</text>')
    for i, label in enumerate(categories):
        parts.append(f'<text x="{x(i):.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" font-size="15" '
                     f'fill="#1F1F1F">{e(label)}</text>')
    for line in lines:
        colour = f"#{line.colour}"
        dash = f' stroke-dasharray="{DASHES.get(line.dash, "")}"' if DASHES.get(line.dash) else ""
        runs: list[list[tuple[float, float]]] = [[]]
        for i, v in enumerate(line.values):
            if v is None:
                runs.append([])
            else:
                runs[-1].append((x(i), y(v)))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
                parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2.5"{dash}/>')
            for px, py in run:
                parts.append(_marker(line.marker, px, py, colour))
    # the legend, under the axis: a sample of each line and its name
    for k, line in enumerate(lines):
        lx = LEFT + (k % 2) * (plot_w / 2)
        ly = TOP + plot_h + 50 + (k // 2) * 24
        dash = f' stroke-dasharray="{DASHES[line.dash]}"' if DASHES.get(line.dash) else ""
        parts.append(f'<line x1="{lx:.1f}" x2="{lx + 28:.1f}" y1="{ly - 4}" y2="{ly - 4}" stroke="#{line.colour}" '
                     f'stroke-width="2.5"{dash}/>')
        parts.append(_marker(line.marker, lx + 14, ly - 4, f"#{line.colour}"))
        parts.append(f'<text x="{lx + 36:.1f}" y="{ly}" font-size="15" fill="#1F1F1F">{e(line.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _marker(kind: str, x: float, y: float, colour: str) -> str:
    if kind == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'
    if kind == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if kind == "diamond":
        return (f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" '
                f'fill="{colour}"/>')
    return ""
