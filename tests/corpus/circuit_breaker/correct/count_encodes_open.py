# pykata-corpus: correct
# style: no state field (count >= threshold means open), clock read before func, str-subclass state
"""A circuit breaker whose failure count *is* its state.

Free choices made differently from the reference and the other correct entries:

- there is no state field and no ``opened_at is None`` test: the breaker is open (or
  half-open) exactly while ``failures >= failure_threshold``; a failed trial leaves the count
  there and restarts the timer, a success sets it to 0;
- the clock is read *before* ``func`` runs, and that reading is the opening time (katas.md
  decision 6: the specs never move the clock while ``func`` runs);
- ``state`` returns a ``str`` subclass carrying extra attributes (``failures``);
- ``CircuitOpenError`` derives from an intermediate ``BreakerError`` and carries
  ``retry_after``;
- ``recovery_timeout`` is stored as given (an ``int`` stays an ``int``);
- the lock is taken with ``acquire()``/``release()`` in ``try``/``finally``.
"""

import functools
import threading
import time


class BreakerError(Exception):
    """Base of this module's errors."""


class CircuitOpenError(BreakerError):
    def __init__(self, retry_after):
        super().__init__(f"circuit open, retry in {retry_after:.2f} s")
        self.retry_after = retry_after


class State(str):
    failures: int

    def __new__(cls, name, failures):
        self = super().__new__(cls, name)
        self.failures = failures
        return self


class CircuitBreaker:
    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        if failure_threshold < 1 or recovery_timeout < 0:
            raise ValueError("need failure_threshold >= 1 and recovery_timeout >= 0")
        self._limit = failure_threshold
        self._cooldown = recovery_timeout
        self._catch = tuple(expected_exceptions)
        self._guard = threading.Lock()
        self._failures = 0
        self._opened_at = 0.0
        self._trial_running = False

    def _name(self, now):
        if self._failures < self._limit:
            return "closed"
        if self._trial_running or now - self._opened_at >= self._cooldown:
            return "half-open"
        return "open"

    @property
    def state(self):
        self._guard.acquire()
        try:
            return State(self._name(time.monotonic()), self._failures)
        finally:
            self._guard.release()

    def call(self, func, *args, **kwargs):
        self._guard.acquire()
        try:
            started = time.monotonic()
            name = self._name(started)
            if name == "open":
                raise CircuitOpenError(self._opened_at + self._cooldown - started)
            if name == "half-open" and self._trial_running:
                raise CircuitOpenError(0.0)
            trial = name == "half-open"
            if trial:
                self._trial_running = True
        finally:
            self._guard.release()
        try:
            outcome = func(*args, **kwargs)
        except self._catch:
            self._guard.acquire()
            try:
                if trial:
                    self._trial_running = False
                    self._opened_at = started
                elif self._failures < self._limit:
                    self._failures += 1
                    if self._failures == self._limit:
                        self._opened_at = started
            finally:
                self._guard.release()
            raise
        except BaseException:
            if trial:
                self._guard.acquire()
                self._trial_running = False
                self._guard.release()
            raise
        self._guard.acquire()
        try:
            if trial or self._failures < self._limit:
                self._failures = 0
                self._trial_running = False
        finally:
            self._guard.release()
        return outcome

    def __call__(self, func):
        return functools.wraps(func)(lambda *a, **k: self.call(func, *a, **k))

    def reset(self):
        self._guard.acquire()
        try:
            self._failures = 0
            self._trial_running = False
        finally:
            self._guard.release()
