"""Timing helper shared by the benchmark scripts."""

from __future__ import annotations

import time


def best(fn, repeat: int, clock=time.perf_counter) -> float:
    """The fastest of `repeat` runs of fn(), in seconds of `clock` (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        start = clock()
        fn()
        times.append(clock() - start)
    return min(times)
