"""Links are web addresses: a `links:` entry whose url is not http(s) is an error (CP210).

Documents write a link only where `util.escape.web_link` allows it; this rule tells
the author before a build, so that a `javascript:`, `data:` or `file:` address
(in any case) never waits silently in the file.
"""

from __future__ import annotations

from cpstrat.checks.findings import Findings
from cpstrat.format import model
from cpstrat.util.escape import web_link


def check(s: model.Strategy, found: Findings) -> None:
    for link in s.links:
        if link.url and not web_link(link.url):
            found.at("CP210", s.path, link.raw, "url", url=link.url[:200])
