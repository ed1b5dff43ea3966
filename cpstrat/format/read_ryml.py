"""The fast path of the loader: rapidyaml (ryml) parses, and the data crosses into Python in bulk.

Building a strategy's data node by node through ryml's Python binding costs
as much as libyaml's event stream, however fast the C++ parse; what makes
this path fast is that the values cross as one JSON text (ryml emits it,
Python's C decoder reads it) and the only per-node call asks each node's
style, which is what tells a plain `2024-03-31` (a date) from a quoted one
(text). Positions are not built here: `load.Map` and `load.Seq` work them
out on first use, through the libyaml reader (see `load.LatePositions`), so a
file that draws no diagnostic never pays for them.

This path answers only for what it reads exactly as the libyaml reader
does; for anything else `parse` returns None and the libyaml reader reads
the file, so every refusal and syntax error is the libyaml reader's, word
for word: a syntax error, a tag, an anchor or alias, a duplicate or merge
key, a second document, nesting deeper than the limit, characters YAML
forbids, tabs, and the few plain forms the two libraries resolve differently.
"""

from __future__ import annotations

import json
import math
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ryml

from cpstrat.format import load

_PLAIN = ryml.VAL_PLAIN
_CONTAINER = ryml.MAP | ryml.SEQ
_NOT_ROOT = ryml.STREAM | ryml.DOC

# Characters outside YAML's printable set, tabs, line breaks other than LF and
# CRLF, a BOM inside the text: the two libraries differ on them, and only
# the libyaml reader reports them.
_UNSAFE_CHARACTER = re.compile(
    "[\x00-\x08\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")
_LONE_CR = re.compile(r"\r(?!\n)")  # searched apart: an alternative in the pattern above slows every step
# A colon followed by something other than a space: inside a flow list or mapping
# (`[0:?, x]`) YAML 1.1 and 1.2 read it differently (see _flow_colon).
_TIGHT_COLON = re.compile(r":\S")
_MARKERS = ("%", "---", "...")  # a directive or document marker, at the start of a line
# Constructs ryml reads otherwise than libyaml, or accepts where libyaml refuses, each found by
# comparing the readers on generated texts (tests/test_readers.py): `.NaN` and `.Inf` (ryml
# rewrites them, keys included, even quoted); an escaped line break (before a blank line ryml
# keeps a different text); a block header with an indentation digit (`|1`, and bad ones such as
# `|-1e5`); a surrogate escape (`"\ud800"`, which libyaml refuses and Python cannot encode).
_SPECIAL_FLOAT = re.compile(r"\.(?:nan|inf)(?![a-z0-9_])", re.IGNORECASE)
_ESCAPED_BREAKS = ("\\\n", "\\\r")
_BLOCK_DIGIT = re.compile(r"[|>][-+]?[0-9]")
_SURROGATE_ESCAPE = re.compile(r"\\(?:u|U0000)[dD][89a-fA-F]")
_FLOW_START = re.compile(r"[\[{]")


# ryml reads keys of any length; libyaml refuses an implicit key of more than 1024 characters
# as written. One character of a key may take ten to write (`\U0001F600`).
_LONG_KEY = 100


def _unsafe(text: str) -> bool:
    """True when the text holds something the fast path leaves to the libyaml reader:
    the characters above, a directive, a document marker, a merge key, a flow colon."""
    return bool(
        _UNSAFE_CHARACTER.search(text) or ("\r" in text and _LONE_CR.search(text)) or "<<" in text
        or _flow_colon(text) or text.startswith(_MARKERS) or any("\n" + m in text for m in _MARKERS)
        or any(b in text for b in _ESCAPED_BREAKS) or _SPECIAL_FLOAT.search(text) or _BLOCK_DIGIT.search(text)
        or ("\\" in text and _SURROGATE_ESCAPE.search(text)) or _flow_unsure(text))


def _flow_unsure(text: str) -> bool:
    """True unless every flow list or mapping closes on the line it opens, with no comment
    inside it. ryml and libyaml disagree on comments inside flow collections and on keys in a
    flow list's continuation lines; rather than tell the cases apart, any line that might hold
    one is left to libyaml (a `[` in prose, or in a block of text, only costs time)."""
    seen = -1
    for match in _FLOW_START.finditer(text):
        at = match.start()
        if at < seen:
            continue
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        seen = end = len(text) if end < 0 else end
        if _flow_line_unsure(text[start:end]):
            return True
    return False


def _flow_line_unsure(line: str) -> bool:
    """True when a flow collection on this line may go on past its end, or holds a comment:
    brackets are counted outside quoted text, up to a comment; a quote left open counts as unsure."""
    depth = 0
    at = 0
    end = len(line)
    while at < end:
        ch = line[at]
        if ch == "#" and (at == 0 or line[at - 1] in " \t"):
            return depth != 0  # a comment: inside a flow collection, or after the line's last one
        if ch in "\"'" and (at == 0 or line[at - 1] in _BEFORE_QUOTE):
            at = _quote_end(line, at)
            if at < 0:
                return True
        elif ch in "[{":
            depth += 1
        elif ch in "]}":
            depth -= 1
            if depth < 0:
                return True
        at += 1
    return depth != 0


_BEFORE_QUOTE = frozenset(" \t[{,:")


def _quote_end(line: str, at: int) -> int:
    """Where the quoted text opened at `at` closes on this line, or -1."""
    quote = line[at]
    at += 1
    while True:
        at = line.find(quote, at) if quote == "'" else _find_unescaped(line, at)
        if at < 0:
            return -1
        if quote == "'" and line.startswith("''", at):
            at += 2
            continue
        return at


def _find_unescaped(line: str, at: int) -> int:
    while True:
        close = line.find('"', at)
        if close < 0:
            return -1
        backslashes = len(line[at:close]) - len(line[at:close].rstrip("\\"))
        if backslashes % 2 == 0:
            return close
        at = close + 1


def _flow_colon(text: str) -> bool:
    """True when a line holding `[` or `{` has a colon followed by something other than a space
    after it. A text with many such colons (times, web addresses) is left to libyaml unread:
    each costs a look along its line, and the time must stay in proportion to the text."""
    for count, match in enumerate(_TIGHT_COLON.finditer(text)):
        if count == 100:
            return True
        at = match.start()
        line = text.rfind("\n", 0, at) + 1
        if text.find("[", line, at) >= 0 or text.find("{", line, at) >= 0:
            return True
    return False


# An indicator at the start of a token: an anchor (&), alias (*), tag (!) or
# explicit key (?). Comments and prose hold them too ("Health & Care"), so a
# match only means that every node is asked whether it carries one.
_INDICATOR = re.compile(r"[&*!?](?<![^\s\[\]{},].)")
# Node bits the libyaml reader refuses (tags) or bounds (anchors, aliases).
_REFUSED = ryml.KEYTAG | ryml.VALTAG | ryml.KEYANCH | ryml.VALANCH | ryml.KEYREF | ryml.VALREF
# A plain scalar starting with an indicator: libyaml refuses some where ryml
# reads text (`@x`, `?x` in a flow list), so those few go to the libyaml reader.
_RESERVED_START = tuple("-?:,[]{}#&*!|>'\"%@`")


def _most_values(text: str) -> int:
    """At least as many as the values the libyaml reader would count (each key, each scalar,
    list and mapping), so ryml is never handed more than the budget: every value but the
    first follows a `:`, `-`, `,`, `?`, `[` or `{`, and each of these but `-` starts at most
    two (a key and its value, which may be an empty one).

    Counting every such character over-counts text full of dates, hyphens and colons, so a
    large file whose first count passes the budget is counted again (_most_values_closely)."""
    pairs = text.count(":") + text.count(",") + text.count("?") + text.count("[") + text.count("{")
    most = 2 * pairs + text.count("-") + 1
    return most if most <= load.node_budget(text) else _most_values_closely(text)


def _most_values_closely(text: str) -> int:
    """_most_values, counting `:`, `?` and `-` only where each can be an indicator (_NEIGHBOURS)."""
    # every character an indicator may stand next to, as one: "\0"
    marked = text.translate(_NEIGHBOURS)
    values = marked.count(":\0") + marked.count("?\0") + marked.count("\0:")
    return 2 * (values + text.count(",") + text.count("[") + text.count("{") + 2) + marked.count("-\0") + 2


# `:` and `?` are indicators only before white space or a flow indicator (or at the very end, allowed
# for above), or (`:`) right after a quoted key or a flow collection (`"a":1`, `[a]:b`); elsewhere they
# are part of plain text (`10:30`, `http://`). `-` starts a list entry only before white space. Each
# of these neighbours is marked alike: a pair counted that is no indicator only makes the count safer.
_NEIGHBOURS = str.maketrans(dict.fromkeys(" \t\n\r\x85\u2028\u2029,[]{}\"'", "\0"))


class _Unsure(Exception):
    """The fast path cannot promise the libyaml reader's answer for this text."""


def parse(text: str, display: str) -> load.Source | None:
    """The loaded data of `text`, or None when the libyaml reader must read it."""
    if _most_values(text) > load.node_budget(text) or _unsafe(text):
        return None  # the libyaml reader counts the values exactly, and stops at the budget (CP017)
    buf = bytearray(text.encode("utf-8"))
    try:
        with _quiet_stderr():
            tree = ryml.parse_in_place(buf)
            root = tree.type(0) if tree.size() else 0
            if root & _NOT_ROOT or not root & _CONTAINER:
                return None  # several documents, or a lone scalar
            if _INDICATOR.search(text) and any(map(_REFUSED.__and__, map(tree.type, range(tree.size())))):
                return None
            emitted = ryml.emit_json(tree)
        data = json.loads(emitted, object_pairs_hook=_mapping, parse_constant=_refuse, parse_int=_int)
        del emitted
        _finish(data, tree, load.LatePositions(text, display))
    except (ryml.ExceptionBasic, ValueError, RecursionError, _Unsure):
        return None  # a syntax error, or nesting ryml will not emit: the libyaml reader says which
    return load.Source(display, data, [])


def _mapping(pairs: list[Any]) -> load.Map:
    box = load.Map(pairs)
    if len(box) != len(pairs):
        raise _Unsure  # a duplicate key: the libyaml reader reports both lines
    if not box.keys() <= _SAFE_KEYS:  # the same few keys come back in every action
        for key in box:
            if not key or key.startswith(_RESERVED_START) or len(key) > _LONG_KEY:
                raise _Unsure
        if len(_SAFE_KEYS) < 10_000:
            _SAFE_KEYS.update(box)
    return box


_SAFE_KEYS: set[str] = set()  # keys seen to need no check above


def _refuse(name: str) -> None:
    raise _Unsure  # NaN or Infinity as a bare JSON word: YAML 1.2 reads those as text


def _int(digits: str) -> Any:
    # the libyaml reader keeps integers of thousands of digits as text
    return int(digits) if len(digits) <= load.MAX_DIGITS else digits


# First characters of text that resolve_plain may read as something else, or that start a reserved plain scalar.
_MAY_RESOLVE = load.RESOLVE_START | frozenset(_RESERVED_START)


def _finish(root: Any, tree: Any, positions: Any) -> None:
    """Walk the data in document order, counting nodes as ryml numbers them: lists
    become Seq, plain text is resolved as YAML 1.2 reads it (dates, ~, true...),
    nesting is bounded. Only text that would resolve to something else costs a
    call into ryml, to ask whether it was plain or quoted."""
    resolve = load.resolve_plain
    style = tree.type
    seq = load.Seq
    box = load.Map
    root.lazy = positions
    positions.root = root
    node = 1  # node 0 is the root
    # (container, iterator over its (key, value) or (index, value), depth)
    stack = [(root, iter(root.items()), 1)]
    while stack:
        parent, items, depth = stack[-1]
        for k, v in items:
            cls = type(v)
            if cls is str:
                if v and v[0] not in _MAY_RESOLVE:
                    node += 1  # text as written, whether plain or quoted: most text is
                    continue
                value = resolve(v)
                if value is not v and style(node) & _PLAIN:
                    if type(value) is float and not math.isfinite(value):
                        raise _Unsure  # ryml writes a plain `inf` or `nan` as `.inf`, `.nan`
                    parent[k] = value
                elif v.startswith(_RESERVED_START) and style(node) & _PLAIN:
                    raise _Unsure
                node += 1
            elif cls is list or cls is box:
                if depth >= load.MAX_DEPTH:
                    raise _Unsure  # the libyaml reader reports where the limit is passed
                if cls is list:
                    v = parent[k] = seq(v)
                v.lazy = positions
                node += 1
                stack.append((v, iter(v.items()) if cls is box else enumerate(v), depth + 1))
                break
            else:
                node += 1
        else:
            stack.pop()
    if node != tree.size():
        raise _Unsure  # the emitted data and the node list disagree: trust neither


@contextmanager
def _quiet_stderr() -> Iterator[Any]:
    """ryml writes its own report of a syntax error to the process's stderr before
    raising; the libyaml reader then reports the error, so ryml's copy is dropped."""
    try:
        sys.stderr.flush()
    except (AttributeError, ValueError, OSError):
        pass
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)
