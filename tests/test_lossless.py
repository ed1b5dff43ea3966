"""Nothing a council writes is lost: every published text field reaches every output.

The strategy and progress files here are GENERATED from the JSON Schema
(`cpstrat schema`, `cpstrat schema --progress`): every property not marked
`"x-internal": true` is filled with a token of its own (list items and nested
objects included), the files are built, and each token is looked for in each
output. A key added to the format later is picked up without touching this file,
so it can never be read and then not shown.

Which outputs must show a field:
  strategy fields -> the action plan (docx, md, html)
  progress fields -> the progress report (docx, md, html)
  fields whose "x-audience" names "young-people" -> the young people's version (docx, md, html);
  a field whose "x-audience" leaves out "board" is not looked for in the plan or report
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from typer.testing import CliRunner

from cpstrat.cli import app
from cpstrat.format import frameworks
from cpstrat.format.schema import json_schema

PERIOD = {"start": "2025-04-01", "end": "2028-03-31"}
AS_AT = "2026-06-30"
LIST_ITEMS = 2  # two of everything: a renderer that shows only the first item is caught


class Ref:
    """A reference to fill in once every id is known."""

    def __init__(self, kind: str, owner: str, index: int, many: bool):
        self.kind, self.owner, self.index, self.many = kind, owner, index, many


class Filler:
    """Walks a JSON Schema and builds an instance with a distinct token in every published text field."""

    def __init__(self, schema: dict, root: str, tokens: dict, ids: dict):
        self.defs = schema.get("$defs", {})
        self.root = root
        self.tokens = tokens  # token -> (root, path, audience)
        self.ids = ids  # def name (lower) -> ids declared
        self.refs: list[tuple[dict | list, object, Ref]] = []
        self.acronyms: dict[str, str] = {}

    def token(self, path: str, audience: tuple) -> str:
        token = f"zq{len(self.tokens):04d}x"
        self.tokens[token] = (self.root, path, audience)
        # a link's address must be a web address (CP210); the token inside it is what is looked for
        return f"https://example.gov.uk/{token}" if path.endswith(".url") else token

    def resolve(self, node: dict) -> tuple[dict, str]:
        name = ""
        while "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            node = self.defs[name]
        return node, name

    def leaves(self, node: dict, seen=()) -> int:
        """How many text fields an option holds (to pick the richest of oneOf/anyOf)."""
        node, name = self.resolve(node)
        if name in seen:
            return 0
        seen = (*seen, name)
        if "oneOf" in node or "anyOf" in node:
            return max(self.leaves(o, seen) for o in node.get("oneOf", node.get("anyOf")))
        if node.get("type") == "array":
            return 2 * self.leaves(node["items"], seen)
        if node.get("type") == "object":
            props = node.get("properties", {})
            extra = node.get("additionalProperties")
            return sum(self.leaves(p, seen) for p in props.values()) + (
                self.leaves(extra, seen) if isinstance(extra, dict) else 0)
        return 1 if _free_text(node) else 0

    def value(self, node: dict, path: str, audience: tuple = ("board",), owner: str = "", index: int = 0):
        audience = tuple(node.get("x-audience", audience))
        node, name = self.resolve(node)
        owner = name.lower() or owner
        options = node.get("oneOf") or node.get("anyOf")
        if options:
            best = max(options, key=self.leaves)
            return self.value(best, path, audience, owner, index)
        if "const" in node:
            return node["const"]
        if "enum" in node:
            return node["enum"][0]
        kind = node.get("type")
        if kind == "object":
            return self.object(node, path, audience, owner, index)
        if kind == "array":
            item = node["items"]
            if "x-ref" in item:
                return Ref(item["x-ref"], owner, index, many=True)
            return [self.value(item, f"{path}[{i}]", audience, owner, i) for i in range(LIST_ITEMS)]
        if kind == "string":
            if "x-ref" in node:
                return Ref(node["x-ref"], owner, index, many=False)
            if node.get("format") == "date":
                return dt.date(2027, 3, 31) if path.endswith("end") else dt.date.fromisoformat(AS_AT)
            if "pattern" in node:  # an object's own id
                new = f"{owner or 'x'}-{len(self.ids.setdefault(owner, [])) + 1}"
                self.ids[owner].append(new)
                return new
            if path.endswith((".url", ".website")):  # a link is a web address (CP210), the token its path
                return f"https://example.org/{self.token(path, audience)}"
            return self.token(path, audience)
        if kind == "integer":
            return 3
        if kind == "number":
            return 7.5
        if kind == "boolean":
            return True
        raise AssertionError(f"{path}: the test cannot fill a schema node {node}")

    def object(self, node: dict, path: str, audience: tuple, owner: str, index: int) -> dict:
        out: dict = {}
        props = node.get("properties", {})
        # own id first, so references to it can be filled
        for key in sorted(props, key=lambda k: k != "id"):
            spec = props[key]
            if spec.get("x-internal") and key not in node.get("required", []):
                continue
            if key == "period":
                out[key] = {k: dt.date.fromisoformat(v) for k, v in PERIOD.items()}
                continue
            value = self.value(spec, f"{path}.{key}" if path else key, audience, owner, index)
            out[key] = value
            if isinstance(value, Ref):
                self.refs.append((out, key, value))
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and not props:
            target, _ = self.resolve(extra)
            if path.endswith("commentary"):  # text by indicator id: the ids the strategy declares
                for iid in self.ids.get("indicator", [])[:LIST_ITEMS]:
                    out[iid] = self.token(f"{path}[{iid}]", audience)
            elif _free_text(target):
                # a map of words to text, e.g. a glossary: keys are acronyms the text then uses
                for _ in range(LIST_ITEMS):
                    acronym = "QZ" + "ABCDEFGH"[len(self.acronyms)]
                    out[acronym] = self.acronyms[acronym] = self.token(f"{path}[{acronym}]", audience)
        return out

    def fill_refs(self, principles: list[str]) -> None:
        for holder, key, ref in self.refs:
            ids = list(principles) if ref.kind == "principle" else []
            for name, declared in self.ids.items():
                if name == ref.kind or name.endswith(ref.kind):
                    ids += declared
            if ref.kind == ref.owner:  # an action depending on actions: only earlier ones, no cycles
                ids = ids[: ref.index]
            if ref.many:
                if ids:
                    holder[key] = ids
                else:
                    del holder[key]
            else:
                if not ids and ref.kind == ref.owner:  # the first board can report to no earlier one
                    del holder[key]
                    continue
                assert ids, f"nothing declared for a reference to {ref.kind}"
                holder[key] = ids[ref.index % len(ids)]


def _free_text(node: dict) -> bool:
    return (node.get("type") == "string" and not {"enum", "const", "pattern", "format", "x-ref"} & set(node))


def generated() -> tuple[dict, dict, dict]:
    """(strategy, progress, tokens): files with a distinct token in every published text field."""
    tokens: dict = {}
    ids: dict = {}
    strategy_filler = Filler(json_schema("strategy"), "strategy", tokens, ids)
    strategy = strategy_filler.value(json_schema("strategy"), "")
    strategy["framework"] = frameworks.DEFAULT
    principles = frameworks.get(frameworks.DEFAULT).ids()
    strategy_filler.fill_refs(principles)
    if strategy_filler.acronyms:  # glossary entries are printed where the text uses them
        strategy["title"] += " " + " ".join(strategy_filler.acronyms)
    progress_filler = Filler(json_schema("progress"), "progress", tokens, ids)
    progress = progress_filler.value(json_schema("progress"), "")
    progress_filler.fill_refs(principles)
    # a milestone update names a milestone of the action it updates
    own = {a["id"]: [m["id"] for m in a.get("milestones", [])] for a in strategy["actions"]}
    for update in progress.get("updates", []):
        for i, milestone in enumerate(update.get("milestones", [])):
            milestone["id"] = own[update["action"]][i % len(own[update["action"]])]
    return strategy, progress, tokens


# -- reading outputs back as text ----------------------------------------------------------

class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0

    BLOCKS = {"p", "td", "th", "li", "tr", "div", "br", "dt", "dd", "caption", "h1", "h2", "h3", "h4", "h5", "h6",
              "ul", "ol", "table", "header", "nav", "main", "footer", "blockquote", "title"}

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script")
        if tag in self.BLOCKS:
            self.out.append(" ")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script")
        if tag in self.BLOCKS:
            self.out.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text("utf-8"))
    return "".join(parser.out)


def md_text(path: Path) -> str:
    return re.sub(r"\\(.)", r"\1", path.read_text("utf-8"))


def docx_text(path: Path) -> str:
    """Every paragraph of the body (tables included), headers and footers."""
    document = docx.Document(str(path))
    parts = [document.element.body]
    for section in document.sections:
        for hf in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            if not hf.is_linked_to_previous:
                parts.append(hf.part.element)
    lines = []
    for part in parts:
        for p in part.iter(qn("w:p")):
            lines.append("".join(t.text or "" for t in p.iter(qn("w:t"))))
    return "\n".join(lines)


READ = {".docx": docx_text, ".md": md_text, ".html": html_text}


# -- building -------------------------------------------------------------------------------

def write(folder: Path, strategy: dict, progress: dict) -> Path:
    (folder / "progress").mkdir(parents=True)
    (folder / "strategy.yaml").write_text(yaml.safe_dump(strategy, sort_keys=False, allow_unicode=True), "utf-8")
    (folder / "progress" / f"{AS_AT}.yaml").write_text(
        yaml.safe_dump(progress, sort_keys=False, allow_unicode=True), "utf-8")
    return folder


def cli(*args) -> str:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, (args, result.output)
    return result.output


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    strategy, progress, tokens = generated()
    folder = write(tmp_path_factory.mktemp("lossless") / "lossy", strategy, progress)
    out = folder.parent / "out"
    cli("check", folder)
    cli("build", folder, "-o", out, "--format", "docx,md,html")
    cli("build", folder, "-o", out / "young", "--format", "docx,md,html", "--audience", "young-people")
    return tokens, out


OUTPUTS = {
    "plan": ("lossy-action-plan", "strategy"),
    "report": (f"lossy-progress-report-{AS_AT}", "progress"),
    "young people's version": ("young/lossy-young-people", "young"),
}

# Losses a renderer still has, by output: each entry is a field path. The test fails when one of
# these is found after all (take it off the list) as well as when a field not listed is lost. Empty: none.
KNOWN_LOSSES: dict[tuple[str, str], set[str]] = {}


@pytest.mark.parametrize("fmt", [".docx", ".md", ".html"])
@pytest.mark.parametrize("output", list(OUTPUTS))
def test_every_published_field_is_in_every_output(built, output, fmt):
    tokens, out = built
    stem, which = OUTPUTS[output]
    path = out / f"{stem}{fmt}"
    assert path.exists(), f"{output} as {fmt} was not written ({path.name})"
    text = READ[fmt](path).lower()
    wanted = {token: where for token, (root, where, audience) in tokens.items()
              if ("young-people" in audience if which == "young" else root == which and "board" in audience)}
    assert wanted, "the schema gave no published text field for this output"
    lost = sorted(where for token, where in wanted.items() if token not in text)
    known = KNOWN_LOSSES.get((output, fmt), set())
    assert not set(lost) - known, f"{output} {fmt} drops: {sorted(set(lost) - known)}"
    assert not known - set(lost), f"{output} {fmt} now shows {sorted(known - set(lost))}: take them off KNOWN_LOSSES"


def test_the_generated_files_are_valid_against_the_schema():
    """The generator follows the schema; if this fails, the test above tests nothing real."""
    import jsonschema

    strategy, progress, tokens = generated()
    for root, data in (("strategy", strategy), ("progress", progress)):
        plain = yaml.safe_load(yaml.safe_dump(data, default_style=None).replace("'", "'"))
        as_text = _dates_as_text(plain)
        jsonschema.Draft202012Validator(json_schema(root)).validate(as_text)
    assert len(tokens) == len(set(tokens))
    assert any("young-people" in audience for _, _, audience in tokens.values())


def _dates_as_text(value):
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def test_internal_fields_are_documented():
    """Every property the schema keeps out of the documents is listed, with its reason, in the format docs."""
    docs = (Path(__file__).resolve().parent.parent / "docs" / "strategy-format.md").read_text("utf-8")
    for root in ("strategy", "progress"):
        schema = json_schema(root)
        for name, node in [(root, schema), *schema.get("$defs", {}).items()]:
            for key, spec in node.get("properties", {}).items():
                if spec.get("x-internal"):
                    assert "nternal" in spec["description"], f"{name}.{key}: say why it is internal"
                    assert re.search(rf"`{key}`[^\n]*internal", docs), \
                        f"{name}.{key} is internal: list it in docs/strategy-format.md with the reason"


# -- text keeps its shape ----------------------------------------------------------------------

SHAPED = """\
cpstrat: 1
council: Testshire County Council
title: Corporate Parenting Strategy and action plan 2025 to 2028
period: {start: 2025-04-01, end: 2028-03-31}
introduction: |
  First paragraph of the introduction.

  Second paragraph, which mentions SC&WB; and the A&E department.

  Third paragraph.

  Fourth paragraph.
priorities:
  - {id: health, title: Health and wellbeing}
actions:
  - {id: A01, title: Share good practice on emotional wellbeing, principles: [best-interests], priorities: [health]}
  - {id: A02, title: Offer free bus travel to care leavers, principles: [best-interests]}
"""
SHAPED_PROGRESS = """\
cpstrat: 1
as_at: 2026-06-30
updates:
  - {action: A02, status: on-track, summary: Bus passes ordered for every care leaver}
"""


@pytest.fixture(scope="module")
def shaped(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shaped") / "shaped"
    (folder / "progress").mkdir(parents=True)
    (folder / "strategy.yaml").write_text(SHAPED, "utf-8")
    (folder / "progress" / f"{AS_AT}.yaml").write_text(SHAPED_PROGRESS, "utf-8")
    out = folder.parent / "out"
    cli("build", folder, "-o", out, "--format", "docx,md,html")
    return out


def test_paragraphs_stay_paragraphs(shaped):
    markdown = (shaped / "shaped-action-plan.md").read_text("utf-8")
    assert "First paragraph of the introduction.\n\nSecond paragraph" in markdown
    assert "Third paragraph.\n\nFourth paragraph." in markdown
    page = (shaped / "shaped-action-plan.html").read_text("utf-8")
    assert "<p>First paragraph of the introduction.</p>" in page
    assert "<p>Fourth paragraph.</p>" in page


def test_entities_are_not_double_escaped(shaped):
    from markdown_it import MarkdownIt

    markdown = (shaped / "shaped-action-plan.md").read_text("utf-8")
    assert "&amp;" not in markdown
    rendered = MarkdownIt("commonmark").render(markdown)  # what a Markdown reader shows
    assert "SC&amp;WB;" in rendered and "A&amp;E" in rendered  # i.e. SC&WB; and A&E on the page
    assert "SC&WB;" in html_text(shaped / "shaped-action-plan.html")


@pytest.mark.parametrize("fmt", [".docx", ".md", ".html"])
def test_titles_are_not_doubled(shaped, fmt):
    text = READ[fmt](shaped / f"shaped-action-plan{fmt}")
    assert "2025 to 2028: action plan" not in text
    assert "Corporate Parenting Strategy and action plan 2025 to 2028" in text


@pytest.mark.parametrize("fmt", [".docx", ".md", ".html"])
@pytest.mark.parametrize("stem", ["shaped-action-plan", f"shaped-progress-report-{AS_AT}"])
def test_an_action_with_no_priority_has_a_group_of_its_own(shaped, stem, fmt):
    text = READ[fmt](shaped / f"{stem}{fmt}")
    by_priority = text[text.index("by local priority"):]
    assert "Actions under no local priority" in by_priority
    under_none = by_priority[by_priority.index("Actions under no local priority"):]
    assert "Offer free bus travel to care leavers" in under_none
