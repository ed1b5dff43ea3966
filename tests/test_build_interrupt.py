"""An interrupted build never leaves a broken or half-replaced document.

`cpstrat build` is killed with SIGKILL at spread-out moments while it
replaces an earlier build's files; each output must then be absent, the old
complete file, or the new complete file.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import docx
from conftest import ROOT, run
from synthetic import write

from cpstrat.format.files import remove_stale
from cpstrat.outputs.publish import MANIFEST_SUFFIX, read_manifest

RUNS = 10


def test_sigkill_at_random_moments_leaves_old_or_new_files(tmp_path):
    old_src = write(tmp_path / "old" / "big", 300)
    new_src = write(tmp_path / "new" / "big", 300, status_shift=1)
    old_out, new_out = tmp_path / "old-out", tmp_path / "new-out"
    assert run("build", old_src, "-o", old_out, "--format", "docx,md,html").returncode == 0
    started = time.monotonic()
    assert run("build", new_src, "-o", new_out, "--format", "docx,md,html").returncode == 0
    duration = time.monotonic() - started
    old = {p.name: p.read_bytes() for p in old_out.iterdir()}
    new = {p.name: p.read_bytes() for p in new_out.iterdir()}
    assert set(old) == set(new) and len(old) == 6 + 1  # and the manifest
    assert all(old[name] != new[name] for name in old)

    rng = random.Random(20231114)
    seen = {"old": 0, "new": 0}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for i in range(RUNS):
        out = tmp_path / f"run-{i}"
        shutil.copytree(old_out, out)
        proc = subprocess.Popen([sys.executable, "-m", "cpstrat", "build", str(new_src), "-o", str(out),
                                 "--format", "docx,md,html"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # kills spread evenly (with jitter) from start-up to well after the final renames
        time.sleep(duration * (0.2 + 1.8 * (i + rng.random()) / RUNS))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for name in old:
            if name.endswith(MANIFEST_SUFFIX):
                continue  # rewritten twice per run: checked below
            target = out / name
            assert target.exists(), f"run {i}: {name} vanished"  # it existed before; rename replaces it
            data = target.read_bytes()
            assert data in (old[name], new[name]), f"run {i}: {name} is neither the old nor the new file"
            seen["old" if data == old[name] else "new"] += 1
            if name.endswith(".docx"):
                docx.Document(target)  # and it opens
        leftovers = [p.name for p in out.iterdir() if p.name not in old]
        assert all(p.startswith(".") and p.endswith(".tmp") for p in leftovers), leftovers
        # the next run removes what a killed one left behind
        remove_stale(out)
        assert [p.name for p in out.iterdir() if p.name not in old] == []
        # the manifest says whether the set is whole, and which files are from its run
        manifest = out / "big.manifest.json"
        states = read_manifest(manifest)
        if json.loads(manifest.read_text("utf-8"))["complete"]:
            assert set(states.values()) == {"this run"}, states
        else:
            for name, state in states.items():
                assert state == ("this run" if (out / name).read_bytes() == new[name] else "another run")
    # the kills landed both before and after the renames, not all at one end
    assert seen["old"] and seen["new"], seen


def test_first_build_killed_leaves_no_partial_file(tmp_path):
    src = write(tmp_path / "big", 300)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for delay in (0.2, 0.6, 1.0, 1.4):
        shutil.rmtree(out, ignore_errors=True)
        proc = subprocess.Popen([sys.executable, "-m", "cpstrat", "build", str(src), "-o", str(out)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        for target in out.glob("*.docx") if out.exists() else []:
            docx.Document(target)  # every file that is there is complete
