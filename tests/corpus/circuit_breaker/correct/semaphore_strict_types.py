# pykata-corpus: correct
# style: BoundedSemaphore trial permit, deque of failure times, strict TypeErrors (int timeout too)
"""A circuit breaker with a semaphore as the trial permit and very strict argument checks.

Free choices made differently from the reference and the other correct entries:

- the half-open trial is a ``threading.BoundedSemaphore(1)`` taken with
  ``acquire(blocking=False)`` and released however the trial ends; a separate ``Lock``
  guards the rest;
- the consecutive failures are a ``collections.deque`` of their times (the count is its
  length), cleared on success;
- strict types: ``TypeError`` for a ``bool`` or non-``int`` threshold, a timeout that is not
  a ``float`` (an ``int`` timeout is refused too: the default is ``30.0``), and
  ``expected_exceptions`` that is not a non-empty tuple of exception classes; types are
  checked before ranges;
- the state is stored, and the open -> half-open transition is stored by whoever notices it.
"""

from __future__ import annotations

import collections
import functools
import math
import threading
import time


class CircuitOpenError(Exception):
    pass


class CircuitBreaker:
    def __init__(
        self,
        failure_threshold: int = 5,
        recovery_timeout: float = 30.0,
        expected_exceptions: tuple[type[BaseException], ...] = (Exception,),
    ) -> None:
        if type(failure_threshold) is not int:
            raise TypeError("failure_threshold must be an int")
        if type(recovery_timeout) is not float:
            raise TypeError("recovery_timeout must be a float")
        if (
            type(expected_exceptions) is not tuple
            or not expected_exceptions
            or not all(
                isinstance(c, type) and issubclass(c, BaseException) for c in expected_exceptions
            )
        ):
            raise TypeError("expected_exceptions must be a non-empty tuple of exception classes")
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if not math.isfinite(recovery_timeout) or recovery_timeout < 0:
            raise ValueError("recovery_timeout must be a finite number >= 0")
        self._threshold = failure_threshold
        self._timeout = recovery_timeout
        self._expected = expected_exceptions
        self._lock = threading.Lock()
        self._permit = threading.BoundedSemaphore(1)
        self._failures: collections.deque[float] = collections.deque()
        self._state = "closed"
        self._opened_at = -math.inf

    @property
    def state(self) -> str:
        with self._lock:
            self._refresh()
            return self._state

    def _refresh(self) -> None:
        if self._state == "open" and time.monotonic() - self._opened_at >= self._timeout:
            self._state = "half-open"

    def _open(self) -> None:
        self._state = "open"
        self._opened_at = time.monotonic()
        self._failures.clear()

    def call(self, func, /, *args, **kwargs):
        with self._lock:
            self._refresh()
            if self._state == "open":
                raise CircuitOpenError("open")
            trial = self._state == "half-open"
            if trial and not self._permit.acquire(blocking=False):
                raise CircuitOpenError("a trial call is running")
        try:
            result = func(*args, **kwargs)
        except self._expected:
            with self._lock:
                if trial:
                    self._open()
                    self._permit.release()
                elif self._state == "closed":
                    self._failures.append(time.monotonic())
                    if len(self._failures) >= self._threshold:
                        self._open()
            raise
        except BaseException:
            if trial:
                self._permit.release()
            raise
        with self._lock:
            if trial:
                self._state = "closed"
                self._permit.release()
            if self._state == "closed":
                self._failures.clear()
        return result

    def __call__(self, func):
        @functools.wraps(func)
        def through_breaker(*args, **kwargs):
            return self.call(func, *args, **kwargs)

        return through_breaker

    def reset(self) -> None:
        with self._lock:
            self._state = "closed"
            self._failures.clear()
