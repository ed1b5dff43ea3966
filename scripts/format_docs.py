"""Regenerate the key tables in docs/strategy-format.md and the schema/*.json files from cpstrat/format/model.py."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "strategy-format.md"
BEGIN = "<!-- generated from cpstrat/format/model.py by scripts/format_docs.py: do not edit below -->"


def document(current: str) -> str:
    from cpstrat.format.schema import markdown

    head = current.split(BEGIN)[0].rstrip("\n")
    return f"{head}\n\n{BEGIN}\n\n{markdown()}"


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from cpstrat.format.schema import ROOTS, json_schema

    DOC.write_text(document(DOC.read_text(encoding="utf-8")), encoding="utf-8")
    for root in ROOTS:
        (ROOT / "schema" / f"{root}.schema.json").write_text(json.dumps(json_schema(root), indent=2) + "\n",
                                                          encoding="utf-8")
    print(f"wrote {DOC.relative_to(ROOT)} and schema/*.schema.json")


if __name__ == "__main__":
    main()
