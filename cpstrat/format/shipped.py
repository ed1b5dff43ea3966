"""Files shipped with cpstrat beside the code: the templates/ folder, and the status words and colours in it.

templates/status.yaml is the one place for how each status is shown: its words, the fill behind it in a
Word table, its chart colour, and its fill in a workbook's status column (`sheet`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from typing import Any


def template_file(name: str) -> Traversable | Path:
    """A shipped template file: from the installed cpstrat.templates package, or from the
    top-level templates/ folder when running from a checkout (where that package is not mapped)."""
    try:
        return resources.files("cpstrat.templates").joinpath(name)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent.parent / "templates" / name


@cache
def statuses() -> dict[str, dict[str, Any]]:
    """status -> {label, fill, bar, sheet}, in display order (from templates/status.yaml)."""
    import yaml

    text = template_file("status.yaml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return data
