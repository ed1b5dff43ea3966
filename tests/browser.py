"""Headless Chromium driven over the DevTools protocol, for checking the HTML pages cpstrat writes.

Chromium's `--remote-debugging-pipe` speaks the protocol over file descriptors
3 (commands in) and 4 (replies and events out), NUL-separated JSON: no
network port, no websocket library, no browser download. axe-core comes from
npm (`.ci/run` installs it into tests/.axe/).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

AXE = Path(__file__).resolve().parent / ".axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    """One headless Chromium; `page(url, width)` opens a page at a viewport width."""

    def __init__(self, timeout: float = 60):
        self.timeout = timeout
        self.profile = tempfile.TemporaryDirectory(prefix="cpstrat-chromium-")
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()

        def wire():  # in the child: its fd 3 reads our commands, its fd 4 writes its replies
            os.dup2(to_browser_r, 100)  # out of the way first, in case a pipe end is fd 3 or 4
            os.dup2(from_browser_w, 101)
            os.dup2(100, 3)
            os.dup2(101, 4)

        self.proc = subprocess.Popen(
            [chromium(), "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
             "--remote-debugging-pipe", "--no-first-run", "--no-default-browser-check", "--disable-extensions",
             "--allow-file-access-from-files", f"--user-data-dir={self.profile.name}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            # 3 and 4 are kept open: subprocess closes other descriptors after wire() has run
            pass_fds=(3, 4), preexec_fn=wire)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next = 0
        self.events: list[dict] = []

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except Exception:  # noqa: BLE001 - closing a browser that has already gone
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        self.profile.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the protocol ---------------------------------------------------------------------------

    def send(self, method: str, session: str | None = None, **params) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> dict:
        for i, event in enumerate(self.events):
            if event.get("method") == method and event.get("sessionId") == session:
                return self.events.pop(i)
        while True:
            event = self._read()
            if event.get("method") == method and event.get("sessionId") == session:
                return event
            self.events.append(event)

    def _read(self) -> dict:
        import select

        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_browser], [], [], self.timeout)
            if not ready:
                raise TimeoutError(f"Chromium did not answer within {self.timeout} s")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the connection")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    # -- pages ----------------------------------------------------------------------------------

    def page(self, url: str, width: int, height: int = 900) -> Page:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Emulation.setDeviceMetricsOverride", session, width=width, height=height,
                  deviceScaleFactor=1, mobile=width < 600)
        self.send("Page.enable", session)
        self.send("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired", session)
        return Page(self, session, target)


class Page:
    def __init__(self, browser: Browser, session: str, target: str):
        self.browser, self.session, self.target = browser, session, target

    def evaluate(self, expression: str, wait: bool = False):
        result = self.browser.send("Runtime.evaluate", self.session, expression=expression,
                                   awaitPromise=wait, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}...: {result['exceptionDetails']}")
        return result["result"].get("value")

    def axe(self, tags=WCAG_22_AA) -> list[dict]:
        """axe-core's violations of the tags on this page: [{id, impact, help, nodes: [html...]}]."""
        self.evaluate(AXE.read_text("utf-8"))
        script = ("axe.run(document, {runOnly: {type: 'tag', values: TAGS}, resultTypes: ['violations']})"
                  ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                  " nodes: v.nodes.map(n => n.html.slice(0, 200) + ' ' + n.failureSummary)})))"
                  ).replace("TAGS", json.dumps(list(tags)))
        return self.evaluate(script, wait=True)

    def scroll_width(self) -> int:
        return self.evaluate("document.scrollingElement.scrollWidth")

    def wider_than(self, width: int) -> list[str]:
        """The elements that reach past the right edge of the viewport (what makes a page scroll sideways)."""
        return self.evaluate("""(() => {
            const out = [];
            for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.right > WIDTH + 0.5 && !el.closest('.table-region')) out.push(el.outerHTML.slice(0, 120));
            }
            return out.slice(0, 10);
        })()""".replace("WIDTH", str(int(width))))

    def close(self) -> None:
        self.browser.send("Target.closeTarget", targetId=self.target)
