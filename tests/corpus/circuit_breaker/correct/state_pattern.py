# pykata-corpus: correct
# style: State pattern (one object per state, swapped on transitions), RLock
"""A circuit breaker built with the State pattern: each state object decides for itself."""

from __future__ import annotations

import functools
import threading
import time


class CircuitOpenError(Exception):
    pass


class _Closed:
    name = "closed"

    def __init__(self) -> None:
        self.failures = 0

    def current(self, breaker, now):
        return self

    def admit(self, breaker, now):
        return self

    def on_success(self, breaker, now):
        self.failures = 0

    def on_failure(self, breaker, now):
        self.failures += 1
        if self.failures >= breaker.failure_threshold:
            breaker._become(_Open(now))

    def on_unexpected(self, breaker, now):
        pass


class _Open:
    name = "open"

    def __init__(self, opened_at: float) -> None:
        self.opened_at = opened_at

    def current(self, breaker, now):
        if now - self.opened_at >= breaker.recovery_timeout:
            return _HalfOpen()
        return self

    def admit(self, breaker, now):
        raise CircuitOpenError(f"open since t={self.opened_at}")


class _HalfOpen:
    name = "half-open"

    def __init__(self) -> None:
        self.trial_running = False

    def current(self, breaker, now):
        return self

    def admit(self, breaker, now):
        if self.trial_running:
            raise CircuitOpenError("a trial call is running")
        self.trial_running = True
        return self

    def on_success(self, breaker, now):
        breaker._become(_Closed())

    def on_failure(self, breaker, now):
        breaker._become(_Open(now))

    def on_unexpected(self, breaker, now):
        self.trial_running = False


class CircuitBreaker:
    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        if isinstance(failure_threshold, bool) or not isinstance(failure_threshold, int):
            raise TypeError(f"failure_threshold: expected int, got {failure_threshold!r}")
        if isinstance(recovery_timeout, bool) or not isinstance(recovery_timeout, (int, float)):
            raise TypeError(f"recovery_timeout: expected a number, got {recovery_timeout!r}")
        if isinstance(expected_exceptions, type):
            expected_exceptions = (expected_exceptions,)
        if not isinstance(expected_exceptions, tuple) or not all(
            isinstance(cls, type) and issubclass(cls, BaseException) for cls in expected_exceptions
        ):
            raise TypeError(f"expected_exceptions: bad value {expected_exceptions!r}")
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be positive")
        if recovery_timeout < 0:
            raise ValueError("recovery_timeout must not be negative")
        self.failure_threshold = failure_threshold
        self.recovery_timeout = recovery_timeout
        self.expected_exceptions = expected_exceptions
        self._lock = threading.RLock()
        self._current = _Closed()

    def _become(self, new_state) -> None:
        self._current = new_state

    def _sync(self, now):
        self._current = self._current.current(self, now)
        return self._current

    @property
    def state(self) -> str:
        with self._lock:
            return self._sync(time.monotonic()).name

    def reset(self) -> None:
        with self._lock:
            self._current = _Closed()

    def __call__(self, func):
        @functools.wraps(func)
        def through_breaker(*args, **kwargs):
            return self.call(func, *args, **kwargs)

        return through_breaker

    def call(self, func, *args, **kwargs):
        with self._lock:
            handler = self._sync(time.monotonic()).admit(self, time.monotonic())
        try:
            result = func(*args, **kwargs)
        except self.expected_exceptions:
            self._finish(handler, "on_failure")
            raise
        except BaseException:
            self._finish(handler, "on_unexpected")
            raise
        self._finish(handler, "on_success")
        return result

    def _finish(self, handler, event: str) -> None:
        with self._lock:
            if handler is self._current:  # ignore outcomes of calls from an earlier state
                getattr(handler, event)(self, time.monotonic())
