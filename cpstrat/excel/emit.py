"""Writing YAML by hand, so it can carry comments and stay readable.

Every value goes through `scalar()`, which writes text plain only when both
cpstrat's loader (YAML 1.2) and YAML 1.1 tools would read it back as the same
text; otherwise it is a literal block (multi-line text) or double-quoted.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from cpstrat.format.types import ID_PATTERN

# Characters YAML allows unescaped in a document (YAML 1.1 5.1, as libyaml and PyYAML check them).
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PLAIN = re.compile(r"[A-Za-z][^\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]*")
_ID = re.compile(ID_PATTERN)
_YAML11_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\x85": "\\N", "\u2028": "\\L",
            "\u2029": "\\P", "\ufeff": "\\uFEFF"}


def plain_ok(s: str) -> bool:
    return (bool(_PLAIN.fullmatch(s)) and s == s.strip() and ": " not in s and " #" not in s
            and not s.endswith(":") and s.lower() not in _YAML11_WORDS)


_NEEDS_ESCAPE = re.compile('[\\\\"\t\n\r\x85\u2028\u2029\ufeff]|' + _NOT_PRINTABLE.pattern)


def _escape(m: re.Match) -> str:
    ch = m.group()
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def quoted(s: str) -> str:
    """A YAML double-quoted scalar: backslash escapes for what YAML would not read back as itself."""
    return '"' + _NEEDS_ESCAPE.sub(_escape, s) + '"'


def _block_ok(s: str) -> bool:
    lines = s.split("\n")
    return (len(lines) > 1 and not s.startswith((" ", "\n")) and not s.endswith("\n")
            and all(line == line.rstrip() for line in lines)
            and not _NOT_PRINTABLE.search(s) and not re.search("[\t\r\x85\u2028\u2029\ufeff]", s))


def scalar(value, indent: int = 0) -> str:
    """One value as YAML text; a multi-line string becomes a `|-` block indented under `indent`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value)
    if plain_ok(s):
        return s
    if _block_ok(s):
        pad = " " * (indent + 2)
        return "|-\n" + "\n".join(pad + line if line else "" for line in s.split("\n"))
    return quoted(s)


def flow_ids(values) -> str:
    """A short list of ids as `[a, b]`; anything not id-shaped is quoted."""
    return "[" + ", ".join(v if _ID.fullmatch(v) and plain_ok(v) else quoted(v) for v in values) + "]"


def comment(text: str) -> str:
    return " ".join(str(text).split())


class Writer:
    """Lines of YAML with comments; keys written in the order given."""

    def __init__(self):
        self.lines: list[str] = []

    def comment(self, text: str = "", indent: int = 0) -> None:
        text = " ".join(str(text).splitlines())
        self.lines.append(" " * indent + ("# " + text if text else "#"))

    def key(self, indent: int, key: str, value=None, note: str = "", raw: str | None = None, item: bool = False):
        """`key: value  # note`; `item` starts a list entry (`- key:`) at `indent`."""
        lead = " " * indent + ("- " if item else "")
        inner = indent + (2 if item else 0)
        text = raw if raw is not None else ("" if value is None else scalar(value, inner))
        line = f"{lead}{key}:" + (f" {text}" if text else "")
        if note:
            first, nl, rest = line.partition("\n")
            line = f"{first}  # {comment(note)}" + nl + rest if "\n" in line else f"{line}  # {comment(note)}"
        self.lines.append(line)

    def item(self, indent: int, value, note: str = "") -> None:
        line = " " * indent + "- " + scalar(value, indent + 2)
        if note:
            first, nl, rest = line.partition("\n")
            line = f"{first}  # {comment(note)}" + nl + rest
        self.lines.append(line)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
