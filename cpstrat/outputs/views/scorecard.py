"""What the scorecard's charts show in every format: each line's colour and the chart in words (alt text)."""

from __future__ import annotations

from cpstrat.analysis.scorecard import Card, number_text

# council, England, region, neighbours' mean, target: dark enough on white, told apart by dash and marker too
COUNCIL, ENGLAND, NEIGHBOURS, TARGET = "1F3864", "595959", "8A5A00", "2E6B30"


def alt_text(card: Card) -> str:
    """The chart in words: every figure of every line, symbols as words."""
    parts = []
    for r in card.rows:
        parts.append(f"{r.period.label}: council {card.text(r.council)}, England {card.text(r.england)}, "
                     f"neighbours' mean {number_text(r.neighbours.mean, card.unit) or 'no figure'}")
    target = card.indicator.target.value
    tail = f"; target {number_text(target, card.unit)}" if target is not None else ""
    return f"Line chart of {card.name}. " + "; ".join(parts) + tail + "."
