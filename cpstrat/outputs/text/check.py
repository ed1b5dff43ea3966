"""Diagnostics as text for people and as machine formats for CI and editors.

Each formatter takes the check results and returns a string; the CLI prints it.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache

from cpstrat.format.diagnostics import escape_markup
from cpstrat.util.escape import json_text


def counts(diags) -> str:
    errors = sum(d.severity == "error" for d in diags)
    warnings = len(diags) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"


def text(results, strict: bool = False, colour: bool = False) -> str:
    """`path:line:column: severity CODE message`, the hint indented under it, then summaries."""
    lines: list[str] = []
    for result in results:
        lines.extend(d.as_text(markup=colour) for d in result.diagnostics)
        verdict = "ok" if result.ok(strict) else "FAILED"
        if colour:
            verdict = f"[green]{verdict}[/green]" if result.ok(strict) else f"[bold red]{verdict}[/bold red]"
        lines.append(f"{escape_markup(result.path) if colour else result.path}: {verdict} ({counts(result.diagnostics)})")
    if len(results) > 1:
        failed = sum(not r.ok(strict) for r in results)
        all_diags = [d for r in results for d in r.diagnostics]
        lines.append(f"{len(results)} strategies checked, {failed} failed ({counts(all_diags)})")
    return "\n".join(lines)


def as_json(results, strict: bool = False) -> str:
    """The contract's shape: {"ok", "diagnostics": [...]}, plus a per-strategy summary."""
    diags = [d.as_dict() for r in results for d in r.diagnostics]
    return json_text({
        "ok": all(r.ok(strict) for r in results),
        "diagnostics": diags,
        "strategies": [
            {"path": r.path, "ok": r.ok(strict), "errors": len(r.errors), "warnings": len(r.warnings)}
            for r in results
        ],
    }, indent=2, ensure_ascii=False)


# -- CI and code-scanning formats ---------------------------------------------
# Each takes the same (results, strict) as the formats above and returns text.


def _files(result) -> list[str]:
    """Every file one strategy check read, strategy first, including clean ones."""
    files = []
    if result.strategy is not None:
        files.append(result.strategy.path)
        files.extend(p.path for p in result.strategy.progress)
        lo = result.strategy.local_offer
        if lo is not None and lo.path not in files:
            files.append(lo.path)
    for d in result.diagnostics:
        if d.file not in files:
            files.append(d.file)
    return files or [result.path]


def _gh_data(text: str) -> str:
    # The workflow-command escapes of GitHub's actions/toolkit (command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def github(results, strict: bool = False) -> str:
    """GitHub Actions workflow commands: one `::error` or `::warning` annotation per diagnostic.

    With --strict, warnings fail the check, so they are annotated as errors.
    """
    lines = []
    for result in results:
        for d in result.diagnostics:
            level = "error" if d.severity == "error" or strict else "warning"
            props = [f"file={_gh_property(d.file)}"]
            if d.line:
                props.append(f"line={d.line}")
                if d.column:
                    props.append(f"col={d.column}")
            props.append(f"title={_gh_property(d.code)}")
            body = _gh_data(d.message + "\nhint: " + d.hint)
            lines.append(f"::{level} {','.join(props)}::{body}")
        lines.append(f"{result.path}: {'ok' if result.ok(strict) else 'FAILED'} ({counts(result.diagnostics)})")
    if len(results) > 1:
        failed = sum(not r.ok(strict) for r in results)
        lines.append(f"{len(results)} strategies checked, {failed} failed "
                     f"({counts([d for r in results for d in r.diagnostics])})")
    return "\n".join(lines)


@cache
def _xml_bad():
    # Characters XML 1.0 cannot hold; a broken file can put control bytes into a message.
    # Compiled on first use: the pattern costs more to build than `cpstrat check` takes to start.
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: str) -> str:
    return _xml_bad().sub("\ufffd", text)


def junit(results, strict: bool = False) -> str:
    """JUnit XML: one test suite per strategy, one test case per file it read.

    A file with errors (or warnings, with --strict) is a <failure>; a file that
    could not be read at all is an <error>; remaining warnings go to <system-out>.
    """
    import xml.etree.ElementTree as ET

    root = ET.Element("testsuites", name="cpstrat check")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for result in results:
        suite = ET.SubElement(root, "testsuite", name=_xml_text(result.path))
        counted = {"tests": 0, "failures": 0, "errors": 0}
        for file in _files(result):
            diags = [d for d in result.diagnostics if d.file == file]
            case = ET.SubElement(suite, "testcase", classname=_xml_text(result.path), name=_xml_text(file),
                                 file=_xml_text(file))
            counted["tests"] += 1
            failing = [d for d in diags if d.severity == "error" or strict]
            if any(d.severity == "error" and d.exit_code == 2 for d in diags):
                kind = "error"
            elif failing:
                kind = "failure"
            else:
                kind = None
            if kind:
                counted[kind + "s"] += 1
                first = failing[0]
                el = ET.SubElement(case, kind, type=first.code, message=_xml_text(
                    f"{counts(diags)}: {first.code} {first.message}"))
                el.text = _xml_text("\n".join(d.as_text() for d in failing))
            rest = [d for d in diags if not (d.severity == "error" or strict)]
            if rest:
                ET.SubElement(case, "system-out").text = _xml_text("\n".join(d.as_text() for d in rest))
        for k, v in counted.items():
            suite.set(k, str(v))
            totals[k] += v
    for k, v in totals.items():
        root.set(k, str(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


@lru_cache(maxsize=1024)
def _sarif_uri(path: str) -> tuple[str, str | None]:
    """A SARIF artifact URI: relative to the working folder when possible, else an absolute file URI."""
    from pathlib import Path, PurePath
    from urllib.parse import quote

    p = PurePath(path)
    if p.is_absolute():
        return Path(path).as_uri(), None
    return quote(p.as_posix()), "%SRCROOT%"


def _template_text(template: str) -> str:
    return re.sub(r"\{[a-z_]+\}", "…", template).replace("{{", "{").replace("}}", "}")


def sarif(results, strict: bool = False) -> str:
    """SARIF 2.1.0 for code scanning: every rule of rules.yaml, one result per diagnostic.

    Written compact: tools read it, and Python's JSON encoder is several times
    faster without indentation (a broken file can yield 100,000 results).
    """
    from cpstrat import __version__
    from cpstrat.format.diagnostics import rules

    catalogue = rules()
    index = {code: i for i, code in enumerate(catalogue)}
    driver_rules = [{
        "id": code,
        "name": "".join(w.capitalize() for w in rule["name"].split("-")),
        "shortDescription": {"text": rule["name"].replace("-", " ").capitalize()},
        "fullDescription": {"text": _template_text(rule["message"])},
        "help": {"text": _template_text(rule["hint"])},
        "defaultConfiguration": {"level": rule["severity"]},
        "properties": {"tags": ["cpstrat"]},
    } for code, rule in catalogue.items()]
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    document = encode({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cpstrat",
                "version": __version__,
                "rules": driver_rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": [],
        }],
    })
    # Results are encoded one at a time into the empty list that ends the document,
    # so 100,000 of them never exist as dictionaries all at once.
    empty = '"results":[]}]}'
    assert document.endswith(empty)
    items = ",".join(encode(_sarif_result(d, index, strict)) for r in results for d in r.diagnostics)
    return document[: -len(empty)] + '"results":[' + items + "]}]}"


def _sarif_result(d, index: dict, strict: bool) -> dict:
    uri, base = _sarif_uri(d.file)
    artifact = {"uri": uri, **({"uriBaseId": base} if base else {})}
    physical = {"artifactLocation": artifact}
    if d.line:
        physical["region"] = {"startLine": d.line, **({"startColumn": d.column} if d.column else {})}
    return {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": "error" if d.severity == "error" or strict else "warning",
        "message": {"text": f"{d.message}. Hint: {d.hint}"},
        "locations": [{"physicalLocation": physical}],
    }
