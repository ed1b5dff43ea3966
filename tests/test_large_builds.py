"""Large plans: tables of many rows are written into the file as the small ones are, in bounded memory."""

from __future__ import annotations

import datetime as dt
import importlib.util
import io
import os
import subprocess
import sys
import zipfile

import docx
import pytest
from conftest import ROOT
from synthetic import write

from cpstrat.checks.run import check
from cpstrat.outputs import default_reference, publish
from cpstrat.outputs.views import context
from cpstrat.outputs.word import docxlib
from cpstrat.outputs.word import plan as plan_docx


def render(folder, defer_rows: int, monkeypatch) -> bytes:
    monkeypatch.setattr(docxlib, "DEFER_ROWS", defer_rows)
    result = check(folder)
    assert result.strategy is not None
    doc = plan_docx.render(context.build(result.strategy), default_reference())
    return doc.to_bytes(dt.datetime(2024, 4, 1))


def test_deferred_rows_give_the_same_file_as_rows_in_the_tree(tmp_path, monkeypatch):
    folder = write(tmp_path / "s", 700)
    deferred = render(folder, 100, monkeypatch)
    in_tree = render(folder, 10**9, monkeypatch)
    assert deferred == in_tree
    document = docx.Document(io.BytesIO(deferred))
    rows = sum(len(t.rows) - 1 for t in document.tables)
    assert rows > 2 * 700  # each action stands under two principles, and under its priority
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells][:3] == ["Id", "Action", "Lead"]
    assert first.rows[1].cells[1].text.startswith("Action 0 to improve the lives")


def test_glossary_reads_the_text_of_deferred_rows(tmp_path, monkeypatch):
    folder = write(tmp_path / "s", 300)
    text = (folder / "strategy.yaml").read_text()
    (folder / "strategy.yaml").write_text(text.replace("title: Action 299 to improve",
                                                      "title: Action 299 (with CAMHS) to improve"))
    monkeypatch.setattr(docxlib, "DEFER_ROWS", 10)
    doc = plan_docx.render(context.build(check(folder).strategy), default_reference())
    assert any("CAMHS" in t for t in doc.all_text())
    document = docx.Document(io.BytesIO(doc.to_bytes(dt.datetime(2024, 4, 1))))
    glossary = document.tables[-1]
    assert "CAMHS" in [row.cells[0].text for row in glossary.rows]


# Text python-docx turns into more than a w:t: tabs, CR and LF, spaces at either end, XML's own characters.
AWKWARD = ["", "plain", " leading", "trailing ", "two  spaces", "tab\there", "\t", "cr\rhere", "two\nlines\n",
           "\n", "a & b < c > d \"q\" 'a'", "\u00a0no-break", "bad \x00\x0b char", "\u00e9t\u00e9 \u2018quoted\u2019"]


def awkward_document(defer: bool, monkeypatch) -> tuple[bytes, list[str]]:
    monkeypatch.setattr(docxlib, "DEFER_PARAGRAPHS", defer)
    doc = docxlib.Document(default_reference())
    doc.set_properties(title="Awkward text")
    doc.title("Awkward & text", ["Sub\ttitle"])
    for i, text in enumerate(AWKWARD):
        doc.heading(text or "Empty", 2)
        doc.paragraph(text, style=["List Bullet", None, "Quote"][i % 3],
                      bold_prefix=["", "Lead: ", " \t", "\x00"][i % 4], keep_with_next=i % 2 == 0)
        doc.bullets([text, "next"])
        if i % 5 == 0:  # anything else in the body ends a run of text paragraphs
            doc.table(["Id", "Text"], [["A1", text]], caption=f"Table & {text}")
            doc.doc.add_paragraph("python-docx's own paragraph")
    doc.paragraphs("One.\n\nTwo\nlines.")
    return doc.to_bytes(dt.datetime(2024, 4, 1)), doc.all_text()


def test_text_paragraphs_kept_as_text_give_the_same_file_as_paragraphs_in_the_tree(monkeypatch):
    deferred, deferred_text = awkward_document(True, monkeypatch)
    in_tree, tree_text = awkward_document(False, monkeypatch)
    assert deferred == in_tree
    assert deferred_text == tree_text
    paragraphs = [p.text for p in docx.Document(io.BytesIO(deferred)).paragraphs]
    assert "Lead: tab\there" in paragraphs and "python-docx's own paragraph" in paragraphs


def test_young_peoples_version_of_a_large_plan_is_complete(tmp_path):
    folder = write(tmp_path / "s", 3000)
    built = publish.build(folder, tmp_path / "out", audience="young-people", formats=("docx", "md", "html"))
    assert not built.errors and len(built.written) == 3
    document = docx.Document(tmp_path / "out" / "s-young-people.docx")
    texts = [p.text for p in document.paragraphs]
    # every action is promised once, with who is in charge and by when
    assert sum(t.startswith("Action ") and t.endswith("care leavers.") for t in texts) == 3000
    assert sum(t.startswith("Who is in charge: ") for t in texts) == 3000
    assert "Want to know more?" in texts  # the closing sections follow
    for suffix in ("md", "html"):
        page = (tmp_path / "out" / f"s-young-people.{suffix}").read_text("utf-8")
        assert page.count("Who is in charge") == 3000


# The build in a fresh interpreter that reports its own peak resident memory (VmHWM: the
# high-water mark of this process's memory since it started). The rusage of a child is
# no good here: it starts from the resident size of the parent, pytest, which is larger.
PEAK = """
import sys
from cpstrat.cli import main
sys.argv = ["cpstrat", "build", sys.argv[1], "-o", sys.argv[2]]
try:
    main()
finally:
    peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM:"))
    print(int(peak.split()[1]) // 1024, file=sys.stderr)
"""


def _generated(n: int) -> str:
    """The strategy of n actions that benchmarks/targets.py measures (benchmarks/generate.py)."""
    spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.strategy_yaml(n)


def _peak_of_build(folder, out) -> int:
    """The peak memory (MB) of `cpstrat build folder -o out` in a fresh interpreter."""
    run = subprocess.run([sys.executable, "-c", PEAK, str(folder), str(out)], capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stderr[-2000:]
    return int(run.stderr.strip().splitlines()[-1])


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the peak from /proc")
def test_ten_thousand_action_build_stays_under_250_mb(tmp_path):
    strategy = tmp_path / "s" / "strategy.yaml"
    strategy.parent.mkdir()
    strategy.write_text(_generated(10_000), encoding="utf-8")
    out = tmp_path / "out"
    peak_mb = _peak_of_build(strategy.parent, out)
    assert peak_mb < 250, f"peak memory {peak_mb} MB"
    plan = next(out.glob("*-action-plan.docx"))
    with zipfile.ZipFile(plan) as z:
        assert z.testzip() is None
        assert z.read("word/document.xml").count(b"<w:tr>") > 20_000


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the peak from /proc")
def test_ten_thousand_actions_with_two_progress_files_build_plan_and_report_under_250_mb(tmp_path):
    """The plan and the board report of 10,000 actions, each updated in two progress files, written
    in flow style (tests/synthetic.py): under the same bound."""
    out = tmp_path / "out"
    peak_mb = _peak_of_build(write(tmp_path / "s", 10_000), out)
    assert peak_mb < 250, f"peak memory {peak_mb} MB"
    report = next(out.glob("*-progress-report-*.docx"))
    with zipfile.ZipFile(report) as z:
        assert z.testzip() is None
        assert z.read("word/document.xml").count(b"<w:tr>") > 10_000
