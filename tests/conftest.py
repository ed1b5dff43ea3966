"""Shared test helpers: a small valid strategy, and running the command line in-process or as a new process."""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import sys
import textwrap
import traceback
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Property tests judge behaviour, not the machine's speed: on a loaded CI machine a health check
# (too slow, too much data) would fail a run that found nothing wrong.
settings.register_profile("cpstrat", deadline=None, suppress_health_check=list(HealthCheck))
settings.load_profile("cpstrat")

ROOT = Path(__file__).resolve().parent.parent
STRATEGIES = ROOT / "strategies"

# A small strategy that checks clean: every principle, ask and priority is covered.
# Tests copy it and change one thing, so line numbers below are stable: keep them.
SMALL = textwrap.dedent("""\
    cpstrat: 1
    council: Testshire County Council
    title: Corporate Parenting Strategy
    period: {start: 2022-04-01, end: 2025-03-31}
    vision: Children in our care grow up safe, heard and ambitious.
    voices:
      - id: cicc
        name: Children in Care Council
        asks:
          - id: cicc-listen
            text: Workers listening to our views
    priorities:
      - id: health
        title: Health and wellbeing
        principles: [best-interests]
    actions:
      - id: A01
        title: Share good practice on emotional wellbeing across the partnership
        principles: [best-interests, express-views, take-account]
        priorities: [health]
        responds_to: [cicc-listen]
        lead: Head of Service, Children in Care
        partners: [Health, Police]
        due: 2023-03-31
        measures:
          - id: A01-m1
            text: Care leavers with an up-to-date pathway plan
            target: 98
            unit: "%"
        status: on-track
      - id: A02
        title: Offer free bus travel to care leavers in education or work
        principles: [access-services, high-aspirations, safe-and-stable, adulthood]
        lead: Head of Transport
        due: 2024-03-31
        status: not-started
    """)

PROGRESS = textwrap.dedent("""\
    cpstrat: 1
    as_at: 2023-03-31
    meeting: {name: Corporate Parenting Board, date: 2023-04-12, agenda_item: "5"}
    purpose: To report progress on the action plan.
    implications:
      financial: None.
      legal: None.
      equalities: None.
      environmental: None.
      human_resources: None.
    updates:
      - action: A01
        status: complete
        summary: Good practice shared at three partnership events.
        achievements:
          - 40 frontline police officers trained in Total Respect
        measures: {A01-m1: 97}
    report_of: Director of Children's Services
    contact: {name: Jo Bloggs, role: Corporate Parenting Officer, email: jo.bloggs@example.gov.uk}
    """)


@pytest.fixture
def small(tmp_path) -> Path:
    """A strategy folder (strategy.yaml and one progress file) that checks clean."""
    folder = tmp_path / "small"
    (folder / "progress").mkdir(parents=True)
    (folder / "strategy.yaml").write_text(SMALL, encoding="utf-8")
    (folder / "progress" / "2023-03-31.yaml").write_text(PROGRESS, encoding="utf-8")
    return folder


@pytest.fixture(params=["ryml", "libyaml"])
def reader(request, monkeypatch):
    """Run a test once with each YAML reader: rapidyaml first (libyaml for what it leaves), and libyaml alone."""
    if request.param == "ryml":
        pytest.importorskip("cpstrat.format.read_ryml")
    monkeypatch.setenv("CPSTRAT_YAML_READER", request.param)
    return request.param


def run(*args, cwd=None, input=None, env=None, text=True) -> subprocess.CompletedProcess:
    """Run the `cpstrat` command line in this process, as the entry point runs it, and return what a
    subprocess would: the exit code and stdout and stderr kept apart.

    A new process proves nothing for most tests and costs the interpreter's start-up and imports each
    time; tests of start-up, installation, signals or a real pipe use `run_process`. An exception that
    escapes the command becomes a traceback on stderr and exit 1, exactly as it would for a user.
    With text=False, stdout and stderr are the bytes written.
    """
    from typer.testing import CliRunner

    from cpstrat.cli import main

    argv = [str(a) for a in args]
    before = Path.cwd()
    saved_argv = sys.argv
    with CliRunner().isolation(input=input, env={"NO_COLOR": "1", **(env or {})}) as (stdout, stderr, _):
        sys.argv = ["cpstrat", *argv]
        try:
            if cwd is not None:
                os.chdir(cwd)
            main()
            code = 0
        except SystemExit as exc:
            code = exit_code(exc.code)
        except Exception:  # noqa: BLE001 - reported the way the interpreter would report it
            traceback.print_exc()
            code = 1
        finally:
            sys.argv = saved_argv
            os.chdir(before)
            gc.enable()  # the entry point turns the collector off for some commands
            sys.stdout.flush()
            sys.stderr.flush()
        out, err = stdout.getvalue(), stderr.getvalue()
    shown(out.decode("utf-8", "replace") + err.decode("utf-8", "replace"))
    if text:
        out, err = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
    return subprocess.CompletedProcess(["cpstrat", *argv], code, out, err)


def exit_code(code) -> int:
    """The process exit status `sys.exit(code)` gives."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def libreoffice(to: str, outdir: Path, *files: Path, profile: Path, timeout: int = 120,
                check: bool = False) -> subprocess.CompletedProcess:
    """Convert files with LibreOffice, headless, as a reader's program would open them (`to`: pdf, csv,
    xlsx); `profile` is a folder of the test's own, so runs never share LibreOffice's settings."""
    program = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
    return subprocess.run([program, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to,
                           "--outdir", str(outdir), *map(str, files)], capture_output=True, timeout=timeout,
                          check=check)


def run_process(*args, cwd=None, input=None, env=None) -> subprocess.CompletedProcess:
    """Run `python -m cpstrat` as a new process: for tests of start-up, signals and real pipes."""
    done = subprocess.run(
        [sys.executable, "-m", "cpstrat", *map(str, args)],
        capture_output=True, text=True, cwd=cwd, input=input,
        env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT), **(env or {})},
    )
    shown(done.stdout + done.stderr)
    return done


# -- which rule codes the suite raises, for the rule-coverage test in test_rules.py -------------------

RAISED: set[str] = set()
WHOLE_SUITE = pytest.StashKey[bool]()
LAST = "test_every_rule_code_is_raised_and_named_by_a_test"


def shown(output: str) -> None:
    """Note the rule codes a command printed (diagnostics made in another process reach us this way)."""
    RAISED.update(re.findall(r"\b(CP[0-9]{3}) ", output))


def _record_raised_codes() -> None:
    """Note the code of every Diagnostic made while the tests run: in this process, or in a worker
    process (git versions, batch checks) and sent back pickled."""
    from cpstrat.format.diagnostics import Diagnostic

    made = Diagnostic.__init__

    def recording(self, *args, **kwargs):
        made(self, *args, **kwargs)
        RAISED.add(self.code)

    def unpickled(self, state):
        self.__dict__.update(state)
        RAISED.add(self.code)

    Diagnostic.__init__ = recording
    Diagnostic.__setstate__ = unpickled


_record_raised_codes()


def pytest_deselected(items):
    if items:
        items[0].config.stash[WHOLE_SUITE] = False


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the rule-coverage test last, and say whether every test file and test is in this run."""
    files = {Path(str(item.fspath)).name for item in items}
    every_file = files == {p.name for p in Path(__file__).parent.glob("test_*.py")}
    narrowed = (config.option.keyword or config.option.markexpr or config.option.deselect
                or getattr(config.option, "lf", False))
    config.stash[WHOLE_SUITE] = config.stash.get(WHOLE_SUITE, True) and every_file and not narrowed
    items.sort(key=lambda item: item.name == LAST)
