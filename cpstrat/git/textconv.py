"""A strategy or progress file in a stable, line-per-value normal form, for `git diff`.

Each value is printed on its own line under its full path, with list items
named by their id rather than their position:

    actions[A01].title: Share good practice on emotional wellbeing
    actions[A01].measures[A01-m1].target: 98

so a hunk of `git diff` says which action it is in, and folding, quoting or
re-indenting the YAML shows no change. Comments are not content and are left
out. Anything that is not readable YAML (a broken or binary file) is printed
exactly as it is, because git runs this on every file with the attribute and
a failure would break `git diff` and `git log -p` for the whole repository.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

# A list item is named by the first of these keys it holds as text.
ITEM_KEYS = ("id", "action", "name")
# A list of short values (ids, partners) stays on one line up to this length.
SHORT_LIST = 100


def normal_form(text: str) -> str | None:
    """The normal form of YAML text, or None when it is not a readable YAML mapping or list."""
    from cpstrat.format.diagnostics import CpstratError
    from cpstrat.format.load import parse

    try:
        data = parse(text, "textconv").data
    except CpstratError:
        return None
    if not isinstance(data, (dict, list)):
        return None
    lines: list[str] = []
    _walk(data, "", lines)
    return "\n".join(lines) + "\n"


def _walk(value, path: str, lines: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            lines.append(f"{path}: {{}}")
        for key, item in value.items():
            _walk(item, f"{path}.{key}" if path else str(key), lines)
    elif isinstance(value, list):
        if not value:
            lines.append(f"{path}: []")
        elif all(not isinstance(v, (dict, list)) and not _multiline(v) for v in value):
            inline = ", ".join(_scalar(v) for v in value)
            if len(inline) <= SHORT_LIST and not any("," in _scalar(v) for v in value):
                lines.append(f"{path}: [{inline}]")
            else:  # one line per item, unnumbered, so inserting one shows as one added line
                lines.extend(f"{path}[]: {_scalar(v)}" for v in value)
        else:
            for i, item in enumerate(value):
                name = _name(item, i)
                if isinstance(item, dict) and not name.startswith("#"):
                    item = {k: v for k, v in item.items() if not (k in ITEM_KEYS and v == name)} or {}
                _walk(item, f"{path}[{name}]", lines)
    elif _multiline(value):
        lines.append(f"{path}: |")
        lines.extend(f"  {line}".rstrip() for line in value.strip("\n").split("\n"))
    else:
        lines.append(f"{path}: {_scalar(value)}")


def _name(item, index: int) -> str:
    if isinstance(item, dict):
        for key in ITEM_KEYS:
            if isinstance(item.get(key), str) and item[key].strip():
                return item[key].strip()
    return f"#{index + 1}"


def _multiline(value) -> bool:
    return isinstance(value, str) and "\n" in value.strip("\n")


def _scalar(value) -> str:
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return value.strip()
    return str(value)


def convert(path: Path) -> tuple[bytes, str | None]:
    """The normal form of `path` as bytes; anything unreadable as YAML comes back as its text, with
    control characters escaped (a binary file's too), so nothing reaches the terminal to be obeyed.

    The second value is the one-line problem when the file itself cannot be read (then exit 2): it is
    not a regular file (a pipe or device would block or never end), or it cannot be opened. A file
    larger than the YAML reader's limit is not read at all: one line says so.
    """
    from cpstrat.format.load import MAX_BYTES
    from cpstrat.util.escape import terminal

    raw, problem = _read(Path(path), MAX_BYTES)
    if problem:
        return b"", problem
    if raw is None:
        return f"(a file larger than {MAX_BYTES // 2**20} MB: not shown)\n".encode(), None
    try:
        text = raw.decode("utf-8-sig")
        binary = "\0" in text
    except UnicodeDecodeError:  # each byte that is not UTF-8 shown as \xff
        text, binary = raw.decode("utf-8-sig", errors="backslashreplace"), True
    form = None
    if not binary:  # a binary file is shown escaped, never parsed
        try:
            form = normal_form(text)
        except Exception:  # noqa: BLE001 - whatever goes wrong, git must still get the file's text
            form = None
    # git prints this to a terminal: escape sequences in the file are shown, not obeyed
    return terminal(text if form is None else form).encode("utf-8", errors="backslashreplace"), None


def _read(path: Path, limit: int) -> tuple[bytes | None, str | None]:
    """The bytes of a regular file of at most `limit` bytes (None when larger), or the problem.

    Opened without blocking and asked what it is before anything is read: opening a named pipe
    would otherwise wait for a writer, and /dev/zero never ends."""
    import os
    import stat

    from cpstrat.util.escape import terminal_line

    shown = terminal_line(str(path))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        return None, f"{shown}: cannot read the file: {exc.strerror or exc}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file (a pipe, socket or device)"
            return None, f"{shown}: cannot read the file: it is {kind}"
        if info.st_size > limit:
            return None, None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(limit + 1)
        return (raw if len(raw) <= limit else None), None
    except OSError as exc:
        return None, f"{shown}: cannot read the file: {exc.strerror or exc}"
    finally:
        os.close(fd)
