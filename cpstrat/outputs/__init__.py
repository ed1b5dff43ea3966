"""Renderers: one module per output format."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def template_file(name: str):
    """A shipped template file: from the installed cpstrat.templates package, or from the
    top-level templates/ folder when running from a checkout (where that package is not mapped)."""
    try:
        return resources.files("cpstrat.templates").joinpath(name)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent.parent / "templates" / name
