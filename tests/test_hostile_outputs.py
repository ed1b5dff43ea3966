"""Hostile strategies and templates against the writers: clean errors or correct output, never a crash."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from conftest import PROGRESS, SMALL
from typer.testing import CliRunner

from cpstrat.cli import app
from cpstrat.outputs.word.docxlib import PROPERTY_LIMIT, fit

LONG_COUNCIL = "The Royal Borough of " + " ".join(["Somewhere-upon-Somewhere"] * 6) + " Council"
LONG_TITLE = "Corporate Parenting Strategy " + " ".join(["and Action Plan for Children"] * 7)


def invoke(*args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def strategy(folder: Path, text: str = SMALL, progress: bool = True) -> Path:
    (folder / "progress").mkdir(parents=True, exist_ok=True)
    (folder / "strategy.yaml").write_text(text, encoding="utf-8")
    if progress:
        (folder / "progress" / "2023-03-31.yaml").write_text(PROGRESS, encoding="utf-8")
    return folder


def long_named(folder: Path) -> Path:
    text = SMALL.replace("council: Testshire County Council", f"council: {LONG_COUNCIL}")
    return strategy(folder, text.replace("title: Corporate Parenting Strategy", f"title: {LONG_TITLE}"))


# -- finding 3: core properties past 255 characters -----------------------------

def test_fit_cuts_at_a_word_with_an_ellipsis():
    text = " ".join(f"word{i}" for i in range(100))
    cut = fit(text)
    assert len(cut) <= PROPERTY_LIMIT and cut.endswith("\u2026")
    assert text.startswith(cut[:-1]) and text[len(cut) - 1] == " "  # the cut falls between words
    assert fit("short title") == "short title"
    assert len(fit("x" * 1000)) == PROPERTY_LIMIT  # one long word: cut inside it


def test_build_with_a_long_council_and_title(tmp_path):
    folder = long_named(tmp_path / "long")
    assert len(LONG_COUNCIL) + len(LONG_TITLE) > 255
    result = invoke("build", folder, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    plan = docx.Document(str(tmp_path / "out" / "long-action-plan.docx"))
    title = plan.core_properties.title
    assert len(title) <= PROPERTY_LIMIT and title.endswith("\u2026") and title.startswith(LONG_COUNCIL[:100])
    # the body keeps every word the council wrote
    body = "\n".join(p.text for p in plan.paragraphs)
    assert LONG_TITLE in body


def test_a_long_title_does_not_stop_a_batch(tmp_path):
    long_named(tmp_path / "batch" / "a-long")
    strategy(tmp_path / "batch" / "b-short")
    result = invoke("build", tmp_path / "batch", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "a-long-action-plan.docx").is_file()
    assert (tmp_path / "out" / "b-short-action-plan.docx").is_file()


def test_diff_docx_with_a_long_title(tmp_path):
    old = strategy(tmp_path / "old", progress=False)
    new = long_named(tmp_path / "new")
    out = tmp_path / "changes.docx"
    result = invoke("diff", old / "strategy.yaml", new / "strategy.yaml", "--format", "docx", "-o", out)
    assert result.exit_code == 0, result.output
    assert len(docx.Document(str(out)).core_properties.title) <= PROPERTY_LIMIT


def test_to_bytes_uses_public_api_and_fixes_every_entry(tmp_path):
    import datetime as dt
    import io
    import zipfile

    from cpstrat.outputs.word.docxlib import ZIP_DATE, Document

    doc = Document()
    doc.set_properties(title="Zip entries")
    doc.title("Zip entries")
    doc.paragraph("text")
    first = doc.to_bytes(dt.datetime(2023, 3, 31))
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        assert z.testzip() is None
        assert {i.date_time for i in z.infolist()} == {ZIP_DATE}
        assert {(i.create_system, i.external_attr) for i in z.infolist()} == {(0, 0o600 << 16)}
    assert doc.to_bytes(dt.datetime(2023, 3, 31)) == first


# -- findings 5 and 6: decompression bombs and entity declarations in Word packages -------

REFERENCE = Path(__file__).resolve().parent.parent / "templates" / "reference.docx"
GiB = 1 << 30


def repack(target: Path, replace: dict[str, bytes] = (), add: dict[str, bytes] = (), stored: bool = False) -> Path:
    """reference.docx with some parts replaced or added."""
    import zipfile

    replace, add = dict(replace), dict(add)
    with zipfile.ZipFile(REFERENCE) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, replace.get(info.filename, src.read(info)))
        for name, data in add.items():
            dst.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return target


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """reference.docx whose word/document.xml unpacks to 1 GiB of spaces (about 5 MB packed)."""
    import zipfile

    with zipfile.ZipFile(REFERENCE) as z:
        parts = {i.filename: z.read(i) for i in z.infolist() if i.filename != "word/document.xml"}
    target = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    blank = b" " * (1 << 20)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b"<?xml version='1.0'?>")
            for _ in range(GiB // len(blank)):
                part.write(blank)
    return target


def bounded(call, limit_mb: int = 100, seconds: float = 10):
    """call() run with its Python allocations and wall time measured; asserts both stay within the limits."""
    import time
    import tracemalloc

    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = call()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    took = time.perf_counter() - started
    assert peak < limit_mb * 1e6, f"peak {peak / 1e6:.0f} MB"
    assert took < seconds, f"took {took:.1f} s"
    return result


def test_template_bomb_is_refused_before_unpacking(tmp_path, small, bomb):
    assert bomb.stat().st_size < 10e6
    result = bounded(lambda: invoke("build", small, "-o", tmp_path / "out", "--template", bomb))
    assert result.exit_code == 2
    assert "CP048" in result.output and "word/document.xml" in result.output
    assert "decompression bomb" in result.output or "more than" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_lint_docx_bomb_is_refused_before_unpacking(bomb):
    result = bounded(lambda: invoke("lint-docx", bomb))
    assert result.exit_code == 2
    assert "CP047" in result.output and "word/document.xml" in result.output


def test_huge_picture_in_a_template_is_refused(tmp_path, small):
    import os

    picture = os.urandom(40 * (1 << 20))  # does not compress: only the size limit can catch it
    template = repack(tmp_path / "logo.docx", add={"word/media/image9.png": picture}, stored=True)
    del picture
    result = bounded(lambda: invoke("build", small, "-o", tmp_path / "out", "--template", template))
    assert result.exit_code == 2
    assert "CP048" in result.output and "more than 32.0 MiB" in result.output
    assert not (tmp_path / "out").exists()


def test_compressed_picture_bomb_in_a_template_is_refused(tmp_path, small):
    template = repack(tmp_path / "logo.docx", add={"word/media/image9.png": b"\0" * (30 << 20)})
    result = invoke("build", small, "-o", tmp_path / "out", "--template", template)
    assert result.exit_code == 2
    assert "word/media/image9.png" in result.output and "decompression bomb" in result.output


def footer_with_entities() -> bytes:
    import zipfile

    with zipfile.ZipFile(REFERENCE) as z:
        footer = z.read("word/footer1.xml").decode("utf-8")
    head, _, rest = footer.partition("?>")
    rest = rest.replace("</w:ftr>", '<w:p><w:r><w:t>&council;</w:t></w:r></w:p></w:ftr>')
    return (head + '?>\n<!DOCTYPE w:ftr [<!ENTITY council "Testshire">]>' + rest).encode("utf-8")


def test_template_with_entities_in_its_footer_is_refused(tmp_path, small):
    template = repack(tmp_path / "entities.docx", replace={"word/footer1.xml": footer_with_entities()})
    result = invoke("build", small, "-o", tmp_path / "out", "--template", template)
    assert result.exit_code == 2, result.output
    assert "CP048" in result.output and "word/footer1.xml" in result.output and "DOCTYPE" in result.output
    assert not (tmp_path / "out").exists()


def test_lint_docx_refuses_entities(tmp_path):
    document = repack(tmp_path / "entities.docx", replace={"word/footer1.xml": footer_with_entities()})
    result = invoke("lint-docx", document)
    assert result.exit_code == 2
    assert "CP047" in result.output and "word/footer1.xml" in result.output and "DOCTYPE" in result.output


def test_template_with_broken_xml_is_refused(tmp_path, small):
    template = repack(tmp_path / "broken.docx", replace={"word/footer1.xml": b"<w:ftr><unclosed></w:ftr>"})
    result = invoke("build", small, "-o", tmp_path / "out", "--template", template)
    assert result.exit_code == 2
    assert "word/footer1.xml is not well-formed XML" in result.output


def test_a_good_user_template_still_builds(tmp_path, small):
    template = repack(tmp_path / "fine.docx")
    result = invoke("build", small, "-o", tmp_path / "out", "--template", template)
    assert result.exit_code == 0, result.output
    assert docx.Document(str(tmp_path / "out" / "small-action-plan.docx")).paragraphs


# -- finding 10: hostile Jinja templates -----------------------------------------------------

def build_with_template(tmp_path, small, source: str, name: str = "plan.md.j2"):
    template = tmp_path / name
    template.write_text(source, encoding="utf-8")
    return invoke("build", small, "-o", tmp_path / "out", "--format", "md", "--template", template)


@pytest.mark.parametrize(("source", "words"), [
    ("{% include 'secrets.txt' %}", "can include, import or extend only cpstrat's own templates"),
    ("{% include '../../../../etc/passwd' %}", "not '../../../../etc/passwd'"),
    ("{% include '/etc/passwd' %}", "not '/etc/passwd'"),
    ("{% import 'macros.j2' as m %}", "only cpstrat's own templates"),
    ("line one\n{% extends 'base.j2' %}", "only cpstrat's own templates"),
    ("{% for i in range(10**9) %}{{ i }}{% endfor %}", "Range too big"),
    ("{% set n = 10 %}{{ n ** 1000000 }}", "power above 64"),
    ("{{ 'x' * 1000000000 }}", "more than 32 MiB"),
    ("{% for i in range(99999) %}{{ 'x' * 999 }}{% endfor %}", "writes more than 32 MiB"),
    ("{{ s.glossary.clear() }}", "unsafe"),
    ("{{ s.actions.append(1) }}", "no attribute 'append'"),
    ("{{ ''.__class__.__mro__ }}", "unsafe"),
])
def test_hostile_template_gives_one_clean_error(tmp_path, small, source, words):
    result = build_with_template(tmp_path, small, source)
    assert result.exit_code == 2, result.output
    assert "CP048" in result.output and words in result.output, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_template_that_never_ends_is_stopped(tmp_path, small, monkeypatch):
    from cpstrat.outputs.web import pages as web

    monkeypatch.setattr(web, "MAX_SECONDS", 1.0)
    source = "ok\n{% set r = range(99999) %}{% for i in r %}{% for j in r %}{% endfor %}{% endfor %}"
    result = bounded(lambda: build_with_template(tmp_path, small, source), seconds=20)
    assert result.exit_code == 2
    assert "took longer than 1 s" in result.output and ":2:" in result.output  # the line of the loop


def test_a_template_that_never_ends_is_stopped_outside_the_main_thread_too(monkeypatch):
    import signal
    import threading

    from cpstrat.outputs.web import pages as web

    monkeypatch.setattr(web, "MAX_SECONDS", 0.5)
    template = web.compile_template("ok\n{% set r = range(99999) %}{% for i in r %}{% for j in r %}{% endfor %}"
                                    "{% endfor %}", "md")
    handler = signal.getsignal(signal.SIGALRM)
    problems = []

    def fill():
        try:
            web.fill(template)
        except web.TemplateProblem as exc:
            problems.append(exc)

    fill()  # stopped by a timer signal
    thread = threading.Thread(target=fill)  # stopped by a trace function: signals go to the main thread
    thread.start()
    thread.join(20)
    assert [(str(p), p.line) for p in problems] == [
        ("the template took longer than 0.5 s to render; check its loops", 2)] * 2
    # the main thread's timer and its handler are as they were
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(signal.SIGALRM) is handler


def test_the_sandbox_judges_every_attribute_of_a_type_by_its_name():
    from types import SimpleNamespace

    from cpstrat.outputs.web import pages as web

    def fill(source, **values):
        return web.fill(web.compile_template(source, "md"), **values)

    items = [SimpleNamespace(text="one", _secret="x"), SimpleNamespace(text="two", _secret="y")]
    assert fill("{% for i in items %}{{ i.text }} {% endfor %}{{ d.key }}", items=items, d={"key": "v"}) \
        == "one two v"
    for source in ("{% for i in items %}{{ i.text }}{{ i._secret }}{% endfor %}",
                   "{{ items.append }}", "{{ '{0.__class__}'.format(items) }}"):
        with pytest.raises(web.TemplateProblem, match="unsafe"):
            fill(source, items=items)


def test_a_template_cannot_change_the_data(tmp_path, small):
    from cpstrat.checks.run import check
    from cpstrat.outputs.views import context
    from cpstrat.outputs.web import pages as web

    strategy = check(small).strategy
    ctx = context.build(strategy)
    actions = list(ctx.strategy.actions)
    with pytest.raises(web.TemplateProblem):
        web.render(ctx, "md", "{% set _ = s.actions.pop() %}{{ s.actions | length }}")
    assert list(ctx.strategy.actions) == actions


# -- finding 11: killed builds: temporary files and half-finished sets -----------------------

def dead_pid() -> int:
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_next_build_removes_temporary_files_a_killed_build_left(tmp_path, small):
    import os

    out = tmp_path / "out"
    out.mkdir()
    stale = out / f".small-action-plan.docx.cpstrat-{dead_pid()}-k1ll3d.tmp"
    stale.write_bytes(b"half a document")
    stale_other = out / f".another-plan.docx.cpstrat-{dead_pid()}-k1ll3d.tmp"  # another build's, killed
    stale_other.write_bytes(b"half a document")
    running = out / f".small-action-plan.docx.cpstrat-{os.getppid()}-busy.tmp"  # a live process's: kept
    running.write_bytes(b"in progress")
    other = out / ".notes.tmp"  # not ours: kept
    other.write_bytes(b"x")
    assert invoke("build", small, "-o", out).exit_code == 0
    assert not stale.exists() and not stale_other.exists() and running.exists() and other.exists()


def test_a_build_cut_short_leaves_a_manifest_that_says_which_files_are_from_which_run(tmp_path, small,
                                                                                      monkeypatch):
    import json

    from cpstrat.outputs.publish import build, read_manifest
    from cpstrat.util import files

    out = tmp_path / "out"
    assert invoke("build", small, "-o", out).exit_code == 0
    manifest = out / "small.manifest.json"
    first = json.loads(manifest.read_text("utf-8"))
    assert first["complete"] is True and [f["name"] for f in first["files"]] == [
        "small-action-plan.docx", "small-progress-report-2023-03-31.docx"]
    assert set(read_manifest(manifest).values()) == {"this run"}

    # the second build changes both files, and is killed after writing the first
    text = (small / "strategy.yaml").read_text("utf-8").replace("status: not-started", "status: at-risk")
    (small / "strategy.yaml").write_text(text, encoding="utf-8")
    real = files.write_atomic
    writes = []

    def killed_after_two(path, data):
        if len(writes) == 2:  # the manifest, then the plan
            raise KeyboardInterrupt
        writes.append(path.name)
        real(path, data)

    monkeypatch.setattr(files, "write_atomic", killed_after_two)
    with pytest.raises(KeyboardInterrupt):
        build(small, out)
    second = json.loads(manifest.read_text("utf-8"))
    assert second["complete"] is False and second["run"] != first["run"]
    assert read_manifest(manifest) == {"small-action-plan.docx": "this run",
                                       "small-progress-report-2023-03-31.docx": "another run"}
    monkeypatch.setattr(files, "write_atomic", real)
    assert invoke("build", small, "-o", out).exit_code == 0
    assert json.loads(manifest.read_text("utf-8"))["complete"] is True
    assert set(read_manifest(manifest).values()) == {"this run"}
