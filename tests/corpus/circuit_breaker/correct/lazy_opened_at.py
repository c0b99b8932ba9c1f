# pykata-corpus: correct
# style: only opened_at + a trial token stored, state derived on read, Condition as lock
"""A circuit breaker that stores only when it opened and derives its state from the clock.

There is no state field: ``opened_at is None`` means closed, otherwise it is half-open when a
trial is running or the timeout has elapsed, and open before that. A trial is identified by a
token object so that a trial ending after ``reset()`` cannot disturb a later period.
"""

from __future__ import annotations

import functools
import math
import threading
import time
from collections.abc import Iterable


class CircuitOpenError(RuntimeError):
    """Calls are being rejected; ``retry_after`` says for how long (0 during a trial)."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"circuit open, retry after {retry_after:.2f}s")
        self.retry_after = retry_after


def _as_exception_tuple(value: object) -> tuple[type[BaseException], ...]:
    if isinstance(value, type):
        value = (value,)
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise TypeError(f"not exception classes: {value!r}")
    classes = tuple(value)
    for cls in classes:
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            raise TypeError(f"not an exception class: {cls!r}")
    return classes


class CircuitBreaker:
    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        if not isinstance(failure_threshold, int):
            raise TypeError("failure_threshold must be an int")
        if not isinstance(recovery_timeout, int | float):
            raise TypeError("recovery_timeout must be a real number")
        self._expected = _as_exception_tuple(expected_exceptions)
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if recovery_timeout < 0 or math.isnan(recovery_timeout):
            raise ValueError("recovery_timeout must be non-negative")
        self._threshold = failure_threshold
        self._timeout = recovery_timeout
        self._guard = threading.Condition()
        self._failures = 0
        self._opened_at: float | None = None
        self._trial: object | None = None

    def _derive(self, now: float) -> str:
        if self._opened_at is None:
            return "closed"
        if self._trial is not None or now - self._opened_at >= self._timeout:
            return "half-open"
        return "open"

    @property
    def state(self) -> str:
        with self._guard:
            return self._derive(time.monotonic())

    def reset(self) -> None:
        with self._guard:
            self._failures = 0
            self._opened_at = None
            self._trial = None

    def __call__(self, func):
        wrapper = functools.partial(self.call, func)
        return functools.update_wrapper(lambda *a, **kw: wrapper(*a, **kw), func)

    def call(self, func, *args, **kwargs):
        with self._guard:
            now = time.monotonic()
            state = self._derive(now)
            if state == "open":
                raise CircuitOpenError(self._opened_at + self._timeout - now)
            if state == "half-open":
                if self._trial is not None:
                    raise CircuitOpenError(0.0)
                self._trial = token = object()
            else:
                token = None
        try:
            result = func(*args, **kwargs)
        except self._expected:
            with self._guard:
                if token is not None and self._trial is token:
                    self._trial = None
                    self._opened_at = time.monotonic()
                elif token is None and self._opened_at is None:
                    self._failures += 1
                    if self._failures >= self._threshold:
                        self._opened_at = time.monotonic()
            raise
        except BaseException:
            with self._guard:
                if token is not None and self._trial is token:
                    self._trial = None
            raise
        with self._guard:
            if token is not None and self._trial is token:
                self._trial = None
                self._opened_at = None
                self._failures = 0
            elif token is None and self._opened_at is None:
                self._failures = 0
        return result
