"""Escaping text a council wrote for the places cpstrat shows it: Markdown and the terminal.

Text from a strategy, a workbook or a git object is data. Quoted into Markdown
it must not open a code block, a list, a rule or a table, nor carry HTML; sent
to a terminal it must not carry escape sequences that move the cursor, change
the title or hide text. Each function here keeps every character visible.
"""

from __future__ import annotations

import math
import re
from typing import Any

# Inline punctuation Markdown (CommonMark and GitHub's tables) gives meaning to, anywhere in a line.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")
# `&` that would start an entity reference (`SC&WB;`) is escaped, no other.
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# What starts a block at the beginning of a line: a list item (-, +, 1. or 1)), a rule or
# setext underline (---, ===), once inline punctuation is already escaped.
_MD_LINE_START = re.compile(r"^([-+=])|^(\d{1,9})([.)])")


def md_inline(value: Any) -> str:
    """Text as Markdown shows it literally, on one line, and unable to start a block.

    Runs of whitespace (line breaks included) become one space, so no line can
    start a block and four spaces cannot make a code block; punctuation Markdown
    uses is backslash-escaped, which CommonMark defines for every ASCII
    punctuation character.
    """
    text = " ".join(("" if value is None else str(value)).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    return _MD_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


# C0 and C1 controls, DEL, and the bidirectional overrides and isolates that reorder text on screen.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal(text: Any) -> str:
    """Text safe to print to a terminal: control characters shown as escapes (\\u001b, \\u202e).

    Newlines and tabs are kept: callers print multi-line text. The escapes are
    JSON's own, so JSON text stays JSON and means the same.
    """
    return _CONTROL.sub(_show, "" if text is None else str(text))


class Styled(str):
    """Terminal text already made safe and coloured (ANSI codes of cpstrat's own): printed as it is."""


def for_terminal(text: Any) -> str:
    """What a command prints: its own coloured text as it is, anything else through terminal()."""
    return text if isinstance(text, Styled) else terminal(text)


def terminal_line(text: Any) -> str:
    """As terminal(), with newlines and tabs escaped too: for a value inside one line of output."""
    return terminal(text).replace("\n", "\\n").replace("\t", "\\t")


def _show(m: re.Match[str]) -> str:
    return f"\\u{ord(m[0]):04x}"


def json_text(value: Any, **options: Any) -> str:
    """JSON as the standard defines it: NaN and infinities (which YAML allows) become the strings
    "NaN", "Infinity" and "-Infinity" instead of the bare words Python would write."""
    import json

    return json.dumps(_finite(value), allow_nan=False, **options)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


# A link a document may write: a web address, and nothing a browser would run or open locally
# (`javascript:`, `data:`, `file:`, in any case). The check (CP210) and every document use this one rule.
_WEB_ADDRESS = re.compile(r"https?://[^\s\"'<>]+\Z", re.IGNORECASE)


def web_link(address: Any) -> str:
    """The address as a link target when it is a web address (http or https); otherwise "", never a link."""
    return address if isinstance(address, str) and _WEB_ADDRESS.match(address) else ""
