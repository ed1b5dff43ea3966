"""Editing a strategy's YAML in place, line by line, for `import-xlsx --into`.

A merged change replaces only the text of the values that changed: a scalar is replaced where it stands
(in a block mapping, or inside a one-line flow mapping such as `{id: A01-m1, text: ..., target: 98}`),
keeping each mapping's style, its key order and every comment; a key the sheet adds is written at the
end of its mapping; a value that cannot be replaced where it stands (a list, text over several lines)
is rewritten alone, from its key to the next key. A status-only change is a one-line diff.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from cpstrat.excel.emit import Writer, quoted, scalar
from cpstrat.format import model, types
from cpstrat.format.load import Map, Seq


@dataclass
class Edit:
    """Replace lines[start:end] (0-based, end exclusive) with `new`; or, when `col` is set, the text of
    line `start` from column `col` to `col_end` (0-based) with new[0]."""

    start: int
    end: int
    new: list[str]
    col: int | None = None
    col_end: int | None = None


class CannotEdit(Exception):
    """The change cannot be made in place: the caller rewrites the mapping instead."""


_SCALARS = (str, int, float, bool, dt.date)


def action_edits(lines: list[str], raw: Map, old: dict, new: dict, keys: list[str], span: tuple[int, int],
                 cls: str = "Action") -> list[Edit]:
    """The edits that turn mapping `raw` (whose lines are span, 1-based inclusive) from `old` into `new`
    for `keys`; CannotEdit when the mapping is written in flow style over several lines, or a key cannot
    be placed."""
    flow = _is_flow(lines, raw)
    edits: list[Edit] = []
    order = sorted(((p[0], k) for k, p in raw.pos.items()), key=lambda t: t[0]) if raw.pos else []
    for key in keys:
        if key in raw and key in new:
            edits.extend(_changed(lines, raw, key, old.get(key), new[key], flow, order, span, cls))
        elif key in new:
            if flow:
                raise CannotEdit(key)
            edits.append(_added(lines, raw, key, new[key], span, cls))
        elif key in raw:
            if flow:
                raise CannotEdit(key)
            start, end = _key_span(lines, raw, key, order, span)
            edits.append(Edit(start - 1, end, []))
    return edits


def apply(lines: list[str], edits: list[Edit]) -> list[str]:
    """The lines with the edits made, from the last to the first so positions stay true."""
    out = list(lines)
    for e in sorted(edits, key=lambda e: (e.start, e.col if e.col is not None else 10**9), reverse=True):
        if e.col is not None:
            line = out[e.start]
            out[e.start] = line[:e.col] + e.new[0] + line[e.col_end:]
        else:
            out[e.start:e.end] = e.new
    return out


def _is_flow(lines: list[str], raw: Map) -> bool:
    line, col = getattr(raw, "line", 0), getattr(raw, "column", 0)
    if not line:
        raise CannotEdit("no position")
    text = lines[line - 1]
    return text[col - 1:col] == "{"


def _changed(lines, raw: Map, key: str, old, new, flow: bool, order, span, cls: str) -> list[Edit]:
    current = raw.get(key)
    spec = model.declared(cls).get(key)
    if isinstance(new, _SCALARS) and not isinstance(current, (Map, Seq, dict, list)):
        edit = _scalar(lines, raw, key, new, flow)
        if edit is not None:
            return [edit]
    inner = types.item_type(spec.type) if spec else ""
    if (spec and types.list_of(spec.type) is not None and types.is_object(inner) and isinstance(current, Seq)
            and isinstance(new, list) and isinstance(old, list) and len(new) == len(current) == len(old)
            and all(isinstance(i, Map) for i in current)):
        try:
            edits = []
            for item, before, after in zip(current, old, new, strict=True):
                if before == after:
                    continue
                item_keys = [k for k in model.declared(inner) if before.get(k) != after.get(k)]
                end = _last_line(item, lines)
                edits += action_edits(lines, item, before, after, item_keys, (item.line, end), inner)
            return edits
        except CannotEdit:
            pass
    if flow:
        raise CannotEdit(key)
    start, end = _key_span(lines, raw, key, order, span)
    return [Edit(start - 1, end, _emitted(lines, raw, key, new, cls))]


def _scalar(lines, raw: Map, key: str, new, flow: bool) -> Edit | None:
    """The value under `key` replaced where it stands, when it is a scalar on one line."""
    _, _, vline, vcol = raw.pos[key]
    text = lines[vline - 1]
    start = vcol - 1
    end = _token_end(text, start, flow)
    if end is None:
        return None
    if not flow and _continues(lines, raw, key, vline):
        return None
    value = scalar(new)
    if "\n" in value:
        return None
    if flow and not value.startswith('"') and re.search(r"[,\[\]{}]", value):
        value = quoted(str(new))
    return Edit(vline - 1, vline, [value], col=start, col_end=end)


def _token_end(text: str, start: int, flow: bool) -> int | None:
    """Where the scalar starting at `start` ends on its line (None: it goes on, or is a block scalar)."""
    if start >= len(text):
        return None
    first = text[start]
    if first in "|>":
        return None
    if first == '"':
        i = start + 1
        while i < len(text):
            if text[i] == "\\":
                i += 2
                continue
            if text[i] == '"':
                return i + 1
            i += 1
        return None
    if first == "'":
        i = start + 1
        while i < len(text):
            if text[i] == "'":
                if text[i + 1:i + 2] == "'":
                    i += 2
                    continue
                return i + 1
            i += 1
        return None
    if first in "[{":
        return None
    i = start
    while i < len(text):
        ch = text[i]
        if ch == "#" and text[i - 1] in " \t":
            break
        if flow and ch in ",}]":
            break
        i += 1
    return len(text[:i].rstrip())


def _continues(lines, raw: Map, key: str, vline: int) -> bool:
    """Whether a plain scalar goes on to the next line (a line indented deeper that holds no key)."""
    nxt = vline  # 0-based index of the following line
    if nxt >= len(lines):
        return False
    following = lines[nxt]
    if not following.strip() or following.lstrip().startswith("#"):
        return False
    later = [p[0] for p in raw.pos.values() if p[0] > vline]
    if later and min(later) == vline + 1:
        return False
    indent = len(following) - len(following.lstrip())
    return indent >= raw.pos[key][1]


def _key_span(lines, raw: Map, key: str, order, span) -> tuple[int, int]:
    """The lines (1-based, inclusive) from the key to the last line of its value."""
    start = raw.pos[key][0]
    later = [line for line, _ in order if line > start]
    end = (min(later) - 1) if later else span[1]
    while end > start and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return start, end


def _last_line(raw: Map, lines) -> int:
    """The last line of a mapping: the end of its last key's value (its own line for a flow mapping)."""
    if _is_flow(lines, raw):
        return raw.line
    last = max(p[0] for p in raw.pos.values())
    end = last
    key_col = raw.column
    while end < len(lines):
        text = lines[end]
        if text.strip() and not text.lstrip().startswith("#") and len(text) - len(text.lstrip()) < key_col:
            break
        if text.strip() and len(text) - len(text.lstrip()) == key_col - 1:
            break
        end += 1
    while end > last and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _emitted(lines, raw: Map, key: str, value, cls: str) -> list[str]:
    """`key: value` as lines at the column the key stands at."""
    from cpstrat.excel.import_export import emit_object

    kcol = raw.pos[key][1] if key in raw.pos else raw.column
    indent = kcol - 1
    w = Writer()
    emit_object(w, indent, cls, {key: value})
    return w.text().rstrip("\n").split("\n")


def _added(lines, raw: Map, key: str, value, span, cls: str) -> Edit:
    """A key the mapping lacks, written after its last line, at its keys' column."""
    keys_col = min((p[1] for p in raw.pos.values()), default=raw.column)
    w = Writer()
    from cpstrat.excel.import_export import emit_object

    emit_object(w, keys_col - 1, cls, {key: value})
    end = span[1]
    return Edit(end, end, w.text().rstrip("\n").split("\n"))
