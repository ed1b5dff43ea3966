"""Expected outputs for the bundled strategies, kept as readable files under tests/data/golden.

A Word document is kept as its parts' XML, pretty-printed, so a change to a document shows
as a readable diff and does not depend on the zlib version that compressed it. Run
`CPSTRAT_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` after a deliberate change
to the output, and read the diff before committing it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.dom import minidom

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"

# Parts of a .docx that carry what the council wrote (styles and the theme come from the reference document).
DOCX_PARTS = ("word/document.xml", "word/footnotes.xml", "word/header1.xml", "word/footer1.xml", "docProps/core.xml")


def docx_text(path: Path) -> str:
    """The content parts of a Word document, pretty-printed, one after another."""
    out = []
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        wanted = [n for n in names if n in DOCX_PARTS or n.startswith("word/charts/") and n.endswith(".xml")]
        for name in sorted(wanted):
            pretty = minidom.parseString(z.read(name)).toprettyxml(indent=" ")
            out.append(f"=== {name}\n{pretty}")
        out.append("=== media\n" + "\n".join(sorted(n for n in names if n.startswith("word/media/"))) + "\n")
    return "".join(out)


def as_text(path: Path) -> str:
    if path.suffix in (".docx",):
        return docx_text(path)
    if path.suffix == ".xlsx":
        out = []
        with zipfile.ZipFile(path) as z:
            for name in sorted(n for n in z.namelist() if n.endswith(".xml")):
                if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                    out.append(f"=== {name}\n{minidom.parseString(z.read(name)).toprettyxml(indent=' ')}")
        return "".join(out)
    return path.read_text(encoding="utf-8")
