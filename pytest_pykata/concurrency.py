"""Bounded helpers for specs that use threads: nothing here can hang a spec.

A deadlocked learner implementation must fail with a message, never hang the run, so every
wait has a timeout and every thread is a daemon (a stuck one is abandoned, and the forked
child that ran the spec is discarded afterwards anyway).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pytest_pykata.spec import SpecFailure, current_recorder

# Kept in a dict, not as module-level names: a running fake clock rebinds module-level names
# that hold the real time functions, and these waits must be measured in real time.
_REAL = {"monotonic": time.monotonic}


@dataclass
class Outcome:
    """What one thread's function did: returned ``value``, raised ``error``, or hung."""

    value: Any = None
    error: BaseException | None = None
    finished: bool = False

    def result(self) -> Any:
        """The value, or re-raise the error."""
        if self.error is not None:
            raise self.error
        return self.value


def _runner(fn: Callable[..., Any], args: tuple, outcome: Outcome) -> Callable[[], None]:
    def run() -> None:
        try:
            outcome.value = fn(*args)
        except BaseException as exc:  # report every kind of failure back to the spec
            outcome.error = exc
        finally:
            outcome.finished = True

    return run


def start(
    fn: Callable[..., Any], *args: Any, name: str = "pykata-spec"
) -> tuple[threading.Thread, Outcome]:
    """Start ``fn(*args)`` on a daemon thread; join the thread yourself, with a timeout."""
    outcome = Outcome()
    thread = threading.Thread(target=_runner(fn, args, outcome), name=name, daemon=True)
    thread.start()
    return thread, outcome


def call_in_thread(
    fn: Callable[..., Any], *args: Any, timeout: float = 5.0, what: str | None = None
) -> Any:
    """Run ``fn(*args)`` on another thread and return its result (or raise its exception).

    Raises SpecFailure if it does not finish within ``timeout`` real seconds, which is how a
    deadlock (or a call that waits for something that never comes) shows up.
    """
    thread, outcome = start(fn, *args)
    thread.join(timeout)
    if not outcome.finished:
        raise SpecFailure(
            f"{what or 'the call'} did not finish within {timeout:g} s (a deadlock, or waiting "
            "for something that never happens?)",
            reproducer=current_recorder().render(),
        )
    return outcome.result()


def run_concurrently(
    fns: Sequence[Callable[[], Any]], *, timeout: float = 10.0, what: str = "the threads"
) -> list[Outcome]:
    """Start every function on its own thread at once; wait for all within ``timeout``.

    Returns their outcomes in order. Raises SpecFailure if any has not finished in time.
    """
    started = [start(fn) for fn in fns]
    deadline = _REAL["monotonic"]() + timeout
    for thread, _ in started:
        thread.join(max(0.0, deadline - _REAL["monotonic"]()))
    outcomes = [outcome for _, outcome in started]
    if not all(o.finished for o in outcomes):
        stuck = sum(not o.finished for o in outcomes)
        raise SpecFailure(
            f"{stuck} of {len(fns)} {what} did not finish within {timeout:g} s "
            "(a deadlock, or a lock held too long?)",
            reproducer=current_recorder().render(),
        )
    return outcomes
