# pykata-corpus: correct
# style: a @dataclass (unhashable), clock injected as a field defaulting to time.monotonic
"""A circuit breaker written as a dataclass with an injectable clock.

Free choices made differently from the reference and the other correct entries:

- ``CircuitBreaker`` is a ``@dataclass``: the three contract arguments are fields, validated in
  ``__post_init__``; it gets a generated ``__eq__`` and so ``__hash__ = None`` (instances are
  unhashable);
- the clock is a fourth, optional field, ``clock: Callable[[], float] = time.monotonic``:
  the default is the ``time.monotonic`` function object taken when the class is defined;
- a ``threading.Lock`` and a trial flag; the open -> half-open transition is derived on read.
"""

from __future__ import annotations

import dataclasses
import functools
import threading
import time
from collections.abc import Callable


class CircuitOpenError(Exception):
    pass


@dataclasses.dataclass
class CircuitBreaker:
    failure_threshold: int = 5
    recovery_timeout: float = 30.0
    expected_exceptions: tuple[type[BaseException], ...] = (Exception,)
    clock: Callable[[], float] = dataclasses.field(default=time.monotonic, repr=False)
    _lock: threading.Lock = dataclasses.field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )
    _failures: int = dataclasses.field(default=0, init=False)
    _opened_at: float | None = dataclasses.field(default=None, init=False)
    _in_trial: bool = dataclasses.field(default=False, init=False)

    def __post_init__(self) -> None:
        if self.failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if self.recovery_timeout < 0:
            raise ValueError("recovery_timeout must not be negative")

    def _state(self) -> str:
        if self._opened_at is None:
            return "closed"
        if self._in_trial or self.clock() - self._opened_at >= self.recovery_timeout:
            return "half-open"
        return "open"

    @property
    def state(self) -> str:
        with self._lock:
            return self._state()

    def call(self, func, *args, **kwargs):
        with self._lock:
            state = self._state()
            if state == "open" or self._in_trial:
                raise CircuitOpenError(f"circuit {state}")
            trial = state == "half-open"
            self._in_trial = trial
        try:
            result = func(*args, **kwargs)
        except self.expected_exceptions:
            with self._lock:
                if trial:
                    self._opened_at = self.clock()
                    self._in_trial = False
                elif self._opened_at is None:
                    self._failures += 1
                    if self._failures >= self.failure_threshold:
                        self._opened_at = self.clock()
                        self._failures = 0
            raise
        except BaseException:
            if trial:
                with self._lock:
                    self._in_trial = False
            raise
        with self._lock:
            if trial or self._opened_at is None:
                self._opened_at = None
                self._in_trial = False
                self._failures = 0
        return result

    def __call__(self, func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return self.call(func, *args, **kwargs)

        return wrapper

    def reset(self) -> None:
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._in_trial = False
