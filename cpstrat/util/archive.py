"""Reading zip packages (a .docx, or any Office package) from outside within a budget.

A package is a zip of XML parts and media. A few kilobytes of zip can declare
gigabytes of content (a decompression bomb), and an XML part can declare
entities that expand or that Word refuses. So before anything is
decompressed, `open_package` looks at the zip's directory (part count,
declared sizes, compression ratios) and refuses a package past the budget
with one `PackageProblem` that says which part and which limit. zipfile
never returns more bytes than a part declares, so checking the declared sizes
bounds what is read. `parse_xml` then parses a part without DTDs, entities or
network access, and refuses a DOCTYPE outright.

The limits and the memory they keep to are in docs/security.md.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MiB = 1024 * 1024
# More parts than any Word or Excel file of a council plan holds.
MAX_PARTS = 2000
# XML is parsed into a tree several times its size: the XML read from one
# package is capped at this, or at twice the package's own size if larger.
MAX_XML_BYTES = 20 * MiB
# Beyond this size a part must not have been compressed more than MAX_RATIO
# times: text XML compresses about 10 to 40 times, a run of one byte 1000.
RATIO_FLOOR = 1 * MiB
MAX_RATIO = 100


class PackageProblem(ValueError):
    """A package past the budget or holding XML that is refused; the message says which part and why."""


@dataclass(frozen=True)
class Budget:
    """Limits on one package: parts, all parts together, XML parts together."""

    max_total: int
    max_parts: int = MAX_PARTS
    max_xml: int = MAX_XML_BYTES


def is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml"))


def open_package(source: Path | str | bytes, budget: Budget) -> zipfile.ZipFile:
    """The zip at `source` (a path or the bytes), once its directory is within `budget`.

    Raises PackageProblem past the budget, zipfile.BadZipFile and OSError as zipfile does.
    """
    size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
    try:
        check_directory(archive.infolist(), size, budget)
    except PackageProblem:
        archive.close()
        raise
    return archive


def check_directory(infos: list[zipfile.ZipInfo], size: int, budget: Budget) -> None:
    """Refuse a zip directory whose parts, declared sizes or ratios pass `budget`."""
    if len(infos) > budget.max_parts:
        raise PackageProblem(f"it holds {len(infos)} parts, more than the {budget.max_parts} allowed")
    total = xml = 0
    max_xml = max(budget.max_xml, 2 * size)
    for info in infos:
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PackageProblem(
                f"part {info.filename} unpacks to {_mib(info.file_size)} from {_mib(info.compress_size)} "
                f"(more than {MAX_RATIO} times): a decompression bomb")
        total += info.file_size
        if total > budget.max_total:
            raise PackageProblem(f"its parts unpack to more than {_mib(budget.max_total)} "
                                 f"(at part {info.filename})")
        if is_xml(info.filename):
            xml += info.file_size
            if xml > max_xml:
                raise PackageProblem(f"its XML parts unpack to more than {_mib(max_xml)} "
                                     f"(at part {info.filename})")


def parse_xml(data: bytes, name: str) -> Any:
    """An XML part as an lxml element: no DTD, no entities, no network; a DOCTYPE is refused."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False,
                             dtd_validation=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise PackageProblem(f"part {name} is not well-formed XML ({exc})") from None
    info = root.getroottree().docinfo
    if info.doctype or info.internalDTD is not None or info.externalDTD is not None:
        raise PackageProblem(f"part {name} declares a DOCTYPE (entity declarations): Word cannot open it")
    for el in root.iter(etree.Entity):
        raise PackageProblem(f"part {name} uses the entity &{el.name}; which Word cannot resolve")
    return root


def check_xml_parts(archive: zipfile.ZipFile) -> dict[str, Any]:
    """Parse every XML part of an open package (see parse_xml); raise PackageProblem on the first bad one.
    Returns the parsed parts by name."""
    return {info.filename: parse_xml(archive.read(info), info.filename)
            for info in archive.infolist() if is_xml(info.filename)}


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# Field codes that make Word fetch or run something outside the document when it updates fields.
_OUTSIDE_FIELD = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT|DATABASE)\b", re.IGNORECASE)
_KINDS = {"image": "a picture linked from outside the document", "oleObject": "an object linked from outside",
          "subDocument": "a subdocument outside the document", "frame": "a frame showing another page",
          "externalData": "chart data linked from outside"}


def external_content(parts: dict[str, Any]) -> list[tuple[str, str]]:
    """What in a Word package reaches outside it, as (part, what) pairs: relationships with
    TargetMode External (but a hyperlink to a web address), attached templates, altChunks (content
    imported from another file) and fields that include or link other files. A reference document
    brings styles, page set-up and headers and footers of its own text and pictures: none of these."""
    from cpstrat.util.escape import web_link

    found = []
    for name, root in parts.items():
        if name.endswith(".rels"):
            for rel in root.iter(_RELS):
                kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
                target = (rel.get("Target") or "")[:200]
                outside = (rel.get("TargetMode") or "").lower() == "external"
                if kind == "attachedTemplate":
                    found.append((name, f"an attached template ({target})"))
                elif kind == "aFChunk":
                    found.append((name, f"an altChunk: content imported from another file ({target})"))
                elif outside and kind == "hyperlink":
                    if not web_link(target):
                        found.append((name, f"a hyperlink to '{target}', which is not a web address (http or https)"))
                elif outside:
                    found.append((name, f"{_KINDS.get(kind, f'a {kind} relationship outside the document')} "
                                        f"({target})"))
            continue
        if next(root.iter(f"{_W}altChunk"), None) is not None:
            found.append((name, "an altChunk: content imported from another file"))
        instructions = [el.text or "" for el in root.iter(f"{_W}instrText")]
        instructions += [el.get(f"{_W}instr") or "" for el in root.iter(f"{_W}fldSimple")]
        for code in instructions:
            match = _OUTSIDE_FIELD.match(code)
            if match:
                found.append((name, f"a {match[1].upper()} field, which fetches another file ({code.strip()[:120]})"))
    return found


def _mib(n: int) -> str:
    return f"{n / MiB:.1f} MiB" if n >= MiB else f"{n} bytes"
