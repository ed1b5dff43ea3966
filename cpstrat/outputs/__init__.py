"""Outputs: one module per document and format, on shared base code (docxlib, context, web)."""

from __future__ import annotations

import datetime as dt

from cpstrat.format.shipped import template_file


def default_reference() -> bytes:
    """The shipped reference document whose styles every Word output uses."""
    return template_file("reference.docx").read_bytes()


def when(strategy, progress) -> dt.datetime:
    """The date written into document properties: never the wall clock (shared with the workbooks)."""
    from cpstrat.format.files import document_time

    return document_time(strategy, progress)
