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


class Later:
    """A call's result, to be asked for later: made here when asked (the plain case), or by a forked child."""

    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> None:
        self.fn, self.args = fn, args

    def result(self) -> Any:
        return self.fn(*self.args)

    def cancel(self) -> None:
        """Not wanted after all (the work it served was interrupted)."""


class _Forked(Later):
    def __init__(self, fn: Callable[..., Any], args: tuple[Any, ...], child: Any, receive: Any) -> None:
        super().__init__(fn, args)
        self.child, self.receive = child, receive

    def result(self) -> Any:
        try:
            done, value = self.receive.recv()
        except (EOFError, OSError):  # the child died (killed, out of memory) before it answered
            done, value = False, None
        finally:
            self.receive.close()
            self.child.join()
        return value if done else self.fn(*self.args)

    def cancel(self) -> None:
        self.child.terminate()
        self.child.join()
        self.receive.close()


def meanwhile(fn: Callable[..., Any], *args: Any) -> Later:
    """fn(*args) started in a forked process; ask the Later for its result (which reaps the child), or
    cancel it."""
    if cpus() < 2:
        return Later(fn, args)
    try:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(send, fn, args), daemon=True)
        child.start()
    except (OSError, ValueError, ImportError):  # no fork here, or no room for a process
        return Later(fn, args)
    send.close()
    return _Forked(fn, args, child, receive)


def _child(send: Any, fn: Any, args: Any) -> None:
    try:
        answer = (True, fn(*args))
    except BaseException:  # noqa: BLE001 - the parent makes the call itself, and reports what it raises
        answer = (False, None)
    send.send(answer)
    send.close()
