"""Hostile strategies and templates against the writers: clean errors or correct output, never a crash."""

from __future__ import annotations

from pathlib import Path

import docx
from conftest import PROGRESS, SMALL
from typer.testing import CliRunner

from cpstrat.cli import app
from cpstrat.outputs.docxlib import PROPERTY_LIMIT, fit

LONG_COUNCIL = "The Royal Borough of " + " ".join(["Somewhere-upon-Somewhere"] * 6) + " Council"
LONG_TITLE = "Corporate Parenting Strategy " + " ".join(["and Action Plan for Children"] * 7)


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def strategy(folder: Path, text: str = SMALL, progress: bool = True) -> Path:
    (folder / "progress").mkdir(parents=True, exist_ok=True)
    (folder / "strategy.yaml").write_text(text, encoding="utf-8")
    if progress:
        (folder / "progress" / "2023-03-31.yaml").write_text(PROGRESS, encoding="utf-8")
    return folder


def long_named(folder: Path) -> Path:
    text = SMALL.replace("council: Testshire County Council", f"council: {LONG_COUNCIL}")
    return strategy(folder, text.replace("title: Corporate Parenting Strategy", f"title: {LONG_TITLE}"))


# -- finding 3: core properties past 255 characters -----------------------------

def test_fit_cuts_at_a_word_with_an_ellipsis():
    text = " ".join(f"word{i}" for i in range(100))
    cut = fit(text)
    assert len(cut) <= PROPERTY_LIMIT and cut.endswith("\u2026")
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] == " "  # the cut falls between words
    assert fit("short title") == "short title"
    assert len(fit("x" * 1000)) == PROPERTY_LIMIT  # one long word: cut inside it


def test_build_with_a_long_council_and_title(tmp_path):
    folder = long_named(tmp_path / "long")
    assert len(LONG_COUNCIL) + len(LONG_TITLE) > 255
    result = invoke("build", folder, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    plan = docx.Document(str(tmp_path / "out" / "long-action-plan.docx"))
    title = plan.core_properties.title
    assert len(title) <= PROPERTY_LIMIT and title.endswith("\u2026") and title.startswith(LONG_COUNCIL[:100])
    # the body keeps every word the council wrote
    body = "\n".join(p.text for p in plan.paragraphs)
    assert LONG_TITLE in body


def test_a_long_title_does_not_stop_a_batch(tmp_path):
    long_named(tmp_path / "batch" / "a-long")
    strategy(tmp_path / "batch" / "b-short")
    result = invoke("build", tmp_path / "batch", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "a-long-action-plan.docx").is_file()
    assert (tmp_path / "out" / "b-short-action-plan.docx").is_file()


def test_diff_docx_with_a_long_title(tmp_path):
    old = strategy(tmp_path / "old", progress=False)
    new = long_named(tmp_path / "new")
    out = tmp_path / "changes.docx"
    result = invoke("diff", old / "strategy.yaml", new / "strategy.yaml", "--format", "docx", "-o", out)
    assert result.exit_code == 0, result.output
    assert len(docx.Document(str(out)).core_properties.title) <= PROPERTY_LIMIT


def test_to_bytes_uses_public_api_and_fixes_every_entry(tmp_path):
    import datetime as dt
    import io
    import zipfile

    from cpstrat.outputs.docxlib import ZIP_DATE, Document

    doc = Document()
    doc.set_properties(title="Zip entries")
    doc.title("Zip entries")
    doc.paragraph("text")
    first = doc.to_bytes(dt.datetime(2023, 3, 31))
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.testzip() is None
        assert {i.date_time for i in z.infolist()} == {ZIP_DATE}
        assert {(i.create_system, i.external_attr) for i in z.infolist()} == {(0, 0o600 << 16)}
    assert doc.to_bytes(dt.datetime(2023, 3, 31)) == first
