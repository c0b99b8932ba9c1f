# pykata-corpus: correct
# style: __slots__, __setattr__ guard, stored retry deadline, func taken from *args, OSError base
"""A circuit breaker that stores the instant it may retry, not the instant it opened.

Free choices made differently from the reference and the other correct entries:

- ``__slots__`` and a ``__setattr__`` that refuses ``state`` with a ``TypeError`` (there is no
  ``state`` property at all: ``state`` is resolved by ``__getattr__``);
- the open breaker stores ``retry_at = opened_at + recovery_timeout`` and compares
  ``monotonic() >= retry_at``;
- ``call(*args, **kwargs)`` takes ``func`` from its positional arguments;
- ``CircuitOpenError`` derives from ``ConnectionError`` (so from ``OSError``);
- the count of failures lives in a one-element list.
"""

import functools
import threading
import time

__all__ = ["CircuitBreaker", "CircuitOpenError"]


class CircuitOpenError(ConnectionError):
    """The breaker refused the call."""


_CLOSED, _OPEN = "closed", "open"


class CircuitBreaker:
    __slots__ = (
        "_count",
        "_expected",
        "_mode",
        "_mutex",
        "_probing",
        "_retry_at",
        "_threshold",
        "_timeout",
    )

    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be >= 1")
        if recovery_timeout < 0:
            raise ValueError("recovery_timeout must be >= 0")
        object.__setattr__(self, "_threshold", failure_threshold)
        object.__setattr__(self, "_timeout", recovery_timeout)
        object.__setattr__(self, "_expected", expected_exceptions)
        object.__setattr__(self, "_mutex", threading.Lock())
        object.__setattr__(self, "_mode", _CLOSED)
        object.__setattr__(self, "_retry_at", 0.0)
        object.__setattr__(self, "_count", [0])
        object.__setattr__(self, "_probing", False)

    def __setattr__(self, name, value):
        if name == "state":
            raise TypeError("state is read-only")
        object.__setattr__(self, name, value)

    def __getattr__(self, name):
        if name == "state":
            with self._mutex:
                return self._current(time.monotonic())
        raise AttributeError(name)

    def _current(self, now):
        if self._mode == _CLOSED:
            return "closed"
        if self._probing or now >= self._retry_at:
            return "half-open"
        return "open"

    def _trip(self):
        self._mode = _OPEN
        self._retry_at = time.monotonic() + self._timeout
        self._probing = False

    def call(*args, **kwargs):
        self, func, *args = args
        with self._mutex:
            mode = self._current(time.monotonic())
            if mode == "open" or (mode == "half-open" and self._probing):
                raise CircuitOpenError("circuit open")
            probe = mode == "half-open"
            if probe:
                self._probing = True
        try:
            value = func(*args, **kwargs)
        except BaseException as exc:
            with self._mutex:
                if not isinstance(exc, self._expected):
                    if probe:
                        self._probing = False
                elif probe:
                    self._trip()
                elif self._mode == _CLOSED:
                    self._count[0] += 1
                    if self._count[0] >= self._threshold:
                        self._count[0] = 0
                        self._trip()
            raise
        with self._mutex:
            if probe or self._mode == _CLOSED:
                self._mode = _CLOSED
                self._probing = False
                self._count[0] = 0
        return value

    def __call__(self, func):
        def guarded(*args, **kwargs):
            return self.call(func, *args, **kwargs)

        return functools.update_wrapper(guarded, func)

    def reset(self):
        with self._mutex:
            self._mode = _CLOSED
            self._probing = False
            self._count[0] = 0
