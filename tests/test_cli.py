"""The command line as users and CI meet it: exit codes, output formats, commands."""

from __future__ import annotations

import json
import re

import pytest
from conftest import SMALL, STRATEGIES, run

BUNDLED = sorted(p for p in STRATEGIES.iterdir() if (p / "strategy.yaml").exists())


def test_bundled_strategies_exist():
    assert {p.name for p in BUNDLED} >= {"wolverhampton-2021", "walsall-2021", "wolverhampton-2015", "wolverhampton-2010"}


@pytest.mark.parametrize("folder", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_bundled_strategy_checks_clean(folder):
    result = run("check", folder, "--format", "json")
    assert result.returncode == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert [d for d in report["diagnostics"] if d["severity"] == "error"] == []


def test_check_clean_exit_0_and_summary(small):
    result = run("check", small)
    assert result.returncode == 0
    # the one warning: A02 has no measure (CP052, tests/test_plain_language.py)
    assert result.stdout.strip().endswith("ok (0 errors, 1 warning)")
    assert result.stderr == ""


def test_check_error_text_format(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(SMALL.replace("status: on-track", "status: finished"))
    result = run("check", f)
    assert result.returncode == 1
    first, hint = result.stdout.splitlines()[:2]
    assert first == f"{f}:30:13: error CP024 invalid status 'finished'"
    assert hint.startswith("    hint: status is one of: not-started, on-track")
    assert "Traceback" not in result.stdout + result.stderr
    assert "\x1b[" not in result.stdout  # no colour when piped


def test_check_json_contract(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(SMALL.replace("priorities: [health]", "priorities: [helth]"))
    result = run("check", f, "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    (d,) = [d for d in report["diagnostics"] if d["severity"] == "error"]
    assert {k: d[k] for k in ("file", "line", "column", "severity", "code")} == {
        "file": str(f), "line": 20, "column": 18, "severity": "error", "code": "CP033"}
    assert "did you mean 'health'" in d["message"]


def test_strict_turns_warnings_into_failure(tmp_path):
    f = tmp_path / "s.yaml"
    f.write_text(SMALL.replace("    responds_to: [cicc-listen]\n", ""))
    assert run("check", f).returncode == 0
    strict = run("check", "--strict", f)
    assert strict.returncode == 1
    assert "warning CP042" in strict.stdout


def test_unreadable_input_exit_2(tmp_path):
    (tmp_path / "bin.yaml").write_bytes(b"\x00\x01\x02")
    result = run("check", tmp_path / "bin.yaml")
    assert result.returncode == 2
    assert "error CP003 the file is binary" in result.stdout
    assert run("check", tmp_path / "missing").returncode == 2


def test_usage_error_exit_2(tmp_path):
    assert run("check", "--format", "xml", "x").returncode == 2
    # no path checks the current folder: one with no strategy in it cannot be read at all
    empty = run("check", cwd=tmp_path)
    assert empty.returncode == 2
    assert "error CP005 the folder holds no strategy.yaml" in empty.stdout


def test_check_with_no_path_checks_the_strategy_folder_it_stands_in(small):
    folder = small
    clean = run("check", cwd=folder)
    assert clean.returncode == 0, clean.stdout
    assert clean.stdout.strip().endswith(".: ok (0 errors, 1 warning)")
    assert "strategy.yaml:31:9: warning CP052 action 'A02'" in clean.stdout
    (folder / "strategy.yaml").write_text(SMALL.replace("principles: [best-interests]",
                                                                     "principles: [best-interest]"))
    broken = run("check", cwd=folder)
    assert broken.returncode == 1
    # relative to where the officer stands, with line and column
    assert "strategy.yaml:15:18: error CP032 unknown principle 'best-interest'" in broken.stdout


def test_version_prints_the_package_version():
    from cpstrat import __version__

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout == f"cpstrat {__version__}\n"


def test_completion_installs_for_the_cpstrat_program(tmp_path):
    script = run("--show-completion", "bash", env={"SHELL": "/bin/bash"})
    assert script.returncode == 0
    assert "complete -o default -F _cpstrat_completion cpstrat" in script.stdout
    installed = run("--install-completion", "bash", env={"HOME": str(tmp_path), "SHELL": "/bin/bash"})
    assert installed.returncode == 0, installed.stderr
    assert "_CPSTRAT_COMPLETE" in (tmp_path / ".bash_completions" / "cpstrat.sh").read_text()
    assert ".bash_completions/cpstrat.sh" in (tmp_path / ".bashrc").read_text()
    # what the installed script asks of the program: the commands that start with what was typed
    completed = run(env={"_CPSTRAT_COMPLETE": "complete_bash", "COMP_WORDS": "cpstrat bu", "COMP_CWORD": "1"})
    assert completed.stdout.split() == ["build"]


def test_several_strategies_reported_each_and_in_total(small, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.replace("due: 2023-03-31", "due: 2023-13-01"))
    result = run("check", small, bad)
    assert result.returncode == 1
    # each has one warning: A02 has no measure (CP052)
    assert f"{small}: ok (0 errors, 1 warning)" in result.stdout
    assert f"{bad}: FAILED (1 error, 1 warning)" in result.stdout
    assert result.stdout.strip().endswith("2 strategies checked, 1 failed (1 error, 2 warnings)")


def test_folder_of_strategies_is_opened_up():
    result = run("check", STRATEGIES)
    assert result.returncode == 0
    assert f"{len(BUNDLED)} strategies checked, 0 failed" in result.stdout


def test_principles_lists_the_seven_with_wording():
    result = run("principles")
    assert result.returncode == 0
    for pid in ("best-interests", "express-views", "take-account", "access-services",
                "high-aspirations", "safe-and-stable", "adulthood"):
        assert pid in result.stdout
    assert "to prepare those children and young people for adulthood and independent living" in result.stdout
    data = json.loads(run("principles", "--framework", "scotland-2014", "--json").stdout)
    assert [p["citation"] for p in data["principles"]] == [f"s.58(1)({c})" for c in "abcdef"]


def test_principles_unknown_framework():
    result = run("principles", "--framework", "wales")
    assert result.returncode == 2
    assert "unknown framework 'wales'" in result.stderr


def test_schema_is_valid_json_schema_and_matches_the_bundled_strategies():
    import jsonschema
    import yaml

    schema = json.loads(run("schema").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    for folder in BUNDLED:
        # editors read YAML 1.2 and see dates as strings; BaseLoader gives strings everywhere, so cast numbers back
        data = yaml.load((folder / "strategy.yaml").read_text(), Loader=yaml.BaseLoader)
        data["cpstrat"] = int(data["cpstrat"])
        if "numbered_paragraphs" in data.get("committee", {}):
            data["committee"]["numbered_paragraphs"] = data["committee"]["numbered_paragraphs"] == "true"
        for action in data.get("actions", []):
            for m in action.get("measures", []):
                for k in ("target", "baseline"):
                    if k in m:
                        m[k] = float(m[k])
        errors = list(validator.iter_errors(data))
        assert errors == [], (folder, errors[:1])
    assert "unknown" not in run("schema", "--progress").stdout


def test_init_writes_a_strategy_that_checks_clean(tmp_path):
    target = tmp_path / "new"
    result = run("init", target, "--council", "Smith & Sons: Borough")
    assert result.returncode == 0, result.stderr
    text = (target / "strategy.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=schema/strategy.schema.json")
    for pid in ("best-interests", "adulthood"):
        assert f"principles: [{pid}]" in text
    fill_in(target / "strategy.yaml")
    checked = run("check", "--strict", target)
    assert checked.returncode == 0, checked.stdout
    again = run("init", target)
    assert again.returncode == 2 and "already exists" in again.stderr


def fill_in(path):
    """What an officer does to a starter file: their own words in place of every placeholder."""
    path.write_text(path.read_text("utf-8").replace(" (replace this)", "").replace("What we will do for: ", "Act on "),
                    "utf-8")


def test_init_for_scotland(tmp_path):
    assert run("init", tmp_path / "sc", "--framework", "scotland-2014").returncode == 0
    fill_in(tmp_path / "sc" / "strategy.yaml")
    assert run("check", "--strict", tmp_path / "sc").returncode == 0


def test_a_fresh_init_is_refused_at_check_and_build_with_each_placeholder(tmp_path):
    target = tmp_path / "new"
    assert run("init", target).returncode == 0
    assert run("init", target, "--local-offer").returncode == 0
    lines = (target / "strategy.yaml").read_text("utf-8").splitlines()
    marked = [n for n, line in enumerate(lines, 1) if "(replace this)" in line and not line.startswith("#")]
    checked = run("check", target, cwd=tmp_path)
    assert checked.returncode == 1
    found = re.findall(r"^new/strategy.yaml:(\d+):(\d+): error CP184 ", checked.stdout, re.M)
    assert [int(line) for line, _ in found] == marked  # every placeholder, at its own line
    line, column = found[0]
    assert lines[int(line) - 1][int(column) - 1:].strip('"').startswith("Example Council")
    assert re.search(r"^new/local-offer.yaml:\d+:\d+: error CP184 'phone' ", checked.stdout, re.M)
    built = run("build", target, "-o", tmp_path / "out", cwd=tmp_path)
    assert built.returncode == 1 and "new/strategy.yaml:17:10: error CP184" in built.stderr
    assert "nothing written" in built.stderr and not (tmp_path / "out").exists()
    for document in (["--document", "local-offer"], ["--audience", "young-people"]):
        built = run("build", target, "-o", tmp_path / "out", *document, cwd=tmp_path)
        assert built.returncode == 1 and not (tmp_path / "out").exists()


def test_check_never_imports_docx_or_jinja(small):
    import subprocess
    import sys

    code = (f"import sys\nfrom cpstrat.cli import main\nsys.argv=['cpstrat','check',{str(small)!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('docx', 'jinja2')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(STRATEGIES.parent))
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_init_never_overwrites_a_strategy_unless_forced(tmp_path):
    target = tmp_path / "new"
    assert run("init", target).returncode == 0
    (target / "strategy.yaml").write_text("# the council's own edits\n", encoding="utf-8")
    again = run("init", target)
    assert again.returncode == 2 and "already exists; use --force" in again.stderr
    assert (target / "strategy.yaml").read_text(encoding="utf-8") == "# the council's own edits\n"
    assert run("init", target, "--force").returncode == 0
    assert "cpstrat: 1" in (target / "strategy.yaml").read_text(encoding="utf-8")


def test_program_leaves_with_the_command_code_and_everything_written(tmp_path, small):
    """`python -m cpstrat` leaves through cli.entry(), skipping the interpreter's teardown: the exit code,
    every printed line and every written file must be as main() left them."""
    import os
    import subprocess
    import sys

    import docx
    from conftest import run_process

    built = run_process("build", small, "-o", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    written = [line.removeprefix("wrote ") for line in built.stdout.splitlines()]
    assert written and all(line.endswith((".docx", ".json")) for line in written)
    plan = next(p for p in written if p.endswith("-action-plan.docx"))
    assert docx.Document(plan).paragraphs  # the file is whole

    report = run_process("check", "--format", "json", small)
    assert report.returncode == 0 and json.loads(report.stdout)  # the whole JSON, flushed

    broken = tmp_path / "broken.yaml"
    broken.write_text("cpstrat: 1\ncouncil: [unclosed\n", encoding="utf-8")
    failed = run_process("check", broken)
    assert failed.returncode == 1 and "broken.yaml:3:1: error CP010" in failed.stdout

    assert run_process("build", small, "--format", "nonsense").returncode == 2

    # a reader that stops early (`| head -1`) is not an error, and leaves no complaint on stderr
    proc = subprocess.Popen([sys.executable, "-m", "cpstrat", "schema"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(STRATEGIES.parent)})
    assert proc.stdout.readline()
    proc.stdout.close()
    # 0 when the output was all in the pipe before it closed, else 1 as Click reports a closed pipe;
    # never the interpreter's 120 for output it could not flush at exit
    assert proc.wait(timeout=60) in (0, 1)
    assert proc.stderr.read() == b""


def test_a_draft_of_a_fresh_init_is_built_with_draft_on_every_page(tmp_path):
    import zipfile

    target = tmp_path / "new"
    assert run("init", target).returncode == 0
    out = run("build", target, "-o", tmp_path / "out", "--draft", "--format", "docx,md,html", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert "new/strategy.yaml:17:10: warning CP184" in out.stderr  # still listed, no longer stopping it
    plan = tmp_path / "out" / "new-action-plan.docx"
    with zipfile.ZipFile(plan) as package:
        footers = [n for n in package.namelist() if re.fullmatch(r"word/footer\d*\.xml", n)]
        assert footers and all(b"DRAFT: not for publication" in package.read(n) for n in footers)
        body = package.read("word/document.xml")
        # every section (page) uses a footer that carries the mark
        assert body.count(b"<w:sectPr") == body.count(b"<w:footerReference")
    assert (tmp_path / "out" / "new-action-plan.md").read_text("utf-8").startswith("**DRAFT: not for publication**")
    html = (tmp_path / "out" / "new-action-plan.html").read_text("utf-8")
    assert "<title>DRAFT: " in html and 'role="note"' in html
    assert run("lint-docx", plan).returncode == 0
    again = run("build", target, "-o", tmp_path / "out2", "--draft", "--format", "docx,md,html", cwd=tmp_path)
    assert again.returncode == 0
    assert (tmp_path / "out2" / "new-action-plan.docx").read_bytes() == plan.read_bytes()  # reproducible
    assert run("build", target, "-o", tmp_path / "out3", cwd=tmp_path).returncode == 1
