"""Native charts (DrawingML chart parts) for Word documents.

The chart XML is written by python-pptx's chart XML writer, the same
c:chartSpace that PowerPoint, Word and LibreOffice draw, then given what a
published document needs: the document's font and size, colours that match
the status fills, data labels (the figures read without colour), a legend
where there is more than one series, and no chart title (the caption beside
it is the title). Word draws it from its cached values and lets a council
restyle it; the document also gives the same figures as a table.

    xml = bar_chart(["On track", "Complete"], [Series("Actions", [3, 4], point_colours=["2E6B30", "1F4E79"])])
    doc.chart(xml, alt_text="...", caption="...")
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from lxml import etree

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS = {"c": C, "a": A}
# Hides zero labels in a stacked bar: a segment of nothing needs no "0".
HIDE_ZERO = "0;-0;;"


@dataclass
class Series:
    """One series: a name, one value per category (None leaves a gap), how it is drawn."""

    name: str
    values: list
    colour: str = "1F3864"  # hex, no '#'
    dash: str = ""          # a DrawingML preset dash ("dash", "sysDot") for lines; "" is solid
    marker: bool = True     # lines only
    labels: bool = True     # write each value beside its point or bar
    point_colours: list = field(default_factory=list)  # bars only: one colour per category


def number_format(values, unit: str = "") -> str:
    """The Excel number format that shows each of `values` to the precision the tables print it (at most two
    decimal places, as context.number): 10.5 reads 10.5, not 11 ('0"%"' rounded it), and 48 reads 48."""
    places = 0
    for value in values:
        if isinstance(value, float) and math.isfinite(value) and not value.is_integer():
            places = max(places, len(f"{value:.2f}".rstrip("0").split(".")[1]))
    text = "#,##0" + ("." + "0" * places if places else "")
    return f'{text}"%"' if unit == "%" else text


def bar_chart(categories, series, *, stacked: bool = False, horizontal: bool = True,
              font: str = "Arial", size_pt: float = 11, number_format: str = "0", whole: bool = True) -> bytes:
    """A bar (horizontal) or column chart; stacked puts the series on top of each other.

    `whole`: the values are counts, so the value axis steps in whole numbers.
    """
    from pptx.enum.chart import XL_CHART_TYPE

    if stacked:
        top = max((sum(v or 0 for v in values) for values in zip(*(s.values for s in series), strict=False)), default=0)
    else:
        top = max((v or 0 for s in series for v in s.values), default=0)

    if horizontal:
        # Horizontal bars are drawn from the bottom up; reversing the data reads top-down.
        categories = list(reversed(categories))
        series = [Series(s.name, list(reversed(s.values)), s.colour, s.dash, s.marker, s.labels,
                         list(reversed(s.point_colours))) for s in series]
        kind = XL_CHART_TYPE.BAR_STACKED if stacked else XL_CHART_TYPE.BAR_CLUSTERED
    else:
        kind = XL_CHART_TYPE.COLUMN_STACKED if stacked else XL_CHART_TYPE.COLUMN_CLUSTERED
    root = _chart_space(kind, categories, series, number_format)
    plot = root.find("c:chart/c:plotArea", NS)
    group = plot.find("c:barChart", NS)
    for el in group.findall("c:gapWidth", NS) + group.findall("c:overlap", NS):
        group.remove(el)
    gap = _el("gapWidth", val="50")
    group.find("c:axId", NS).addprevious(gap)
    if stacked:
        gap.addnext(_el("overlap", val="100"))
    for ser, spec in zip(group.findall("c:ser", NS), series, strict=False):
        _insert(ser, _fill(spec.colour), before=("invertIfNegative", "dPt", "dLbls", "cat", "val"))
        for i, colour in enumerate(spec.point_colours):
            point = _el("dPt")
            point.extend([_el("idx", val=str(i)), _el("invertIfNegative", val="0"), _el("bubble3D", val="0"),
                          _fill(colour)])
            _insert(ser, point, before=("dLbls", "cat", "val"))
        if spec.labels:
            _insert(ser, _labels(HIDE_ZERO if stacked else number_format, inside=stacked), before=("cat", "val"))
    _finish(root, plot, legend=len(series) > 1, font=font, size_pt=size_pt, number_format=number_format)
    if whole:
        for axis in plot.findall("c:valAx", NS):
            axis.append(_el("majorUnit", val=str(max(1, -(-int(top) // 5)))))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def line_chart(categories, series, *, font: str = "Arial", size_pt: float = 11,
               number_format: str = "General") -> bytes:
    """A line chart, one line per series; a series with a dash and no marker reads as a reference line."""
    from pptx.enum.chart import XL_CHART_TYPE

    root = _chart_space(XL_CHART_TYPE.LINE_MARKERS, categories, series, number_format)
    plot = root.find("c:chart/c:plotArea", NS)
    group = plot.find("c:lineChart", NS)
    for ser, spec in zip(group.findall("c:ser", NS), series, strict=False):
        line = _el("spPr")
        ln = etree.SubElement(line, f"{{{A}}}ln", w="28575" if spec.marker else "19050", cap="rnd")
        ln.append(_solid(spec.colour))
        if spec.dash:
            etree.SubElement(ln, f"{{{A}}}prstDash", val=spec.dash)
        etree.SubElement(ln, f"{{{A}}}round")
        _insert(ser, line, before=("marker", "dPt", "dLbls", "cat", "val"))
        for old in ser.findall("c:marker", NS):
            ser.remove(old)
        marker = _el("marker")
        if spec.marker:
            marker.extend([_el("symbol", val="circle"), _el("size", val="7")])
            marker_pr = _el("spPr")
            marker_pr.append(_solid(spec.colour))
            marker.append(marker_pr)
        else:
            marker.append(_el("symbol", val="none"))
        _insert(ser, marker, before=("dPt", "dLbls", "cat", "val"))
        if spec.labels:
            _insert(ser, _labels(number_format, position="t"), before=("cat", "val"))
        smooth = ser.find("c:smooth", NS)
        if smooth is not None:
            smooth.set("val", "0")
    _finish(root, plot, legend=len(series) > 1, font=font, size_pt=size_pt, number_format=number_format)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# -- building blocks ------------------------------------------------------------------------------------------------

def _chart_space(kind, categories, series, number_format: str):
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xmlwriter import ChartXmlWriter

    data = CategoryChartData(number_format=number_format)
    data.categories = [str(c) for c in categories]
    for s in series:
        data.add_series(s.name, list(s.values))
    return etree.fromstring(ChartXmlWriter(kind, data).xml.encode("utf-8"))


def _el(tag: str, **attrs):
    return etree.Element(f"{{{C}}}{tag}", {k: v for k, v in attrs.items()})


def _solid(colour: str):
    fill = etree.Element(f"{{{A}}}solidFill")
    etree.SubElement(fill, f"{{{A}}}srgbClr", val=colour)
    return fill


def _fill(colour: str):
    pr = _el("spPr")
    pr.append(_solid(colour))
    return pr


def _insert(parent, child, before) -> None:
    """Insert child before the first of the named children (schema order), else at the end."""
    for name in before:
        found = parent.find(f"c:{name}", NS)
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def _labels(number_format: str, inside: bool = False, position: str = ""):
    labels = _el("dLbls")
    labels.append(_el("numFmt", formatCode=number_format, sourceLinked="0"))
    pr = _el("spPr")
    etree.SubElement(pr, f"{{{A}}}noFill")
    etree.SubElement(etree.SubElement(pr, f"{{{A}}}ln"), f"{{{A}}}noFill")
    labels.append(pr)
    if inside:
        # white on the darker status colours of a stacked bar, bold so it reads
        labels.append(_text_properties(None, None, colour="FFFFFF", bold=True))
        labels.append(_el("dLblPos", val="ctr"))
    elif position:
        labels.append(_el("dLblPos", val=position))
    for name, val in (("showLegendKey", "0"), ("showVal", "1"), ("showCatName", "0"), ("showSerName", "0"),
                      ("showPercent", "0"), ("showBubbleSize", "0")):
        labels.append(_el(name, val=val))
    return labels


def _text_properties(font: str | None, size_pt: float | None, colour: str = "1F1F1F", bold: bool = False):
    tx = _el("txPr")
    etree.SubElement(tx, f"{{{A}}}bodyPr")
    etree.SubElement(tx, f"{{{A}}}lstStyle")
    p = etree.SubElement(tx, f"{{{A}}}p")
    ppr = etree.SubElement(p, f"{{{A}}}pPr")
    attrs = {}
    if size_pt:
        attrs["sz"] = str(int(size_pt * 100))
    if bold:
        attrs["b"] = "1"
    rpr = etree.SubElement(ppr, f"{{{A}}}defRPr", attrs)
    rpr.append(_solid(colour))
    if font:
        for tag in ("latin", "ea", "cs"):
            etree.SubElement(rpr, f"{{{A}}}{tag}", typeface=font)
    etree.SubElement(p, f"{{{A}}}endParaRPr", lang="en-GB")
    return tx


def _finish(root, plot, legend: bool, font: str, size_pt: float, number_format: str) -> None:
    """Language, no title (the caption is the title), legend, axes, the document's font, no border."""
    date1904 = root.find("c:date1904", NS)
    date1904.addnext(_el("roundedCorners", val="0"))
    date1904.addnext(_el("lang", val="en-GB"))
    chart = root.find("c:chart", NS)
    chart.find("c:autoTitleDeleted", NS).set("val", "1")
    for old in chart.findall("c:legend", NS) + chart.findall("c:plotVisOnly", NS):
        chart.remove(old)
    after = plot
    if legend:
        box = _el("legend")
        box.extend([_el("legendPos", val="b"), _el("overlay", val="0")])
        plot.addnext(box)
        after = box
    after.addnext(_el("plotVisOnly", val="1"))
    for axis in plot.findall("c:valAx", NS):
        for old in axis.findall("c:numFmt", NS):
            axis.remove(old)
        _insert(axis, _el("numFmt", formatCode=number_format if number_format != HIDE_ZERO else "0",
                          sourceLinked="0"), before=("majorTickMark",))
        grid = axis.find("c:majorGridlines", NS)
        if grid is not None and not len(grid):
            line = _el("spPr")
            ln = etree.SubElement(line, f"{{{A}}}ln", w="6350")
            ln.append(_solid("D9D9D9"))
            grid.append(line)
    for old in root.findall("c:txPr", NS) + root.findall("c:spPr", NS):
        root.remove(old)
    frame = _el("spPr")
    etree.SubElement(frame, f"{{{A}}}noFill")
    etree.SubElement(etree.SubElement(frame, f"{{{A}}}ln"), f"{{{A}}}noFill")
    chart.addnext(frame)
    frame.addnext(_text_properties(font, size_pt))
