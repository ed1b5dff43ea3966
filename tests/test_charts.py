"""Native Word charts: the chart XML, its part in the package, and the charts of a board report."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile

import docx
from conftest import run
from docx.enum.shape import WD_INLINE_SHAPE
from lxml import etree
from test_build import SECOND_PROGRESS

from cpstrat.format.shipped import template_file
from cpstrat.outputs.word import chart
from cpstrat.outputs.word.docxlib import Document
from cpstrat.outputs.word.lint import lint

NS = {"c": chart.C, "a": chart.A}
CHART_CT = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"


def values(ser) -> list[str]:
    return [v.text for v in ser.findall("c:val//c:pt/c:v", NS)]


def test_status_bar_chart_reads_without_colour_in_the_documents_font():
    xml = chart.bar_chart(["On track", "Complete"], [chart.Series("Actions", [3, 4],
                                                                  point_colours=["2E6B30", "1F4E79"])],
                          font="Verdana", size_pt=11)
    root = etree.fromstring(xml)
    assert root.tag == f"{{{chart.C}}}chartSpace"
    ser = root.find(".//c:barChart/c:ser", NS)
    # horizontal bars are drawn bottom-up, so the data is reversed to read top-down
    assert [v.text for v in ser.findall("c:cat//c:pt/c:v", NS)] == ["Complete", "On track"]
    assert values(ser) == ["4", "3"]
    assert ser.find("c:dLbls/c:showVal", NS).get("val") == "1"  # each bar has its figure beside it
    assert [p.find(".//a:srgbClr", NS).get("val") for p in ser.findall("c:dPt", NS)] == ["1F4E79", "2E6B30"]
    assert root.find("c:chart/c:autoTitleDeleted", NS).get("val") == "1"  # the caption is the title
    assert root.find("c:chart/c:legend", NS) is None  # one series: no legend
    text = root.find("c:txPr", NS)
    assert text.find(".//a:latin", NS).get("typeface") == "Verdana"
    assert text.find(".//a:defRPr", NS).get("sz") == "1100"
    assert root.find("c:lang", NS).get("val") == "en-GB"


def test_stacked_columns_hide_zero_labels_and_have_a_legend():
    xml = chart.bar_chart(["31 March 2023", "30 June 2024"],
                          [chart.Series("On track", [1, 0]), chart.Series("Complete", [1, 2])],
                          stacked=True, horizontal=False)
    root = etree.fromstring(xml)
    group = root.find(".//c:barChart", NS)
    assert group.find("c:barDir", NS).get("val") == "col"
    assert group.find("c:grouping", NS).get("val") == "stacked"
    assert group.find("c:overlap", NS).get("val") == "100"
    assert [values(s) for s in group.findall("c:ser", NS)] == [["1", "0"], ["1", "2"]]
    assert group.find("c:ser/c:dLbls/c:numFmt", NS).get("formatCode") == "0;-0;;"
    assert root.find("c:chart/c:legend/c:legendPos", NS).get("val") == "b"


def test_line_chart_leaves_a_gap_for_a_missing_value_and_dashes_reference_lines():
    xml = chart.line_chart(["2021", "2022", "2023"],
                           [chart.Series("Value", [48, None, 55]),
                            chart.Series("Target 60%", [60, 60, 60], dash="dash", marker=False, labels=False)])
    root = etree.fromstring(xml)
    value, target = root.findall(".//c:lineChart/c:ser", NS)
    assert [p.get("idx") for p in value.findall("c:val//c:pt", NS)] == ["0", "2"]
    assert root.find("c:chart/c:dispBlanksAs", NS).get("val") == "gap"
    assert target.find("c:spPr/a:ln/a:prstDash", NS).get("val") == "dash"
    assert target.find("c:marker/c:symbol", NS).get("val") == "none"
    assert target.find("c:dLbls", NS) is None and value.find("c:dLbls", NS) is not None


def test_a_chart_is_a_part_of_the_package_with_alt_text_and_passes_lint(tmp_path):
    doc = Document(template_file("reference.docx").read_bytes())
    doc.set_properties(title="Charts")
    doc.heading("Charts", 1)
    doc.chart(chart.bar_chart(["A", "B"], [chart.Series("Actions", [1, 2])]), alt_text="Two bars: A 1, B 2.",
              caption="Two bars")
    data = doc.to_bytes(dt.datetime(2023, 3, 31))
    assert data == doc.to_bytes(dt.datetime(2023, 3, 31))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "word/charts/chart1.xml" in z.namelist()
        assert CHART_CT in z.read("[Content_Types].xml").decode()
        assert "relationships/chart" in z.read("word/_rels/document.xml.rels").decode()
    path = tmp_path / "c.docx"
    path.write_bytes(data)
    reopened = docx.Document(path)
    assert [s.type for s in reopened.inline_shapes] == [WD_INLINE_SHAPE.CHART]
    doc_pr = next(reopened.element.body.iter("{http://schemas.openxmlformats.org/drawingml/2006/"
                                             "wordprocessingDrawing}docPr"))
    assert doc_pr.get("descr") == "Two bars: A 1, B 2."
    assert lint(path) == []


def test_a_chart_without_alt_text_is_refused():
    doc = Document()
    try:
        doc.chart(chart.bar_chart(["A"], [chart.Series("n", [1])]), alt_text=" ")
    except ValueError as e:
        assert "alt text" in str(e)
    else:
        raise AssertionError("a chart without alt text was accepted")


def test_report_with_two_progress_files_charts_the_status_mix_at_each(small, tmp_path):
    (small / "progress" / "2024-06-30.yaml").write_text(SECOND_PROGRESS, encoding="utf-8")
    out = tmp_path / "out"
    assert run("build", small, "-o", out).returncode == 0
    path = out / "small-progress-report-2024-06-30.docx"
    d = docx.Document(path)
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "Report as at")
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["Report as at", "Not started", "At risk", "Complete"],
        ["31 March 2023", "1", "0", "1"],
        ["30 June 2024", "0", "1", "1"]]
    alts = [el.get("descr") for el in d.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert alts[1] == ("Stacked column chart of the actions by status at each of the 2 reports. "
                       "31 March 2023: Not started 1, Complete 1; 30 June 2024: At risk 1, Complete 1.")
    with zipfile.ZipFile(path) as z:
        assert sorted(n for n in z.namelist() if n.startswith("word/charts/")) == [
            "word/charts/chart1.xml", "word/charts/chart2.xml"]
        stacked = etree.fromstring(z.read("word/charts/chart2.xml"))
    assert stacked.find(".//c:grouping", NS).get("val") == "stacked"
    assert lint(path) == []


def test_chart_labels_keep_the_precision_of_their_figures():
    """An indicator of 10.5% read '11%' in the chart (number format 0"%") beside 10.5% in the table."""
    assert chart.number_format([12, 10.5, 9], "%") == '#,##0.0"%"'
    assert chart.number_format([48, 50, 60], "%") == '#,##0"%"'
    assert chart.number_format([1.25, 3.0], "") == "#,##0.00"
    assert chart.number_format([2 / 3], "") == "#,##0.00"  # at most two places, as the tables print
    assert chart.number_format([], "%") == '#,##0"%"'


def test_a_report_whose_indicator_has_decimals_keeps_them_in_the_chart_labels(tmp_path):
    from conftest import ROOT

    folder = tmp_path / "plan"
    shutil.copytree(ROOT / "tests" / "data" / "real-plan", folder)
    progress = folder / "progress" / "2025-09-30.yaml"
    progress.write_text(progress.read_text().replace("placement-moves: 9.5}", "placement-moves: 10.5}"))
    out = tmp_path / "out"
    assert run("build", folder, "-o", out).returncode == 0
    with zipfile.ZipFile(out / "plan-progress-report-2025-09-30.docx") as z:
        charts = [etree.fromstring(z.read(n)) for n in sorted(z.namelist()) if n.startswith("word/charts/chart")]
    moves = next(c for c in charts if any("10.5" == v for v in values(c.find(".//c:ser", NS))))
    [reported] = [s for s in moves.findall(".//c:ser", NS) if s.find("c:tx//c:v", NS).text == "Reported value"]
    assert values(reported) == ["12", "11", "10", "10.5"]
    # the labels written beside the points, and the axis, show one decimal place: 10.5%, not 11%
    labels = reported.find("c:dLbls/c:numFmt", NS)
    assert labels.get("formatCode") == '#,##0.0"%"' and labels.get("sourceLinked") == "0"
    assert moves.find(".//c:valAx/c:numFmt", NS).get("formatCode") == '#,##0.0"%"'
    # a chart of whole figures keeps whole labels
    eet = next(c for c in charts if any("53" == v for v in values(c.find(".//c:ser", NS))))
    assert eet.find(".//c:ser/c:dLbls/c:numFmt", NS).get("formatCode") == '#,##0"%"'
