# pykata-corpus: correct
# style: immutable snapshots swapped under a Lock, generations, class-instance decorator
"""A circuit breaker whose whole state is one immutable snapshot, replaced on every change.

Each call remembers the generation of the snapshot that admitted it; an outcome is applied
to the *current* snapshot (never to a copy taken before the function ran), and only while the
generation is unchanged.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
import time
from typing import Any, NamedTuple


class CircuitOpenError(Exception):
    pass


@dataclasses.dataclass(frozen=True)
class _Snapshot:
    phase: str = "closed"  # "closed" | "open"; half-open is derived
    failures: int = 0
    opened_at: float = 0.0
    trial: bool = False
    generation: int = 0

    def visible_state(self, now: float, timeout: float) -> str:
        if self.phase == "closed":
            return "closed"
        if self.trial or now - self.opened_at >= timeout:
            return "half-open"
        return "open"


class _Ticket(NamedTuple):
    generation: int
    is_trial: bool


class _Guarded:
    """What ``@breaker`` returns: a callable that routes every call through the breaker."""

    def __init__(self, breaker: CircuitBreaker, func: Any) -> None:
        functools.update_wrapper(self, func)
        self.breaker = breaker
        self._func = func

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.breaker.call(self._func, *args, **kwargs)

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        # Behave like a function when used on a method.
        return self if instance is None else functools.partial(self, instance)


class CircuitBreaker:
    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        if type(failure_threshold) is bool or not isinstance(failure_threshold, int):
            raise TypeError("failure_threshold must be an integer")
        if type(recovery_timeout) is bool or not isinstance(recovery_timeout, (int, float)):
            raise TypeError("recovery_timeout must be a number of seconds")
        if isinstance(expected_exceptions, type) and issubclass(expected_exceptions, BaseException):
            expected_exceptions = (expected_exceptions,)
        elif not (
            isinstance(expected_exceptions, tuple)
            and all(
                isinstance(t, type) and issubclass(t, BaseException) for t in expected_exceptions
            )
        ):
            raise TypeError("expected_exceptions must be exception classes")
        if failure_threshold < 1:
            raise ValueError("failure_threshold < 1")
        if recovery_timeout < 0:
            raise ValueError("recovery_timeout < 0")
        self._threshold = failure_threshold
        self._timeout = float(recovery_timeout)
        self._expected = expected_exceptions
        self._mutex = threading.Lock()
        self._snap = _Snapshot()

    @property
    def state(self) -> str:
        snap = self._snap  # a single attribute read: always a consistent snapshot
        return snap.visible_state(time.monotonic(), self._timeout)

    def reset(self) -> None:
        self._mutex.acquire()
        try:
            self._snap = _Snapshot(generation=self._snap.generation + 1)
        finally:
            self._mutex.release()

    def __call__(self, func: Any) -> _Guarded:
        return _Guarded(self, func)

    def _admit(self) -> _Ticket:
        self._mutex.acquire()
        try:
            snap = self._snap
            visible = snap.visible_state(time.monotonic(), self._timeout)
            if visible == "open":
                raise CircuitOpenError("the circuit is open")
            if visible == "half-open":
                if snap.trial:
                    raise CircuitOpenError("the circuit is half-open, trial in flight")
                self._snap = dataclasses.replace(snap, trial=True)
                return _Ticket(snap.generation, True)
            return _Ticket(snap.generation, False)
        finally:
            self._mutex.release()

    def _settle(self, ticket: _Ticket, outcome: str) -> None:
        self._mutex.acquire()
        try:
            snap = self._snap
            if snap.generation != ticket.generation:
                return
            nxt = snap.generation + 1
            if ticket.is_trial:
                if outcome == "success":
                    self._snap = _Snapshot(generation=nxt)
                elif outcome == "failure":
                    self._snap = _Snapshot("open", 0, time.monotonic(), False, nxt)
                else:
                    self._snap = dataclasses.replace(snap, trial=False)
            elif outcome == "success":
                self._snap = dataclasses.replace(snap, failures=0)
            elif outcome == "failure":
                failures = snap.failures + 1
                if failures >= self._threshold:
                    self._snap = _Snapshot("open", failures, time.monotonic(), False, nxt)
                else:
                    self._snap = dataclasses.replace(snap, failures=failures)
        finally:
            self._mutex.release()

    def call(self, func, *args, **kwargs):
        ticket = self._admit()
        try:
            result = func(*args, **kwargs)
        except self._expected:
            self._settle(ticket, "failure")
            raise
        except BaseException:
            self._settle(ticket, "unexpected")
            raise
        self._settle(ticket, "success")
        return result
