"""The council's own committee report: which heading names a part cpstrat writes (committee.yaml).

Both the check (a heading with no text) and the report (what fills each heading) ask here, so a
heading is matched one way everywhere. No IO beyond the package's data file.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

# The implications a heading may name one by one, as the progress file's keys hold them.
IMPLICATION_PARTS = ("financial", "legal", "equalities", "environmental", "human_resources", "risks",
                     "safeguarding", "consultation")

_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|[A-Za-z]\.|[ivx]+\.)\s+")


def normal(heading: str) -> str:
    """A heading as matched: lower case, spaces collapsed, no closing colon, no number in front."""
    text = _NUMBER.sub("", str(heading)).strip().rstrip(":").strip()
    return " ".join(text.lower().split())


@cache
def _names() -> dict[str, str]:
    import yaml

    text = resources.files("cpstrat.format").joinpath("committee.yaml").read_text("utf-8")
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {name: part for part, names in data.items() for name in names}


def part_of(heading: str) -> str | None:
    """The part a council's heading names (recommendations, risks, progress ...), or None: filled from sections."""
    return _names().get(normal(heading))


def sections_key(sections: dict[str, Any], heading: str) -> Any:
    """The `sections:` entry for a heading: written exactly, or differing only in case and a closing colon."""
    if heading in sections:
        return heading
    wanted = normal(heading)
    return next((k for k in sections if normal(k) == wanted), None)
