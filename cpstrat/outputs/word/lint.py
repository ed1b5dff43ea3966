"""Accessibility checks on any .docx (`cpstrat lint-docx`).

Reads the package's XML directly (document, styles, theme, font table,
headers, footers), resolving each run's font, size and colour the way Word
does: direct formatting, then character style, then paragraph style (each
with its basedOn chain), then document defaults. The checks and their
wording live in docx_checks.yaml; every failure is a CP046 diagnostic.
"""

from __future__ import annotations

import re
import zipfile
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from cpstrat.format.diagnostics import Diagnostic, make
from cpstrat.util.archive import Budget, PackageProblem, external_content, is_xml, open_package, parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}
MIN_CONTRAST = 4.5
MIN_HALF_POINTS = 22  # 11 pt
WORD_DEFAULT_HALF_POINTS = 20  # what Word uses when nothing sets a size
# Serif faces common in Word documents, for fonts whose font-table entry gives no family.
SERIF = {"times new roman", "times", "cambria", "georgia", "garamond", "book antiqua", "palatino linotype",
         "palatino", "constantia", "bookman old style", "century", "century schoolbook", "baskerville",
         "liberation serif", "dejavu serif", "noto serif", "minion pro", "caslon", "sabon"}
_FALSEY = {"0", "false", "off"}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


@cache
def checks() -> dict:
    import yaml

    text = resources.files("cpstrat.outputs.word").joinpath("docx_checks.yaml").read_text("utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def lint(path: Path | str, language: str = "en-GB") -> list[Diagnostic]:
    """Every accessibility problem found in the .docx at path (empty when it passes)."""
    path = Path(path)
    try:
        package = Package(path)
    except (OSError, zipfile.BadZipFile, KeyError, PackageProblem) as exc:
        problem = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc).strip("'\"")
        return [make("CP047", str(path), problem=problem or type(exc).__name__)]
    return Linter(package, str(path), language).run()


class Package:
    """The parts of a .docx the checks read."""

    def __init__(self, path: Path):
        # only XML is read, so the budget is on XML alone: media are never unpacked
        with open_package(path, Budget(max_total=1 << 62)) as z:
            # every XML part, so that a DOCTYPE anywhere (which Word refuses) is found
            parts = {i.filename: parse_xml(z.read(i), i.filename) for i in z.infolist() if is_xml(i.filename)}
        if "word/document.xml" not in parts:
            raise KeyError("there is no word/document.xml")
        self.document = parts["word/document.xml"]
        self.styles = parts.get("word/styles.xml")
        self.core = parts.get("docProps/core.xml")
        self.theme = next((parts[n] for n in sorted(parts) if re.fullmatch(r"word/theme/theme\d*\.xml", n)), None)
        self.fonts = parts.get("word/fontTable.xml")
        self.extra = [parts[n] for n in sorted(parts) if re.fullmatch(r"word/(header|footer)\d*\.xml", n)]
        self.outside = external_content(parts)


class Styles:
    """Style lookups with basedOn chains resolved."""

    def __init__(self, package: Package):
        # memoised per instance (a cache on the method would keep every Styles alive)
        self.outline_level = cache(self._outline_level)
        self.style_prop = cache(self._style_prop)
        self.by_id = {}
        self.default_paragraph = None
        self.default_character = None
        root = package.styles
        self.defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS) if root is not None else None
        for style in (root.findall("w:style", NS) if root is not None else []):
            sid = style.get(w("styleId"))
            self.by_id[sid] = style
            if style.get(w("default")) in ("1", "true"):
                if style.get(w("type")) == "paragraph":
                    self.default_paragraph = sid
                elif style.get(w("type")) == "character":
                    self.default_character = sid
        self.theme_fonts = {}
        if package.theme is not None:
            for kind in ("major", "minor"):
                latin = package.theme.find(f".//a:{kind}Font/a:latin", NS)
                if latin is not None:
                    self.theme_fonts[kind] = latin.get("typeface", "")
        self.families = {}
        if package.fonts is not None:
            for font in package.fonts.findall("w:font", NS):
                family = font.find("w:family", NS)
                self.families[font.get(w("name"), "").lower()] = family.get(w("val")) if family is not None else ""

    def chain(self, style_id):
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            based = style.find("w:basedOn", NS)
            style_id = based.get(w("val")) if based is not None else None

    def name(self, style_id) -> str:
        style = self.by_id.get(style_id)
        el = style.find("w:name", NS) if style is not None else None
        return el.get(w("val"), "") if el is not None else ""

    def _outline_level(self, style_id) -> int | None:
        """1-based heading level of a paragraph style, or None for body text."""
        for style in self.chain(style_id):
            match = re.fullmatch(r"heading ([1-9])", self.name(style.get(w("styleId"))).strip().lower())
            if match:
                return int(match.group(1))
            lvl = style.find("w:pPr/w:outlineLvl", NS)
            if lvl is not None:
                value = _int(lvl.get(w("val")), 9)
                return value + 1 if value < 9 else None
        return None

    def _style_prop(self, style_id, prop: str):
        for style in self.chain(style_id):
            value = run_prop(style.find("w:rPr", NS), prop, self)
            if value is not None:
                return value
        return None

    def default_prop(self, prop: str):
        return run_prop(self.defaults, prop, self)


def run_prop(rpr, prop: str, styles: Styles):
    """One property (size in half-points, font name, colour hex) set directly in an rPr, or None."""
    if rpr is None:
        return None
    if prop == "size":
        el = rpr.find("w:sz", NS)
        return _int(el.get(w("val")), None) if el is not None else None
    if prop == "colour":
        el = rpr.find("w:color", NS)
        return el.get(w("val")) if el is not None and el.get(w("val")) else None
    if prop == "font":
        el = rpr.find("w:rFonts", NS)
        if el is None:
            return None
        if el.get(w("ascii")):
            return el.get(w("ascii"))
        theme = el.get(w("asciiTheme")) or el.get(w("hAnsiTheme"))
        if theme:
            return styles.theme_fonts.get("major" if theme.startswith("major") else "minor") or None
        return el.get(w("hAnsi"))
    raise ValueError(prop)


def luminance(hex_colour: str) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i: i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _hex(value) -> str | None:
    if not value or value.lower() == "auto" or not re.fullmatch(r"[0-9A-Fa-f]{6}", value):
        return None
    return value.upper()


HIGHLIGHT = {"yellow": "FFFF00", "green": "00FF00", "cyan": "00FFFF", "magenta": "FF00FF", "blue": "0000FF",
             "red": "FF0000", "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
             "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000", "darkGray": "808080",
             "lightGray": "C0C0C0", "black": "000000", "white": "FFFFFF"}


class Linter:
    def __init__(self, package: Package, file: str, language: str):
        self.package = package
        self.file = file
        self.language = language
        self.styles = Styles(package)
        self.out: list[Diagnostic] = []

    def report(self, check: str, where: str, **params) -> None:
        spec = checks()[check]
        self.out.append(make("CP046", self.file, where=where, what=spec["what"].format(**params),
                             fix=spec["fix"].format(**params)))

    def run(self) -> list[Diagnostic]:
        self.properties()
        self.headings()
        self.tables()
        self.pictures()
        self.text()
        for part, what in self.package.outside:
            self.report("outside", f"part {part}", what=what)
        return self.out

    def properties(self) -> None:
        core = self.package.core
        title = core.find("dc:title", NS) if core is not None else None
        if title is None or not (title.text or "").strip():
            self.report("title", "document properties")
        found = []
        if core is not None:
            lang = core.find("dc:language", NS)
            if lang is not None and (lang.text or "").strip():
                found.append(lang.text.strip())
        defaults = self.styles.defaults
        lang = defaults.find("w:lang", NS) if defaults is not None else None
        if lang is not None and lang.get(w("val")):
            found.append(lang.get(w("val")))
        if not found or any(f.lower() != self.language.lower() for f in found):
            self.report("language", "document properties", language=self.language,
                        found=" and ".join(dict.fromkeys(found)) or "not set")

    def paragraphs(self):
        return self.package.document.iter(w("p"))

    def headings(self) -> None:
        previous, count, total = 0, 0, 0
        for i, p in enumerate(self.paragraphs(), 1):
            total += 1
            level = self.level(p)
            if level is None:
                continue
            count += 1
            text = "".join(t.text or "" for t in p.iter(w("t"))).strip()
            where = f"paragraph {i}"
            if not text:
                self.report("heading-empty", where, level=level)
                continue
            if level > previous + 1:
                self.report("heading-skip", where, text=text[:60], level=level, previous=previous,
                            expected=previous + 1)
            previous = level
        if not count and total > 5:
            self.report("no-headings", "document")

    def level(self, p) -> int | None:
        ppr = p.find("w:pPr", NS)
        if ppr is not None:
            lvl = ppr.find("w:outlineLvl", NS)
            if lvl is not None:
                value = _int(lvl.get(w("val")), 9)
                return value + 1 if value < 9 else None
            style = ppr.find("w:pStyle", NS)
            if style is not None:
                return self.styles.outline_level(style.get(w("val")))
        return self.styles.outline_level(self.styles.default_paragraph)

    def tables(self) -> None:
        for i, tbl in enumerate(self.package.document.iter(w("tbl")), 1):
            where = f"table {i}"
            first = tbl.find("w:tr", NS)
            header = first.find("w:trPr/w:tblHeader", NS) if first is not None else None
            if header is None or header.get(w("val"), "1").lower() in _FALSEY:
                self.report("table-header", where)
            merged = 0
            for tc in tbl.iter(w("tc")):
                pr = tc.find("w:tcPr", NS)
                if pr is None:
                    continue
                span = pr.find("w:gridSpan", NS)
                if (span is not None and _int(span.get(w("val")), 1) > 1) or pr.find("w:vMerge", NS) is not None \
                        or pr.find("w:hMerge", NS) is not None:
                    merged += 1
            if merged:
                self.report("merged-cells", where, cells=merged)

    def pictures(self) -> None:
        for part_no, root in enumerate([self.package.document, *self.package.extra]):
            part = "the document body" if part_no == 0 else "a header or footer"
            for doc_pr in root.iter(f"{{{NS['wp']}}}docPr"):
                if (doc_pr.get("descr") or "").strip() or _decorative(doc_pr):
                    continue
                self.report("alt-text", part, name=doc_pr.get("name") or f"id {doc_pr.get('id')}")
            for shape in root.iter(f"{{{NS['v']}}}shape"):
                if shape.find("v:imagedata", NS) is not None and not (shape.get("alt") or "").strip():
                    self.report("alt-text", part, name=shape.get("id") or "a VML picture")

    def text(self) -> None:
        small: dict = {}
        serif: dict = {}
        poor: dict = {}
        resolved: dict = {}
        for i, p in enumerate(self.paragraphs(), 1):
            ppr = p.find("w:pPr", NS)
            pstyle_el = ppr.find("w:pStyle", NS) if ppr is not None else None
            pstyle = pstyle_el.get(w("val")) if pstyle_el is not None else self.styles.default_paragraph
            background = self.background(p, ppr)
            for r in p.iter(w("r")):
                text = "".join(t.text or "" for t in r.iter(w("t")))
                if not text.strip():
                    continue
                rpr = r.find("w:rPr", NS)
                key = (pstyle, etree.tostring(rpr) if rpr is not None else b"")
                if key not in resolved:
                    resolved[key] = self.effective(rpr, pstyle)
                size, font, colour = resolved[key]
                where = f"paragraph {i}"
                if size < MIN_HALF_POINTS:
                    _tally(small, "all", where, text, size)
                if font and self.is_serif(font):
                    _tally(serif, font, where, text)
                bg = self.run_background(rpr) or background
                fg = colour or "000000"
                if contrast(fg, bg) < MIN_CONTRAST:
                    _tally(poor, (fg, bg), where, text)
        for _, (count, where, text, size) in small.items():
            self.report("font-size", where, count=count, size=size / 2, text=text[:40])
        for font, (count, where, text, _) in serif.items():
            self.report("font-serif", where, count=count, font=font, text=text[:40])
        for (fg, bg), (count, where, text, _) in poor.items():
            self.report("contrast", where, colour=fg, background=bg, ratio=f"{contrast(fg, bg):.1f}",
                        count=count, text=text[:40])

    def effective(self, rpr, pstyle):
        styles = self.styles
        rstyle_el = rpr.find("w:rStyle", NS) if rpr is not None else None
        rstyle = rstyle_el.get(w("val")) if rstyle_el is not None else None
        out = []
        for prop in ("size", "font", "colour"):
            value = run_prop(rpr, prop, styles)
            if value is None and rstyle:
                value = styles.style_prop(rstyle, prop)
            if value is None and pstyle:
                value = styles.style_prop(pstyle, prop)
            if value is None:
                value = styles.default_prop(prop)
            if prop == "size" and value is None:
                value = WORD_DEFAULT_HALF_POINTS
            if prop == "font" and value is None:
                value = styles.theme_fonts.get("minor")
            if prop == "colour":
                value = _hex(value)
            out.append(value)
        return tuple(out)

    def background(self, p, ppr) -> str:
        shd = ppr.find("w:shd", NS) if ppr is not None else None
        fill = _hex(shd.get(w("fill"))) if shd is not None else None
        if fill:
            return fill
        for ancestor in p.iterancestors(w("tc")):
            shd = ancestor.find("w:tcPr/w:shd", NS)
            fill = _hex(shd.get(w("fill"))) if shd is not None else None
            if fill:
                return fill
            break
        return "FFFFFF"

    def run_background(self, rpr) -> str | None:
        if rpr is None:
            return None
        high = rpr.find("w:highlight", NS)
        if high is not None and high.get(w("val")) in HIGHLIGHT:
            return HIGHLIGHT[high.get(w("val"))]
        shd = rpr.find("w:shd", NS)
        return _hex(shd.get(w("fill"))) if shd is not None else None

    def is_serif(self, font: str) -> bool:
        family = self.styles.families.get(font.lower())
        if family in ("roman", "swiss", "modern"):
            return family == "roman"
        return font.lower() in SERIF  # "auto" or no entry: the font table does not say


def _tally(bucket: dict, key, where: str, text: str, size: int = 0) -> None:
    if key in bucket:
        count, first_where, first_text, smallest = bucket[key]
        bucket[key] = (count + 1, first_where, first_text, min(smallest, size))
    else:
        bucket[key] = (1, where, text.strip(), size)


def _int(text, default):
    """An integer attribute (Word writes some as decimals), or `default` when missing or not a finite number."""
    try:
        return int(float(text))
    except (TypeError, ValueError, OverflowError):
        return default


def _decorative(doc_pr) -> bool:
    return any(el.tag.endswith("}decorative") and el.get("val", "1").lower() not in _FALSEY
               for el in doc_pr.iter())
