"""Links are web addresses: `check` reports any other scheme, and no document writes one as a link."""

from __future__ import annotations

import json
import re

import pytest
from conftest import ROOT, SMALL, run

HOSTILE = ["javascript:alert(1)", "JaVaScRiPt:alert(document.cookie)", "data:text/html,<script>x</script>",
           "file:///etc/passwd", "FILE://server/share/plan.docx", " javascript:alert(1)", "vbscript:x",
           "www.example.gov.uk/plan", "//example.gov.uk/plan"]


def _strategy(tmp_path, url: str):
    folder = tmp_path / "s"
    folder.mkdir(exist_ok=True)
    text = SMALL + f"links:\n  - title: Sufficiency strategy\n    url: {json.dumps(url)}\n"
    (folder / "strategy.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("url", HOSTILE)
def test_a_link_that_is_not_a_web_address_is_an_error(tmp_path, url, reader):
    out = run("check", _strategy(tmp_path, url))
    assert out.returncode == 1
    line = next(ln for ln in out.stdout.splitlines() + out.stderr.splitlines() if "CP210" in ln)
    assert "strategy.yaml:" + str(SMALL.count("\n") + 3) in line, line
    assert "not a web address" in line


@pytest.mark.parametrize("url", ["https://example.gov.uk/plan", "http://example.gov.uk/a?b=c", "HTTPS://EXAMPLE.GOV.UK"])
def test_a_web_address_is_a_link(tmp_path, url):
    folder = _strategy(tmp_path, url)
    assert run("check", folder).returncode == 0
    out = tmp_path / "out"
    built = run("build", folder, "--format", "html,md", "--output", out)
    assert built.returncode == 0, built.stderr
    (page,) = out.glob("*.html")
    assert f'<a href="{url}">' in page.read_text(encoding="utf-8")


@pytest.mark.parametrize("url", HOSTILE[:5])
def test_no_document_links_anything_else(tmp_path, url):
    """The templates themselves write only web addresses as links (here reached past the check)."""
    from cpstrat.outputs.web import pages as web
    from cpstrat.util.escape import web_link

    env = web.environment("html")
    source = (ROOT / "templates" / "plan.html.j2").read_text(encoding="utf-8")
    part = re.search(r"\{% if s\.links %\}.*?</ul>\n\{% endif %\}", source, re.DOTALL)
    assert part, "the plan's HTML template lists the strategy's links"
    page = env.from_string(part[0])
    html = page.render(s=type("S", (), {"links": [type("L", (), {"url": url, "title": "T"})]})())
    assert "Related plans" in html
    assert "<a " not in html and url.replace("<", "&lt;").replace(">", "&gt;")[:10] in html
    assert web_link(url) == ""
    assert not re.search(r"href=", html)


def test_a_strategy_with_such_a_link_builds_nothing(tmp_path):
    out = tmp_path / "out"
    built = run("build", _strategy(tmp_path, "javascript:alert(1)"), "--format", "docx,md,html", "--output", out)
    assert built.returncode == 1
    assert not out.exists() or not any(out.iterdir())
