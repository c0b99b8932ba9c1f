# pykata-corpus: buggy level=3
# bug: validates the arguments with assert: bad values raise AssertionError
"""Circuit breaker."""

import functools
import threading
import time


class CircuitOpenError(Exception):
    """Raised when the circuit is open."""


class CircuitBreaker:
    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        assert failure_threshold >= 1, "failure_threshold must be at least 1"
        assert recovery_timeout >= 0, "recovery_timeout must not be negative"
        self.failure_threshold = failure_threshold
        self.recovery_timeout = recovery_timeout
        self.expected_exceptions = expected_exceptions
        self._lock = threading.Lock()
        self._state = "closed"
        self._failures = 0
        self._opened_at = None
        self._trial_running = False

    @property
    def state(self):
        with self._lock:
            return self._current_state()

    def _current_state(self):
        if self._state == "open":
            if self._trial_running:
                return "half-open"
            if time.monotonic() - self._opened_at >= self.recovery_timeout:
                return "half-open"
        return self._state

    def _trip(self):
        self._state = "open"
        self._opened_at = time.monotonic()
        self._failures = 0

    def call(self, func, *args, **kwargs):
        with self._lock:
            state = self._current_state()
            if state == "open":
                raise CircuitOpenError("circuit is open")
            if state == "half-open":
                if self._trial_running:
                    raise CircuitOpenError("a trial call is already running")
                self._trial_running = True
            trial = state == "half-open"
        try:
            result = func(*args, **kwargs)
        except self.expected_exceptions:
            with self._lock:
                if trial:
                    self._trial_running = False
                    self._trip()
                elif self._state == "closed":
                    self._failures += 1
                    if self._failures >= self.failure_threshold:
                        self._trip()
            raise
        except BaseException:
            if trial:
                with self._lock:
                    self._trial_running = False
            raise
        with self._lock:
            if trial:
                self._trial_running = False
                self._state = "closed"
                self._failures = 0
            elif self._state == "closed":
                self._failures = 0
        return result

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return self.call(func, *args, **kwargs)

        return wrapper

    def reset(self):
        with self._lock:
            self._state = "closed"
            self._failures = 0
            self._trial_running = False
