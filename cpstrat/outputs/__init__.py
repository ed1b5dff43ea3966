"""Outputs: one module per document and format, on shared base code (docxlib, context, web)."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path


def template_file(name: str):
    """A shipped template file: from the installed cpstrat.templates package, or from the
    top-level templates/ folder when running from a checkout (where that package is not mapped)."""
    try:
        return resources.files("cpstrat.templates").joinpath(name)
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent.parent / "templates" / name


def default_reference() -> bytes:
    """The shipped reference document whose styles every Word output uses."""
    return template_file("reference.docx").read_bytes()


def when(strategy, progress) -> dt.datetime:
    """The date written into document properties: never the wall clock (shared with the workbooks)."""
    from cpstrat.format.files import document_time

    return document_time(strategy, progress)
