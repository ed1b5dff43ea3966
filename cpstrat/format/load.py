"""Load YAML safely, keeping the source position of every key and value.

libyaml (through PyYAML's CSafeLoader) composes the node tree; this module
walks it once and builds plain data: `Map` (a dict) and `Seq` (a list) that
remember where each key and item stood, so every later diagnostic can name
path:line:column. The same walk refuses what a strategy never needs and what
would hurt a reader: duplicate keys, tags, alias bombs and absurd nesting.

Scalars are read as YAML 1.2 reads them (as editors and the JSON Schema do):
`no`, `on`, `off`, `yes` and `1:30` stay text, where YAML 1.1 would turn them
into booleans and sexagesimal numbers behind the author's back.

Two readers give the same data: rapidyaml (`read_ryml.py`) reads the common
case many times faster and leaves positions to be worked out on first use;
the libyaml reader here reads everything else (and every file with a syntax
error or a refused construct), and is the only reader where rapidyaml cannot
be imported. CPSTRAT_YAML_READER=libyaml selects the libyaml reader alone.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cpstrat.format import files
from cpstrat.format.diagnostics import CpstratError, Diagnostic, make

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 20 * 1024 * 1024
MAX_DEPTH = 40
# Nodes that may be built by following aliases; a real strategy uses few or none.
MAX_ALIAS_NODES = 10_000
# Values (scalars, lists, mappings) a file may hold: NODES_BASE plus one per NODE_BYTES of
# text, and never more than MAX_NODES. Each costs a few hundred bytes once built, so this
# keeps memory within 20 times the file's size plus 200 MB (docs/security.md); real
# strategies hold one value per 25 to 70 bytes, `[{},{},...]` one per 3.
NODES_BASE = 100_000
NODE_BYTES = 5
MAX_NODES = 600_000


def node_budget(text: str) -> int:
    """How many values a YAML text of this length may hold (any reader must keep to it)."""
    return min(MAX_NODES, NODES_BASE + len(text) // NODE_BYTES)

_T = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?[0-9]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_NULL = {"", "~", "null", "Null", "NULL"}


_POSITIONS = frozenset({"pos", "line", "column"})


class Map(dict[str, Any]):
    """A mapping that remembers positions: pos[key] = (kline, kcol, vline, vcol), 1-based.

    Read by the fast reader, the positions are found on first use (`lazy`).
    """

    __slots__ = ("pos", "line", "column", "lazy")
    pos: Any
    line: int
    column: int
    lazy: Any

    def __getattr__(self, name: Any) -> Any:
        return _late(self, name)


class Seq(list[Any]):
    """A sequence that remembers positions: pos[i] = (line, column), 1-based."""

    __slots__ = ("pos", "line", "column", "lazy")
    pos: Any
    line: int
    column: int
    lazy: Any

    def __getattr__(self, name: Any) -> Any:
        return _late(self, name)


def _late(box: Any, name: Any) -> Any:
    """Called only for an attribute not set: positions the fast reader left for later."""
    if name in _POSITIONS:
        try:
            lazy = object.__getattribute__(box, "lazy")
        except AttributeError:
            lazy = None
        if lazy is not None:
            lazy.resolve()
            return object.__getattribute__(box, name)
    raise AttributeError(name)


class LatePositions:
    """The positions of one file read by the fast reader, found when first asked for.

    The libyaml reader reads the same text again and its positions are copied
    onto the data already loaded, container by container: the same line and
    column, by construction, as if it had read the file in the first place.
    """

    def __init__(self, text: str, display: str) -> None:
        self.text: str | None = text
        self.display = display
        self.root = None

    def resolve(self) -> None:
        text, self.text = self.text, None
        if text is None:
            return
        if _locate(text, self.root):
            return
        try:  # the events did not match the data (they always should): read it all and copy
            other = _parse_libyaml(text, self.display).data
        except CpstratError:
            other = None
        _graft(self.root, other)


def _locate(text: str, root: Any) -> bool:
    """Set the positions of every container under `root` from libyaml's events for `text`,
    without building the data again: the k-th list or mapping the events start is the k-th
    container of `root` in document order. False, with nothing trusted, when they disagree."""
    boxes = []
    pending = [root]
    while pending:  # document order: each container, then its children's, depth first
        box = pending.pop()
        boxes.append(box)
        children = box.values() if type(box) is Map else box
        pending.extend(reversed([c for c in children if type(c) is Map or type(c) is Seq]))
    loader = _Loader(text)
    # frame: [container, is a mapping, key awaiting its value (or None), its line, its column]
    stack: list[list[Any]] = []
    count = 0
    try:
        for ev in iter(loader.get_event, None):
            cls = type(ev)
            if cls is yaml.ScalarEvent or cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                mark = ev.start_mark
                line, column = mark.line + 1, mark.column + 1
                if cls is not yaml.ScalarEvent:
                    box = boxes[count]
                    count += 1
                    box.pos, box.line, box.column = ({} if type(box) is Map else []), line, column
                if stack:
                    frame = stack[-1]
                    if not frame[1]:
                        frame[0].pos.append((line, column))
                    elif frame[2] is None:
                        frame[2], frame[3], frame[4] = ev.value, line, column
                    else:
                        frame[0].pos[frame[2]] = (frame[3], frame[4], line, column)
                        frame[2] = None
                if cls is not yaml.ScalarEvent:
                    stack.append([box, type(box) is Map, None, 0, 0])
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                stack.pop()
    except (yaml.YAMLError, IndexError, AttributeError, TypeError):
        return False
    finally:
        loader.dispose()
    if count != len(boxes) or any(len(b.pos) != len(b) for b in boxes):
        return False
    for box in boxes:
        box.lazy = None
    return True


def _graft(mine: Any, theirs: Any) -> None:
    """Copy positions from `theirs` (read by libyaml) onto `mine`, which must hold the same data."""
    stack = [(mine, theirs)]
    while stack:
        a, b = stack.pop()
        same = type(a) is type(b) and len(a) == len(b) and (type(a) is Seq or a.keys() == b.keys())
        if same:
            a.pos, a.line, a.column = b.pos, b.line, b.column
        else:  # cannot happen for text both readers accept; positions unknown rather than wrong
            a.pos, a.line, a.column = ({} if type(a) is Map else []), 0, 0
        a.lazy = None
        children = a.values() if type(a) is Map else a
        partners = (b.values() if type(b) is Map else b) if same else [None] * len(a)
        for x, y in zip(children, partners, strict=True):
            if type(x) is Map or type(x) is Seq:
                stack.append((x, y))


@dataclass
class Source:
    """One loaded YAML file: its data and its display path."""

    path: str
    data: object
    diagnostics: list[Diagnostic] = field(default_factory=list)


def key_pos(mapping: Any, key: Any) -> tuple[int, int]:
    """Line and column of `key` in a loaded mapping (or of the mapping itself)."""
    pos = getattr(mapping, "pos", None)
    if pos and key in pos:
        return pos[key][0], pos[key][1]
    return getattr(mapping, "line", 0), getattr(mapping, "column", 0)


def value_pos(container: Any, key: Any) -> tuple[int, int]:
    """Line and column of the value under `key` (a dict key or a list index)."""
    pos = getattr(container, "pos", None)
    if isinstance(container, Map) and pos and key in pos:
        return pos[key][2], pos[key][3]
    if isinstance(container, Seq) and pos and isinstance(key, int) and key < len(pos):
        line, column = pos[key]
        return line, column
    return getattr(container, "line", 0), getattr(container, "column", 0)


def not_a_mapping(display: str, value: Any) -> Diagnostic:
    """The file holds a list, text or nothing at the top, where a mapping of keys belongs."""
    if isinstance(value, list):
        kind = "a list"
    elif isinstance(value, str):
        kind = "plain text"
    elif value is None:
        kind = "nothing"
    else:
        kind = f"a {type(value).__name__}"
    return make("CP016", display, 1, 1, kind=kind)


def too_large(display: str, size: int) -> Diagnostic:
    """A file larger than MAX_BYTES, refused before it is read (from disk or from git)."""
    return make("CP006", display, size=round(size / 2**20, 1), limit=MAX_BYTES // 2**20)


def read_text(path: Path, display: str) -> str:
    """Read a file as UTF-8 text, or raise CpstratError saying plainly why not."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # a FIFO or device would block the read, or never end
            kind = "it is a folder, not a file" if stat.S_ISDIR(info.st_mode) \
                else "it is not a regular file (a pipe, socket or device)"
            raise CpstratError([files.unreadable(display, kind)])
        size = info.st_size
        if size > MAX_BYTES:
            raise CpstratError([too_large(display, size)])
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CpstratError([files.not_found(display)]) from None
    except OSError as exc:
        raise CpstratError([files.unreadable(display, exc.strerror or str(exc))]) from None
    encoding = _encoding(raw)
    if encoding == "utf-8-sig" and b"\x00" in raw[:8192]:
        raise CpstratError([make("CP003", display)])
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        if encoding.endswith(("-le", "-be")):  # guessed from zero bytes alone, and wrong: binary
            raise CpstratError([make("CP003", display)]) from None
        before = raw[:exc.start].decode(encoding, errors="replace")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        raise CpstratError([make("CP002", display, line, col, byte=f"0x{raw[exc.start]:02x}")]) from None
    if "\x00" in text[:8192]:  # UTF-16/32 that decoded, yet holds zero characters: binary after all
        raise CpstratError([make("CP003", display)])
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        raise CpstratError([make("CP004", display)])
    return text


def _encoding(raw: bytes) -> str:
    """The encoding YAML 1.2 (section 5.2) detects: UTF-32 or UTF-16 by BOM or by the
    zero bytes around the first ASCII character; otherwise UTF-8 (a BOM is dropped)."""
    head = raw[:4]
    if head[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"):
        return "utf-32"
    if head[:3] == b"\x00\x00\x00" and len(head) == 4:
        return "utf-32-be"
    if head[1:4] == b"\x00\x00\x00":
        return "utf-32-le"
    if head[:2] in (b"\xfe\xff", b"\xff\xfe"):
        return "utf-16"
    if head[:1] == b"\x00" and len(head) > 1:
        return "utf-16-be"
    if head[1:2] == b"\x00":
        return "utf-16-le"
    return "utf-8-sig"


def load_file(path: Path, display: str | None = None) -> Source:
    """Read and parse one YAML file. Raises CpstratError when nothing usable can be built."""
    display = display or str(path)
    return parse(read_text(path, display), display)


def parse(text: str, display: str) -> Source:
    """Parse YAML text into position-carrying data. Raises CpstratError on fatal problems."""
    fast = _fast_reader()
    if fast is not None:
        source: Source | None = fast.parse(text, display)
        if source is not None:
            return source
    return _parse_libyaml(text, display)


READER_VARIABLE = "CPSTRAT_YAML_READER"


def reader_name() -> str:
    """Which reader reads files first: "ryml", or "libyaml" alone."""
    return "libyaml" if _fast_reader() is None else "ryml"


def _fast_reader() -> Any:
    if os.environ.get(READER_VARIABLE, "").strip().lower() == "libyaml":
        return None
    try:
        from cpstrat.format import read_ryml
    except ImportError:  # no rapidyaml wheel for this platform: libyaml reads everything
        return None
    return read_ryml


def _parse_libyaml(text: str, display: str) -> Source:
    builder = _Builder(display, node_budget(text))
    loader = None
    try:
        loader = _Loader(text)
        # the parser's own get_event, without yaml.parse's generator around it; None ends the stream
        data = builder.run(iter(loader.get_event, None))
    except yaml.MarkedYAMLError as exc:
        raise CpstratError([_syntax(exc, text, display)]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML forbids, e.g. a control byte
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        problem = f"the character U+{exc.character:04X} is not allowed in YAML" if isinstance(exc.character, int) \
            else str(exc)
        hint = "delete it; control characters often come from text pasted out of PDFs"
        raise CpstratError([make("CP010", display, line, col, problem=problem, hint=hint)]) from None
    except yaml.YAMLError as exc:  # errors without a position
        raise CpstratError([make("CP010", display, problem=str(exc), hint="check the YAML syntax")]) from None
    except _Abort:
        raise CpstratError(builder.diagnostics) from None
    finally:
        if loader is not None:
            loader.dispose()
    if data is None and not builder.diagnostics:
        raise CpstratError([make("CP004", display)])
    return Source(display, data, builder.diagnostics)


def _syntax(exc: yaml.MarkedYAMLError, text: str, display: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    problem = (exc.problem or exc.context or "invalid YAML").strip()
    hint = "check the indentation and punctuation on this line and the one before"
    char = text[mark.index] if mark and mark.index < len(text) else ""
    if "nesting depth" in problem:  # libyaml 0.2.5+ has its own depth limit: the same refusal as ours
        return make("CP014", display, mark.line + 1 if mark else 0, mark.column + 1 if mark else 0, limit=MAX_DEPTH)
    if char == "\t":
        problem = "a tab character where YAML expects spaces"
        hint = "YAML indentation must use spaces, not tabs; replace the tab with spaces"
    elif "mapping values are not allowed" in problem:
        hint = 'a value holding ": " must be quoted, e.g. title: "Aim: stable homes"'
    elif char and char in "*&!%@`":
        hint = f"a value starting with '{char}' must be quoted, e.g. \"{char}...\""
    elif "could not find expected ':'" in problem:
        hint = "each line of a mapping needs `key: value`; a long text may need quotes or `>-`"
    line = mark.line + 1 if mark else 0
    col = mark.column + 1 if mark else 0
    return make("CP010", display, line, col, problem=problem, hint=hint)


class _Abort(Exception):
    """Stop building: a fatal diagnostic (alias bomb, deep nesting) was recorded."""


def resolve_plain(value: str) -> Any:
    """A plain (unquoted) scalar, resolved as YAML 1.2's core schema does, plus dates."""
    if not value:
        return None
    first = value[0]
    if first in _NUMBER_START:
        if _INT.match(value):
            # Python refuses to convert integers of thousands of digits; no strategy holds one
            return int(value) if len(value) <= MAX_DIGITS else value
        if _FLOAT.match(value):
            return float(value)
        if _DATE.match(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                return value  # 2022-02-30: left as text for the date rule to report
        if _HEX.match(value):
            return int(value, 16) if len(value) <= MAX_DIGITS // 2 else value
        if value.lower() in (".inf", "+.inf", "-.inf", ".nan"):
            return float(value.replace(".", ""))
        return value
    return _WORDS.get(value, value) if first in _WORD_START else value


_NUMBER_START = frozenset("0123456789+-.")
MAX_DIGITS = 1000
_WORD_START = frozenset("tfnTFN~")
RESOLVE_START = _NUMBER_START | _WORD_START  # resolve_plain returns text starting otherwise as it is
_WORDS = {"~": None, "null": None, "Null": None, "NULL": None,
          "true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_PLAIN_TAGS = {_T + name for name in ("int", "float", "bool", "null", "timestamp")}


class _Builder:
    """Builds Map/Seq/scalars from the parser's event stream, collecting diagnostics.

    Events, not libyaml's composed node tree: composing recurses in C and
    crashes the interpreter on deeply nested input, while events stream flat.
    """

    def __init__(self, display: str, max_nodes: int = MAX_NODES) -> None:
        self.display = display
        self.max_nodes = max_nodes
        self.diagnostics: list[Diagnostic] = []
        self.anchors: dict[str, tuple[object, int]] = {}  # anchor -> (value, node count)
        self.open_anchors: set[str] = set()
        self.alias_nodes = 0

    def fail(self, code: str, mark: Any, **params: Any) -> None:
        self.diagnostics.append(make(code, self.display, mark.line + 1, mark.column + 1, **params))

    def run(self, events: Any) -> Any:
        # Each stack frame: [container, pending key, key mark, anchor, node count, skipping]
        stack: list[list[Any]] = []
        root = None
        documents = 0
        budget = self.max_nodes
        for ev in events:
            cls = type(ev)
            if cls is yaml.ScalarEvent or cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                budget -= 1
                if budget < 0:
                    self.fail("CP017", ev.start_mark, limit=self.max_nodes)
                    raise _Abort
            if cls is yaml.ScalarEvent:
                value = self.scalar(ev)
                size = 1
                if ev.anchor:
                    self.anchors[ev.anchor] = (value, 1)
            elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                stack.append(self.open(ev, cls is yaml.MappingStartEvent, len(stack)))
                continue
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                box, _, _, anchor, size, skipping = stack.pop()
                value = None if skipping else box
                if anchor:
                    self.open_anchors.discard(anchor)
                    self.anchors[anchor] = (value, size)
            elif cls is yaml.AliasEvent:
                value, size = self.alias(ev)
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    self.second_document(ev)
                continue
            else:  # stream start/end, document end
                continue
            if not stack:
                root = value
                continue
            frame = stack[-1]
            frame[4] += size
            self.add(frame, value, ev)
        return root

    def open(self, ev: Any, mapping: bool, depth: int) -> list[Any]:
        """The stack frame of a mapping or list that starts: [container, pending key, key mark, anchor,
        node count, skipping]."""
        if depth >= MAX_DEPTH:
            self.fail("CP014", ev.start_mark, limit=MAX_DEPTH)
            raise _Abort
        refused = bool(ev.tag) and ev.tag not in ("!", _T + ("map" if mapping else "seq"))
        if refused:  # e.g. !!python/object: reported, and its content never built
            self.fail("CP013", ev.start_mark, tag=ev.tag)
        box: Map | Seq = Map() if mapping else Seq()
        box.pos = {} if mapping else []
        box.line, box.column = ev.start_mark.line + 1, ev.start_mark.column + 1
        if ev.anchor:
            self.open_anchors.add(ev.anchor)
        return [box, _NO_KEY, None, ev.anchor, 1, refused]

    def alias(self, ev: Any) -> tuple[Any, int]:
        """The value an alias stands for and its size, refused inside its own anchor or past the alias budget."""
        if ev.anchor in self.open_anchors:
            self.fail("CP012", ev.start_mark, limit=MAX_ALIAS_NODES,
                      problem="an alias refers to the mapping or list that contains it")
            raise _Abort
        if ev.anchor not in self.anchors:  # libyaml reports this itself; kept for safety
            self.fail("CP010", ev.start_mark, problem=f"undefined alias *{ev.anchor}",
                      hint="define the anchor with &name before using *name")
            raise _Abort
        value, size = self.anchors[ev.anchor]
        self.alias_nodes += size
        if self.alias_nodes > MAX_ALIAS_NODES:
            self.fail("CP012", ev.start_mark, limit=MAX_ALIAS_NODES,
                      problem="aliases expand to too many values (an alias bomb?)")
            raise _Abort
        return value, size

    def second_document(self, ev: Any) -> None:
        self.fail("CP010", ev.start_mark, problem="a second YAML document ('---') in the file",
                  hint="a strategy file holds one document; remove the second '---' and what follows, "
                       "or split the file")
        raise _Abort

    def add(self, frame: list[Any], value: Any, ev: Any) -> None:
        box = frame[0]
        if frame[5]:  # inside a mapping whose key was invalid: nothing is kept
            return
        # a nested list or mapping arrives at its end event: its position is its start
        where = (value.line, value.column) if type(value) in (Map, Seq) \
            else (ev.start_mark.line + 1, ev.start_mark.column + 1)
        if type(box) is Seq:
            box.pos.append(where)
            box.append(value)
            return
        if frame[1] is _NO_KEY:  # this value is a key
            if type(ev) is not yaml.ScalarEvent:
                self.fail("CP015", ev.start_mark, kind="a list or mapping" if value is not None else "an alias")
                frame[1] = _BAD_KEY
                return
            if ev.value == "<<" and not ev.style:
                self.fail("CP013", ev.start_mark, tag="<< (merge key)")
                frame[1] = _BAD_KEY
                return
            key = ev.value  # the key's own text: `on:` stays "on", `1:` stays "1"
            if key in box.pos:
                self.fail("CP011", ev.start_mark, key=key, first=box.pos[key][0])
                frame[1] = _BAD_KEY
                return
            frame[1], frame[2] = key, ev.start_mark
            return
        key, kmark = frame[1], frame[2]
        frame[1] = _NO_KEY
        if key is _BAD_KEY:
            return
        box.pos[key] = (kmark.line + 1, kmark.column + 1, *where)
        box[key] = value

    def scalar(self, ev: Any) -> Any:
        tag = ev.tag
        if tag is None:
            return resolve_plain(ev.value) if not ev.style else ev.value
        if tag == "!" or tag == _T + "str":
            return ev.value
        if tag in _PLAIN_TAGS:
            return resolve_plain(ev.value)
        self.fail("CP013", ev.start_mark, tag=tag)
        return None


_NO_KEY = object()
_BAD_KEY = object()
