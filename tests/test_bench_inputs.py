"""The benchmark's generated strategies are valid, so the benchmark measures a real check."""

from __future__ import annotations

import importlib.util

from conftest import ROOT

from cpstrat.checks.run import check

spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


def test_generated_strategy_checks_clean_with_its_progress_file(tmp_path):
    folder = bench.write_strategy(tmp_path / "s", 120, "Council 007", seed=7)
    result = check(folder)
    assert result.diagnostics == []
    assert len(result.strategy.actions) == 120
    assert result.strategy.council == "Council 007"
    (progress,) = result.strategy.progress
    assert len(progress.updates) == 60


def test_changed_copy_differs_as_diff_would_see(tmp_path):
    folder = bench.write_strategy(tmp_path / "a", 50)
    other = bench.changed_copy(folder, tmp_path / "b")
    before, after = check(folder).strategy, check(other).strategy
    assert check(other).diagnostics == []
    changed = [a.id for a, b in zip(before.actions, after.actions) if a != b]
    assert changed and len(changed) < len(before.actions)
