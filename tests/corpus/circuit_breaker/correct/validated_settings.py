# pykata-corpus: correct
# style: public settings validated by property setters, `except Exception as exc: ... raise exc`
"""A circuit breaker whose settings are public, validated properties.

Free choices made differently from the reference and the other correct entries:

- ``failure_threshold``, ``recovery_timeout`` and ``expected_exceptions`` are public
  properties with setters that validate (``__init__`` goes through them, timeout first), so
  they may be changed later;
- ``call`` catches ``Exception`` only and re-raises with ``raise exc`` (the same object, not a
  bare ``raise``); ``BaseException``s pass through untouched;
- the state is kept as two booleans, ``_open`` and ``_probing``, plus the opening time;
- ``import time as _time`` and a module-level ``_now()`` helper reading ``_time.monotonic()``;
- ``CircuitOpenError`` has a fixed message and a ``breaker`` attribute; a ``failure_count``
  read-only property and a ``__repr__``.
"""

import functools
import threading
import time as _time


def _now():
    return _time.monotonic()


class CircuitOpenError(Exception):
    def __init__(self, breaker=None):
        super().__init__("circuit breaker is open")
        self.breaker = breaker


class CircuitBreaker:
    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        self._mutex = threading.RLock()
        self.recovery_timeout = recovery_timeout
        self.failure_threshold = failure_threshold
        self.expected_exceptions = expected_exceptions
        self._failure_count = 0
        self._open = False
        self._probing = False
        self._opened_at = 0.0

    # settings

    @property
    def failure_threshold(self):
        return self._failure_threshold

    @failure_threshold.setter
    def failure_threshold(self, value):
        if value < 1:
            raise ValueError(f"failure_threshold must be >= 1, got {value!r}")
        self._failure_threshold = value

    @property
    def recovery_timeout(self):
        return self._recovery_timeout

    @recovery_timeout.setter
    def recovery_timeout(self, value):
        if value < 0:
            raise ValueError(f"recovery_timeout must be >= 0, got {value!r}")
        self._recovery_timeout = value

    @property
    def expected_exceptions(self):
        return self._expected_exceptions

    @expected_exceptions.setter
    def expected_exceptions(self, value):
        self._expected_exceptions = value

    # views

    @property
    def failure_count(self):
        return self._failure_count

    @property
    def state(self):
        with self._mutex:
            if not self._open:
                return "closed"
            if self._probing or _now() - self._opened_at >= self._recovery_timeout:
                return "half-open"
            return "open"

    def __repr__(self):
        return f"<CircuitBreaker {self.state} failures={self._failure_count}>"

    # calls

    def call(self, func, *args, **kwargs):
        with self._mutex:
            state = self.state
            if state == "open" or self._probing:
                raise CircuitOpenError(self)
            probing = self._probing = state == "half-open"
        try:
            result = func(*args, **kwargs)
        except Exception as exc:
            with self._mutex:
                if isinstance(exc, self._expected_exceptions):
                    self._on_failure(probing)
                elif probing:
                    self._probing = False
            raise exc
        with self._mutex:
            self._on_success(probing)
        return result

    def _on_failure(self, probing):
        if probing:
            self._probing = False
            self._opened_at = _now()
        elif not self._open:
            self._failure_count += 1
            if self._failure_count >= self._failure_threshold:
                self._open = True
                self._opened_at = _now()

    def _on_success(self, probing):
        if probing or not self._open:
            self._open = self._probing = False
            self._failure_count = 0

    def __call__(self, func):
        @functools.wraps(func)
        def call_through_breaker(*args, **kwargs):
            return self.call(func, *args, **kwargs)

        return call_through_breaker

    def reset(self):
        with self._mutex:
            self._open = self._probing = False
            self._failure_count = 0
