# pykata-corpus: buggy level=3
# bug: reset() closes the breaker but does not clear the failure count
"""A circuit breaker with an explicit state machine."""

import enum
import functools
import threading
import time


class CircuitOpenError(Exception):
    pass


class _State(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class CircuitBreaker:
    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        if type(failure_threshold) is not int:
            raise TypeError(f"failure_threshold must be an int, got {failure_threshold!r}")
        if type(recovery_timeout) not in (int, float):
            raise TypeError(f"recovery_timeout must be a number, got {recovery_timeout!r}")
        if isinstance(expected_exceptions, type):
            expected_exceptions = (expected_exceptions,)
        if not isinstance(expected_exceptions, tuple):
            raise TypeError("expected_exceptions must be a tuple")
        for exc_type in expected_exceptions:
            if not (isinstance(exc_type, type) and issubclass(exc_type, BaseException)):
                raise TypeError(f"{exc_type!r} is not an exception class")
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be >= 1")
        if recovery_timeout < 0:
            raise ValueError("recovery_timeout must be >= 0")
        self.failure_threshold = failure_threshold
        self.recovery_timeout = recovery_timeout
        self.expected_exceptions = expected_exceptions
        self._lock = threading.Lock()
        self._state = _State.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trial_in_flight = False

    def _update(self):
        """Move from OPEN to HALF_OPEN once the recovery timeout has passed (lock held)."""
        if self._state is _State.OPEN:
            if time.monotonic() - self._opened_at >= self.recovery_timeout:
                self._state = _State.HALF_OPEN
        return self._state

    @property
    def state(self):
        with self._lock:
            return self._update().value

    def reset(self):
        with self._lock:
            self._state = _State.CLOSED
            self._trial_in_flight = False

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return self.call(func, *args, **kwargs)

        return wrapper

    def _trip(self):
        self._state = _State.OPEN
        self._opened_at = time.monotonic()
        self._trial_in_flight = False

    def call(self, func, *args, **kwargs):
        with self._lock:
            state = self._update()
            if state is _State.OPEN:
                raise CircuitOpenError("circuit breaker is open")
            if state is _State.HALF_OPEN:
                if self._trial_in_flight:
                    raise CircuitOpenError("circuit breaker is half-open, trial in flight")
                self._trial_in_flight = True
        try:
            result = func(*args, **kwargs)
        except self.expected_exceptions:
            with self._lock:
                if state is _State.HALF_OPEN:
                    self._trip()
                elif self._state is _State.CLOSED:
                    self._failures += 1
                    if self._failures >= self.failure_threshold:
                        self._trip()
            raise
        except BaseException:
            with self._lock:
                if state is _State.HALF_OPEN:
                    self._trial_in_flight = False
            raise
        with self._lock:
            if state is _State.HALF_OPEN:
                self._state = _State.CLOSED
                self._trial_in_flight = False
                self._failures = 0
            elif self._state is _State.CLOSED:
                self._failures = 0
        return result
