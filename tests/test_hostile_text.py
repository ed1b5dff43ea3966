"""Text a council wrote, quoted into Markdown or printed to a terminal, cannot create structure or control it."""

from __future__ import annotations

import pytest
from conftest import PROGRESS, SMALL
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from cpstrat.cli import app
from cpstrat.util.escape import md_inline, terminal, terminal_line

PARSER = MarkdownIt("commonmark").enable("table").enable("strikethrough")
# Texts that made structure before they were escaped (issue: Markdown block injection).
HOSTILE = ["~~~", "```", "1. x", "1) x", "+ x", "- x", "* x", "---", "***", "___", "===", "# x", "> x",
           "    indented", "\tx", "<div>x</div>", "<script>alert(1)</script>", "[a]: http://evil.example",
           "| a | b |", "a\n---", "a\n===", "x\n\n1. y", "~~gone~~", "&amp; &#65;", "back\\slash\\"]


def blocks(markdown: str) -> list[str]:
    return [t.type for t in PARSER.parse(markdown) if t.nesting >= 0 and t.type != "inline"]


def shown(markdown: str) -> str:
    """The text a reader sees, from the inline tokens (every child must be plain text)."""
    out = []
    for token in PARSER.parse(markdown):
        for child in token.children or []:
            assert child.type in ("text", "softbreak"), (child.type, markdown)
            out.append(child.content)
    return "".join(out)


def expected(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_one_plain_paragraph(text):
    escaped = md_inline(text)
    assert blocks(escaped) == ["paragraph_open"]
    assert shown(escaped) == expected(text)


# what a strategy can hold: no surrogates, no control characters but line breaks and tabs
TEXT = st.text(alphabet=st.one_of(st.characters(blacklist_categories=["Cs", "Cc"]), st.sampled_from("\n\r\t")),
               max_size=80)


@given(TEXT)
@settings(max_examples=300, deadline=None)
def test_any_text_is_plain_in_a_paragraph_a_list_item_and_a_table_cell(text):
    escaped = md_inline(text)
    if not expected(text).strip():
        return
    assert blocks(escaped) == ["paragraph_open"]
    assert shown(escaped).strip() == expected(text).strip()
    assert blocks(f"- {escaped}\n") == ["bullet_list_open", "list_item_open", "paragraph_open"]
    table = blocks(f"| A | B |\n|---|---|\n| {escaped} | x |\n")
    assert table.count("td_open") == 2 and "paragraph_open" not in table


def strategy(folder, council="Testshire County Council", title="Offer free bus travel to care leavers"):
    (folder / "progress").mkdir(parents=True)
    text = SMALL.replace("council: Testshire County Council", f"council: {council}")
    text = text.replace("title: Offer free bus travel to care leavers in education or work", f"title: {title}")
    (folder / "strategy.yaml").write_text(text, encoding="utf-8")
    (folder / "progress" / "2023-03-31.yaml").write_text(PROGRESS, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("council", "title"), [('"~~~"', '"1. x"'), ('"```"', '"+ x"'), ("Testshire", '"---"')])
def test_built_markdown_has_no_injected_blocks(tmp_path, council, title):
    folder = strategy(tmp_path / "s", council, title)
    plain = strategy(tmp_path / "plain")
    for target in (folder, plain):
        result = CliRunner().invoke(app, ["build", str(target), "-o", str(tmp_path / "out"), "--format", "md"])
        assert result.exit_code == 0, result.output
    hostile = (tmp_path / "out" / "s-action-plan.md").read_text("utf-8")
    normal = (tmp_path / "out" / "plain-action-plan.md").read_text("utf-8")
    assert "fence" not in blocks(hostile) and "hr" not in blocks(hostile)
    # the same block structure as the same strategy with harmless words
    assert blocks(hostile) == blocks(normal)


def test_diff_and_compare_markdown_escape_quoted_text(tmp_path):
    old = strategy(tmp_path / "old")
    new = strategy(tmp_path / "new", '"~~~"', '"<b>1. x</b> | y"')
    diff = CliRunner().invoke(app, ["diff", str(old / "strategy.yaml"), str(new / "strategy.yaml"), "-f", "md"])
    assert diff.exit_code == 0, diff.output
    assert "fence" not in blocks(diff.output) and "html_block" not in blocks(diff.output)
    assert "| Council | Testshire County Council | \\~\\~\\~ |" in diff.output
    assert "\\<b\\>1. x\\</b\\> \\| y |" in diff.output
    compare = CliRunner().invoke(app, ["compare", str(old), str(new), "-f", "md"])
    assert compare.exit_code == 0, compare.output
    assert "| \\~\\~\\~ 2022-2025 |" in compare.output and "fence" not in blocks(compare.output)


# -- terminal output -----------------------------------------------------------------------

def test_terminal_escapes_controls_and_keeps_text():
    assert terminal("a\x1b]0;owned\x07b\x1b[2Jc") == "a\\u001b]0;owned\\u0007b\\u001b[2Jc"
    assert terminal("bidi \u202eevil\u202c") == "bidi \\u202eevil\\u202c"
    kept = "two\nlines\tand tab, caf\u00e9 \u2014 \U0001f600"
    assert terminal(kept) == kept
    assert terminal_line("a\nb\rc\x85") == "a\\nb\\u000dc\\u0085"


ESC = "\x1b"


def test_check_shows_escape_sequences_in_unknown_keys_escaped(tmp_path):
    folder = strategy(tmp_path / "s")
    text = (folder / "strategy.yaml").read_text("utf-8")
    (folder / "strategy.yaml").write_text(text + '"\\e[2J\\e]0;owned\\a": 1\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(folder)])
    assert result.exit_code == 1
    assert ESC not in result.output and "\x07" not in result.output
    assert "\\u001b[2J\\u001b]0;owned\\u0007" in result.output


def test_diff_text_and_textconv_escape_control_characters(tmp_path):
    from cpstrat.git.textconv import convert

    old = strategy(tmp_path / "old")
    new = strategy(tmp_path / "new", title='"Bus travel \\e[8mhidden\\e[0m \\u202Eevil"')
    result = CliRunner().invoke(app, ["diff", str(old / "strategy.yaml"), str(new / "strategy.yaml")])
    assert result.exit_code == 0, result.output
    assert ESC not in result.output and "\u202e" not in result.output
    assert "Bus travel \\u001b[8mhidden\\u001b[0m \\u202eevil" in result.output
    data, problem = convert(new / "strategy.yaml")
    assert problem is None and ESC.encode() not in data
    assert "actions[A02].title: Bus travel \\u001b[8mhidden" in data.decode("utf-8")


def test_diff_json_is_json_with_non_finite_numbers(tmp_path):
    import json

    old = strategy(tmp_path / "old")
    new_folder = strategy(tmp_path / "new")
    text = (new_folder / "strategy.yaml").read_text("utf-8").replace("target: 98", "target: .inf")
    (new_folder / "strategy.yaml").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(app, ["diff", str(old / "strategy.yaml"), str(new_folder / "strategy.yaml"),
                                      "--format", "json"])
    assert result.exit_code == 0, result.output

    def refuse(word):
        raise AssertionError(f"{word} is not JSON")

    data = json.loads(result.output, parse_constant=refuse)
    assert "Infinity" in json.dumps(data)
