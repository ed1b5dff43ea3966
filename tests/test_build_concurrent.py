"""Two builds into one folder at once do not mix: the second waits on a lock on the folder, so a
manifest marked complete always matches the files beside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

from conftest import ROOT, SMALL, run

from cpstrat.outputs.publish import read_manifest
from cpstrat.util import files


def _strategy(where, title: str):
    folder = where / "plan"  # both are named plan: both write plan-action-plan.* and plan.manifest.json
    folder.mkdir(parents=True)
    # sixty actions, so that writing the set takes long enough for two builds to overlap
    actions = "".join(f"  - id: B{i:03}\n    title: {title} action {i}\n    principles: [best-interests]\n"
                      f"    lead: Head of Service\n    due: 2024-03-31\n" for i in range(60))
    (folder / "strategy.yaml").write_text(SMALL.replace("Corporate Parenting Strategy", title) + actions,
                                          encoding="utf-8")
    return folder


def test_six_rounds_of_two_builds_into_one_folder_leave_a_manifest_that_matches(tmp_path):
    one, two = _strategy(tmp_path / "one", "First plan"), _strategy(tmp_path / "two", "Second plan")
    out = tmp_path / "out"
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "cpstrat", "build", "--format", "md,html", "--output", str(out)]
    for _ in range(6):
        builds = [subprocess.Popen([*command, str(folder)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                  for folder in (one, two)]
        for build in builds:
            _, err = build.communicate(timeout=300)
            assert build.returncode == 0, err.decode()
        manifest = out / "plan.manifest.json"
        assert json.loads(manifest.read_text("utf-8"))["complete"] is True
        assert set(read_manifest(manifest).values()) == {"this run"}, read_manifest(manifest)
        titles = {name: ("First plan" in (out / name).read_text("utf-8", "replace"))
                  for name in ("plan-action-plan.md", "plan-action-plan.html")}
        assert len(set(titles.values())) == 1, titles


def test_a_build_waits_for_the_folder_lock_and_refuses_when_it_is_held_too_long(small, tmp_path, monkeypatch):
    out = tmp_path / "out"
    released = threading.Event()

    def hold():
        with files.folder_lock(out):
            held.set()
            released.wait(10)

    held = threading.Event()
    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    monkeypatch.setattr(files, "LOCK_WAIT_S", 0.3)
    started = time.monotonic()
    refused = run("build", small, "--output", out, "--format", "md,html")
    assert time.monotonic() - started >= 0.3
    assert refused.returncode == 2 and "another build" in refused.stderr and "Traceback" not in refused.stderr
    assert not any(p.name != "out" for p in out.iterdir())
    released.set()
    holder.join()
    assert run("build", small, "--output", out, "--format", "md,html").returncode == 0
    assert set(read_manifest(out / "small.manifest.json").values()) == {"this run"}
