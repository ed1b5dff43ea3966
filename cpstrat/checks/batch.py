"""Checking many strategies in one run, on every CPU the machine has.

A folder of 150 council strategies is 150 independent checks, and the YAML
parse that dominates each one holds the interpreter lock, so the checks are
shared among worker processes. What comes back from a worker is what the
reports need (diagnostics, and which files were read): the full model would
cost more to send back than checking it did.
"""

from __future__ import annotations

from pathlib import Path

from cpstrat.checks.run import Result, check
from cpstrat.format import model
from cpstrat.util.background import cpus

# Below this many strategies, starting workers costs more than it saves.
MIN_PARALLEL = 4


def check_all(paths: list[Path]) -> list[Result]:
    """Check each strategy; results in the order of paths."""
    workers = min(len(paths), cpus())
    if len(paths) < MIN_PARALLEL or workers < 2:
        return [check(p) for p in paths]
    try:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            chunk = max(1, len(paths) // (workers * 4))
            return list(pool.map(_check_light, paths, chunksize=chunk))
    except (OSError, ValueError, ImportError):
        # no fork or no process support here (some sandboxes): check one by one
        return [check(p) for p in paths]


def _check_light(path: Path) -> Result:
    result = check(path)
    s = result.strategy
    if s is not None:
        # keep the file paths the reports list; drop the model and the loaded data
        lo = model.LocalOffer(path=s.local_offer.path) if s.local_offer is not None else None
        s = model.Strategy(path=s.path, progress=tuple(model.Progress(path=p.path) for p in s.progress),
                           local_offer=lo)
    return Result(result.path, s, result.diagnostics)
