"""An interrupted build never leaves a broken or half-replaced document, and its manifest tells.

`cpstrat build` runs in a new process (SIGKILL is what is tested) that kills itself at every
file-system step of writing its outputs: before and after each fsync of a file's data and before
and after each rename. Driving the kills by step rather than by clock means every moment between
"nothing written yet" and "all written" is hit, on a fast machine or a loaded one.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap

import docx
from conftest import ROOT, run
from synthetic import write

from cpstrat.outputs.publish import MANIFEST_SUFFIX, read_manifest
from cpstrat.util.files import remove_stale

# Runs the command line, killing itself with SIGKILL at the Nth call of os.fsync or os.replace
# (before or after the call), or printing how many calls there were when the point is "count".
HARNESS = textwrap.dedent("""\
    import os, signal, sys
    point, nth = sys.argv[1], int(sys.argv[2])
    counts = {}
    def hooked(name, real):
        def call(*args, **kwargs):
            for when in ("before", "after"):
                if when == "after":
                    result = real(*args, **kwargs)
                key = f"{name}-{when}"
                counts[key] = counts.get(key, 0) + 1
                if key == point and counts[key] == nth:
                    os.kill(os.getpid(), signal.SIGKILL)
            return result
        return call
    os.fsync = hooked("fsync", os.fsync)
    os.replace = hooked("replace", os.replace)
    from cpstrat.cli import main
    sys.argv = ["cpstrat", *sys.argv[3:]]
    try:
        main()
    finally:
        if point == "count":
            print(counts.get("fsync-before", 0), counts.get("replace-before", 0), file=sys.stderr)
    """)


def build_killed_at(point: str, nth: int, src, out) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", HARNESS, point, str(nth), "build", str(src), "-o", str(out),
                           "--format", "docx,md,html"],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})


def kill_points(src, out, steps=("fsync-after", "replace-after")) -> list[tuple[str, int]]:
    """Every kill point of a build, in the order of `steps` and then of the calls.

    By default: with a file's data written and synced but not renamed, and just renamed (a kill before
    a rename finds what a kill after the fsync found, and after a rename what a kill before the next
    file's fsync found).
    """
    counted = build_killed_at("count", 0, src, out)
    assert counted.returncode == 0, counted.stderr
    totals = dict(zip(("fsync", "replace"), map(int, counted.stderr.split()[-2:]), strict=True))
    assert min(totals.values()) >= 4, counted.stderr  # one of each per output at least
    return [(step, n) for step in steps for n in range(1, totals[step.split("-")[0]] + 1)]


def test_sigkill_at_every_write_step_leaves_old_or_new_files(tmp_path):
    old_src = write(tmp_path / "old" / "big", 12)
    new_src = write(tmp_path / "new" / "big", 12, status_shift=1)
    old_out, new_out = tmp_path / "old-out", tmp_path / "new-out"
    assert run("build", old_src, "-o", old_out, "--format", "docx,md,html").returncode == 0
    assert run("build", new_src, "-o", new_out, "--format", "docx,md,html").returncode == 0
    old = {p.name: p.read_bytes() for p in old_out.iterdir()}
    new = {p.name: p.read_bytes() for p in new_out.iterdir()}
    assert set(old) == set(new) and len(old) == 6 + 1  # plan and report in three formats, and the manifest
    assert all(old[name] != new[name] for name in old)
    (manifest_name,) = [name for name in old if name.endswith(MANIFEST_SUFFIX)]
    documents = sorted(set(old) - {manifest_name})

    points = kill_points(new_src, tmp_path / "count-out")
    replaced_so_far = []  # how many outputs were new after each kill, in step order
    killed_with_temp_files = 0
    for i, (point, nth) in enumerate(points):
        out = tmp_path / f"run-{i}"
        shutil.copytree(old_out, out)
        killed = build_killed_at(point, nth, new_src, out)
        assert killed.returncode == -signal.SIGKILL, (point, nth, killed.stderr[-2000:])
        fresh = 0
        for name in documents:
            target = out / name
            assert target.exists(), f"{point} #{nth}: {name} vanished"  # it existed; rename replaces it
            data = target.read_bytes()
            assert data in (old[name], new[name]), f"{point} #{nth}: {name} is neither the old nor the new file"
            fresh += data == new[name]
            if name.endswith(".docx"):
                docx.Document(target)  # and it opens
        leftovers = [p.name for p in out.iterdir() if p.name not in old]
        assert all(p.startswith(".") and p.endswith(".tmp") for p in leftovers), (point, nth, leftovers)
        killed_with_temp_files += bool(leftovers)
        replaced_so_far.append((point, nth, fresh))
        # the next run removes what a killed one left behind
        remove_stale(out)
        assert [p.name for p in out.iterdir() if p.name not in old] == [], (point, nth)
        # the manifest says whether the set is whole, and which files are from its run
        manifest = out / manifest_name
        states = read_manifest(manifest)
        if json.loads(manifest.read_text("utf-8"))["complete"]:
            # a whole set, of the old run (killed before the new manifest) or of the new one
            assert fresh in (0, len(documents)) and set(states.values()) == {"this run"}, (point, nth, states)
        else:
            for name, state in states.items():
                assert state == ("this run" if (out / name).read_bytes() == new[name] else "another run")

    fresh_counts = [fresh for *_, fresh in replaced_so_far]
    # the steps cover the whole write: first kill before any output is replaced, some kills in the middle
    # of the set (some new, some old), and at least one kill with a file half-way (data written, not renamed)
    assert fresh_counts[points.index(("fsync-after", 1))] == 0, replaced_so_far
    assert any(0 < fresh < len(documents) for fresh in fresh_counts), replaced_so_far
    assert killed_with_temp_files, replaced_so_far
    # a kill just after the last rename finds every output new
    assert fresh_counts[-1] == len(documents), replaced_so_far


def test_first_build_killed_at_every_write_step_leaves_no_partial_file(tmp_path):
    src = write(tmp_path / "big", 12)
    whole = tmp_path / "whole"
    assert run("build", src, "-o", whole, "--format", "docx,md,html").returncode == 0
    points = kill_points(src, tmp_path / "count-out", steps=("replace-after",))
    complete_files_seen = 0
    for i, (point, nth) in enumerate(points):
        out = tmp_path / f"run-{i}"
        killed = build_killed_at(point, nth, src, out)
        assert killed.returncode == -signal.SIGKILL, (point, nth, killed.stderr[-2000:])
        visible = [p for p in out.iterdir() if not p.name.startswith(".")] if out.exists() else []
        for target in visible:
            if target.name.endswith(MANIFEST_SUFFIX):
                states = read_manifest(target)  # it names only files it wrote, and says if they are there
                assert set(states.values()) <= {"this run", "missing"}, (point, nth, states)
                continue
            assert target.read_bytes() == (whole / target.name).read_bytes(), (point, nth, target.name)
            complete_files_seen += 1  # every file that is there is complete
    assert complete_files_seen  # some kills landed after a rename, so the check above ran
