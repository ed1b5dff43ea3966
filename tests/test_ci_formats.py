"""check --format github / junit / sarif: read back and checked against known problems."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, run

from cpstrat.format import schema
from cpstrat.format.diagnostics import rules
from cpstrat.outputs.text import check as report

A02_MEASURE = ["    measures:", "      - {id: A02-m1, text: Care leavers who use the free bus pass}"]


def _add_line_after(folder: Path, anchor: str, new: str) -> int:
    """Insert `new` after the first line holding `anchor`; return the new line's number.

    A02 gets a measure too, so the only problem is the one the test makes
    (the plain-language rules warn about an action with no measure).
    """
    path = folder / "strategy.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    if "A02-m1" not in "\n".join(lines):
        lines += A02_MEASURE
    at = next(i for i, ln in enumerate(lines) if anchor in ln) + 1
    lines.insert(at, new)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 1


def test_formats_offered_are_the_formats_the_registry_renders():
    """--format offers exactly the check formats the registry has renderers for, and each writes text."""
    from cpstrat.outputs.registry import formats, renderer

    result = run("check", "--format", "xml", str(ROOT / "strategies"))
    assert result.returncode == 2
    for fmt in ("text", "json", "github", "junit", "sarif"):
        assert fmt in result.stderr
    assert formats("check") == ("text", "json", "github", "junit", "sarif")
    assert all(isinstance(renderer("check", fmt)([]), str) for fmt in formats("check"))


# -- github ---------------------------------------------------------------------

def test_github_annotation_points_at_the_problem(small):
    line = _add_line_after(small, "partners: [Health, Police]", "    colour: red")
    r = run("check", "--format", "github", small, cwd=small.parent)
    assert r.returncode == 1
    annotations = [ln for ln in r.stdout.splitlines() if ln.startswith("::")]
    assert annotations == [
        f"::error file=small/strategy.yaml,line={line},col=5,title=CP022::"
        "unknown key 'colour' in action 'A01'%0Ahint: keys allowed here: " + ", ".join(schema.OBJECTS["Action"])
    ]
    assert "small: FAILED (1 error, 0 warnings)" in r.stdout


def test_github_escapes_data_and_properties(tmp_path, small):
    odd = tmp_path / "a,b:c%d"
    small.rename(odd)
    _add_line_after(odd, "vision:", '"50%, a:b\\nc": 1')
    r = run("check", "-f", "github", odd, cwd=tmp_path)
    ann = [ln for ln in r.stdout.splitlines() if ln.startswith("::error")]
    assert len(ann) == 1
    props, _, message = ann[0][len("::error "):].partition("::")
    # properties: % , : and newlines escaped; the separators between properties stay
    assert props.startswith("file=a%2Cb%3Ac%25d/strategy.yaml,line=6,col=1,title=CP022")
    # message: % and the newline in the key escaped, ':' and ',' kept
    assert message.startswith("unknown key '50%25, a:b%0Ac' in the strategy%0Ahint: ")
    assert "\n" not in ann[0] and "\r" not in ann[0]


def test_github_escape_functions():
    assert report._gh_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert report._gh_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"


def test_github_whole_file_problem_has_no_line(tmp_path):
    (tmp_path / "empty.yaml").write_text("# nothing here\n", encoding="utf-8")
    r = run("check", "-f", "github", "empty.yaml", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stdout.splitlines()[0] == (
        "::error file=empty.yaml,title=CP004::the file is empty%0Ahint: start from `cpstrat init DIR`, "
        "which writes a skeleton strategy")


def test_github_strict_annotates_warnings_as_errors(small):
    _add_line_after(small, "text: Workers listening to our views", "      - id: cicc-food\n        text: Better food")
    loose = run("check", "-f", "github", small, cwd=small.parent)
    strict = run("check", "-f", "github", "--strict", small, cwd=small.parent)
    assert loose.returncode == 0 and strict.returncode == 1
    assert any(ln.startswith("::warning ") and "title=CP042" in ln for ln in loose.stdout.splitlines())
    assert any(ln.startswith("::error ") and "title=CP042" in ln for ln in strict.stdout.splitlines())


# -- junit ----------------------------------------------------------------------

def test_junit_one_case_per_file_with_failures(small, tmp_path):
    line = _add_line_after(small, "partners: [Health, Police]", "    colour: red")
    other = tmp_path / "nothing-here"
    r = run("check", "--format", "junit", small, ROOT / "strategies" / "wolverhampton-2015", other,
            cwd=small.parent)
    assert r.returncode == 2
    root = ET.fromstring(r.stdout)
    assert root.tag == "testsuites"
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "1", "1")
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(small), str(ROOT / "strategies" / "wolverhampton-2015"), str(other)]
    cases = suites[0].findall("testcase")
    assert [c.get("name") for c in cases] == ["small/strategy.yaml", "small/progress/2023-03-31.yaml"]
    failure = cases[0].find("failure")
    assert failure.get("type") == "CP022"
    assert f"small/strategy.yaml:{line}:5: error CP022 unknown key 'colour'" in failure.text
    assert cases[1].find("failure") is None and cases[1].find("error") is None
    assert len(suites[1].findall("testcase")) == 2
    assert suites[1].find("testcase/failure") is None
    unreadable = suites[2].find("testcase/error")
    assert unreadable.get("type") == "CP001"


def test_junit_survives_control_characters_in_messages(tmp_path, small):
    _add_line_after(small, "vision:", '"bad\\u0001key": 1')
    r = run("check", "-f", "junit", small, cwd=tmp_path)
    root = ET.fromstring(r.stdout)  # would raise on a raw control character
    assert "bad\ufffdkey" in root.find(".//failure").text


def test_junit_warnings_go_to_system_out_unless_strict(small):
    _add_line_after(small, "text: Workers listening to our views", "      - id: cicc-food\n        text: Better food")
    loose = ET.fromstring(run("check", "-f", "junit", small).stdout)
    assert loose.find(".//failure") is None
    assert "CP042" in loose.find(".//system-out").text
    strict = ET.fromstring(run("check", "-f", "junit", "--strict", small).stdout)
    assert strict.find(".//failure").get("type") == "CP042"


# -- sarif ----------------------------------------------------------------------

def _sarif_schema() -> dict:
    return json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-subset.schema.json").read_text("utf-8"))


def test_sarif_is_valid_and_locates_results(small):
    jsonschema = pytest.importorskip("jsonschema")
    line = _add_line_after(small, "partners: [Health, Police]", "    colour: red")
    r = run("check", "--format", "sarif", small, cwd=small.parent)
    assert r.returncode == 1
    log = json.loads(r.stdout)
    jsonschema.Draft7Validator(_sarif_schema(), format_checker=jsonschema.FormatChecker()).validate(log)
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == list(rules())
    (result,) = run_["results"]
    assert result["ruleId"] == "CP022"
    assert driver["rules"][result["ruleIndex"]]["id"] == "CP022"
    assert result["level"] == "error"
    loc = result["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "small/strategy.yaml", "uriBaseId": "%SRCROOT%"}
    assert loc["region"] == {"startLine": line, "startColumn": 5}
    assert result["message"]["text"].startswith("unknown key 'colour' in action 'A01'")


def test_sarif_rules_carry_no_template_placeholders():
    log = json.loads(report.sarif([]))
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        for key in ("fullDescription", "help"):
            assert not re.search(r"\{[a-z_]+\}", rule[key]["text"]), rule["id"]
    cp045 = next(r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "CP045")
    assert "implications: {…: ...}" in cp045["help"]["text"]


def test_sarif_whole_file_problem_and_odd_paths(tmp_path):
    jsonschema = pytest.importorskip("jsonschema")
    folder = tmp_path / "with space"
    folder.mkdir()
    (folder / "strategy.yaml").write_bytes(b"council: \xe9\n")
    r = run("check", "-f", "sarif", "with space", str(tmp_path / "gone.yaml"), cwd=tmp_path)
    assert r.returncode == 2
    log = json.loads(r.stdout)
    jsonschema.Draft7Validator(_sarif_schema(), format_checker=jsonschema.FormatChecker()).validate(log)
    first, second = log["runs"][0]["results"]
    assert first["ruleId"] == "CP002"
    assert first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "with%20space/strategy.yaml"
    assert first["locations"][0]["physicalLocation"]["region"] == {"startLine": 1, "startColumn": 10}
    assert second["ruleId"] == "CP001"
    gone = second["locations"][0]["physicalLocation"]
    assert gone["artifactLocation"]["uri"].startswith("file:///") and "region" not in gone


# -- options spelled every way Typer accepts them ------------------------------

@pytest.mark.parametrize("args", [
    ["check", "-f", "json", "{s}"],
    ["check", "--format=github", "--strict", "{s}"],
    ["check", "-fjunit", "{s}", "{s}/progress/2023-03-31.yaml"],
    ["check", "--", "{s}"],
])
def test_check_options_in_every_spelling(small, args):
    strategy = small / "strategy.yaml"
    strategy.write_text(strategy.read_text(encoding="utf-8") + "\n".join(A02_MEASURE) + "\n", encoding="utf-8")
    result = run(*[a.format(s=small) for a in args])
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_check_usage_errors_exit_2(small):
    bad = run("check", "-f", "xml", small)
    assert bad.returncode == 2 and "'xml' is not one of" in bad.stderr
    assert run("check").returncode == 2
