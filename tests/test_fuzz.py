"""Fuzzing loader and checker: thousands of mutated and generated files, never a traceback.

Every input must give a Result whose exit code is 0, 1 or 2, with at least one
catalogued diagnostic when it is not 0, and every output format must render
it. Most inputs go straight to checks.run.check or the Typer app; a smaller
batch goes through the program's entry point. Seeds are fixed, so a failure
repeats; the failing input is written into the assertion message.
"""

from __future__ import annotations

import json
import random
import re
import xml.etree.ElementTree as ET

import pytest
import yaml
from conftest import PROGRESS, SMALL, STRATEGIES, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from cpstrat.checks.run import check
from cpstrat.cli import app
from cpstrat.format import schema
from cpstrat.format.diagnostics import CpstratError, rules
from cpstrat.format.load import parse
from cpstrat.outputs.registry import formats, renderer

SEEDS = {
    "small": SMALL.encode(),
    **{p.name: (p / "strategy.yaml").read_bytes() for p in sorted(STRATEGIES.iterdir())},
}
KEYS = sorted({k for obj in schema.OBJECTS.values() for k in obj})

REPLACEMENTS = [b"1", b"0", b"-1", b"2022", b"98.5", b"1e999", b".nan", b"0x1F", b"true", b"no", b"on", b"off",
                b"~", b"null", b"[]", b"{}", b"[1, 2]", b"- a", b"{a: 1}", b"''", b'""', b"2022-02-30",
                b"2022-13-01", b"0000-00-00", b"12:30", b"&a x", b"*a", b"*nope", b"!!binary aGk=", b"!local x",
                b"<<: {a: 1}", b"|", b">-", b"? x", b"@x", b"`x", b"%x", b"'unclosed", b'"unclosed',
                b"[unclosed", b"{unclosed", b"a: b: c", b"#", b"\xff\xfe", b"\xc3", b"\x00", b"\x01", b"\t",
                b"\xe2\x80\xa8", b"\xef\xbb\xbf", "caf\u00e9 \U0001F600".encode(), b"9" * 5000, b"x" * 10_000]


def near_miss(key: bytes, rng: random.Random) -> bytes:
    k = key.decode("utf-8", "replace")
    if not k:
        return b"x"
    i = rng.randrange(len(k))
    choice = rng.randrange(5)
    if choice == 0:
        k = k[:i] + k[i + 1:]
    elif choice == 1 and len(k) > 1:
        j = min(i + 1, len(k) - 1)
        k = k[:i] + k[j] + k[i] + k[j + 1:] if i != j else k + "s"
    elif choice == 2:
        k = k.upper() if rng.random() < 0.5 else k.capitalize()
    elif choice == 3:
        k = k + rng.choice(["s", "_", "-", "1"])
    else:
        k = rng.choice(KEYS)
    return k.encode("utf-8", "surrogatepass")


def mutate(data: bytes, rng: random.Random) -> bytes:
    lines = data.split(b"\n")
    op = rng.randrange(9)
    i = rng.randrange(len(lines))
    if op == 0:  # delete a line
        del lines[i]
    elif op == 1:  # duplicate a line
        lines.insert(i, lines[i])
    elif op == 2:  # swap two lines
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == 3:  # change indentation
        stripped = lines[i].lstrip(b" ")
        indent = len(lines[i]) - len(stripped) + rng.choice([-4, -2, -1, 1, 2, 3])
        lines[i] = (b"\t" if rng.random() < 0.1 else b" " * max(indent, 0)) + stripped
    elif op == 4:  # insert random bytes
        blob = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        at = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:at] + blob + lines[i][at:]
    elif op == 5:  # truncate
        return data[: rng.randrange(len(data) + 1)]
    elif op in (6, 7):  # replace a value
        key, sep, _ = lines[i].partition(b": ")
        new = rng.choice(REPLACEMENTS)
        lines[i] = key + b": " + new if sep else lines[i].rstrip() + b" " + new
    else:  # a key to a near miss
        m = re.match(rb"(\s*(?:- )?)([A-Za-z_]+)(:.*)", lines[i])
        if m:
            lines[i] = m.group(1) + near_miss(m.group(2), rng) + m.group(3)
    return b"\n".join(lines)


def assert_sound(result, text: bytes | str = b"") -> None:
    """A check result as the contract promises it, and rendered."""
    shown = repr(text[:2000])
    assert result.exit_code in (0, 1, 2), shown
    if not result.ok():
        assert result.diagnostics, shown
    catalogue = rules()
    for d in result.diagnostics:
        assert d.code in catalogue and d.message and d.hint, shown
        assert d.line >= 0 and d.column >= 0, shown
        assert d.severity == catalogue[d.code]["severity"], shown
    # one format per input, chosen by its length: every format sees thousands of inputs
    fmt = formats("check")[len(text) % len(formats("check"))]
    out = renderer("check", fmt)([result])
    if fmt == "junit":
        ET.fromstring(out)
    elif fmt in ("json", "sarif"):
        json.loads(out)


@pytest.mark.parametrize("seed_name", sorted(SEEDS))
def test_mutated_strategies_never_crash(tmp_path, seed_name):
    rng = random.Random(f"cpstrat-{seed_name}")
    folder = tmp_path / "s"
    folder.mkdir()
    path = folder / "strategy.yaml"
    seen_codes = set()
    for _ in range(600):
        data = SEEDS[seed_name]
        for _ in range(rng.choice([1, 1, 2, 3, 6])):
            data = mutate(data, rng)
        path.write_bytes(data)
        result = check(folder)
        assert_sound(result, data)
        seen_codes.update(d.code for d in result.diagnostics)
    # the mutations reach deep into the checker, not only the YAML syntax error
    assert {"CP010", "CP020", "CP022"} <= seen_codes, seen_codes


def test_mutated_progress_files_never_crash(small):
    rng = random.Random("cpstrat-progress")
    path = small / "progress" / "2023-03-31.yaml"
    for _ in range(500):
        data = PROGRESS.encode()
        for _ in range(rng.choice([1, 2, 4])):
            data = mutate(data, rng)
        path.write_bytes(data)
        assert_sound(check(small), data)


# -- generated from scratch with hypothesis ---------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20), st.dates(),
    st.text(min_size=256, max_size=400),  # past the 255 characters some file formats allow
    st.sampled_from(["on-track", "no", "off", "A01", "best-interests", "cicc-listen", "health", "2022", ""]),
)
keys = st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=12))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(keys, inner, max_size=6)),
    max_leaves=15,
)


@settings(max_examples=400, deadline=None, suppress_health_check=list(HealthCheck))
@given(doc=st.dictionaries(keys, documents, max_size=6), base=st.booleans())
def test_generated_documents_never_crash(tmp_path, doc, base):
    data = yaml.safe_load(SMALL) if base else {}
    data.update(doc)
    text = yaml.dump(data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False)
    path = tmp_path / "generated.yaml"
    path.write_text(text, encoding="utf-8")
    assert_sound(check(path), text)


yaml_chars = st.text(alphabet=st.sampled_from(list("ab1-:,[]{}#&*!|>'\"%@`?~ \n\t.\\") + ["\u00e9", "\x00", "\ufeff"]),
                     max_size=200)


@settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
@given(text=yaml_chars)
def test_yaml_punctuation_soup_never_crashes_the_loader(text):
    try:
        parse(text, "soup.yaml")
    except CpstratError as exc:
        assert exc.diagnostics and all(d.code in rules() for d in exc.diagnostics), repr(text)


# -- through the command line ------------------------------------------------------

def test_mutations_through_the_typer_app(tmp_path):
    rng = random.Random("cpstrat-typer")
    runner = CliRunner()
    folder = tmp_path / "s"
    folder.mkdir()
    for _ in range(150):
        data = mutate(mutate(SEEDS["small"], rng), rng)
        (folder / "strategy.yaml").write_bytes(data)
        fmt = rng.choice(formats("check"))
        result = runner.invoke(app, ["check", "--format", fmt, str(folder)])
        assert result.exit_code in (0, 1, 2), repr(data)
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(data)


def test_mutations_through_the_entry_point(tmp_path):
    rng = random.Random("cpstrat-subprocess")
    for batch in range(4):
        folders = []
        for n in range(25):
            seed = rng.choice(sorted(SEEDS))
            data = SEEDS[seed]
            for _ in range(rng.choice([1, 2, 3])):
                data = mutate(data, rng)
            folder = tmp_path / f"b{batch}" / f"s{n:02d}"
            folder.mkdir(parents=True)
            (folder / "strategy.yaml").write_bytes(data)
            folders.append(folder)
        fmt = ["text", "github", "junit", "sarif"][batch]
        r = run("check", "--format", fmt, tmp_path / f"b{batch}")
        assert r.returncode in (0, 1, 2)
        assert "Traceback" not in r.stderr and r.stderr == "", r.stderr[-2000:]
        if fmt in ("text", "github"):
            assert r.stdout.splitlines()[-1].startswith("25 strategies checked")
