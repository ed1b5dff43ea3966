"""A call run in a forked process while this one goes on: for a second CPU that would otherwise sit idle.

Only for work whose inputs are already in memory and whose result is small:
the child is a fork, so it sees the inputs without copying them, and sends back
only its result. Where there is no fork (Windows), one CPU, or the child fails
in any way, the call is simply made here when its result is asked for.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any


def cpus() -> int:
    """The CPUs this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def meanwhile(fn: Callable[..., Any], *args) -> Callable[[], Any]:
    """Start fn(*args) in a forked process; the function returned gives its result (and reaps the child)."""
    if cpus() < 2:
        return lambda: fn(*args)
    try:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(send, fn, args), daemon=True)
        child.start()
    except (OSError, ValueError, ImportError):  # no fork here, or no room for a process
        return lambda: fn(*args)
    send.close()

    def result():
        try:
            done, value = receive.recv()
        except (EOFError, OSError):  # the child died (killed, out of memory) before it answered
            done, value = False, None
        finally:
            receive.close()
            child.join()
        return value if done else fn(*args)

    return result


def _child(send, fn, args) -> None:
    try:
        answer = (True, fn(*args))
    except BaseException:  # noqa: BLE001 - the parent makes the call itself, and reports what it raises
        answer = (False, None)
    send.send(answer)
    send.close()
