# pykata-corpus: correct
# style: contextmanager guard, custom read-only descriptor, RLock, partial decorator, chained error
"""A circuit breaker whose bookkeeping lives in one ``contextlib.contextmanager`` guard.

Free choices made differently from the reference and the other correct entries:

- ``call`` is ``with self._guard(): return func(...)``; the generator admits the call and
  records the outcome, re-raising the very exception object thrown into it;
- ``state`` is a hand-written descriptor (not a ``property``) whose ``__set__`` raises
  ``PermissionError``;
- an ``RLock`` taken with ``with``;
- the decorator is ``functools.wraps(func)(functools.partial(self.call, func))``: a
  ``functools.partial`` object, not a function;
- ``CircuitOpenError`` is raised ``from`` the last failure that opened the breaker, and carries
  it as ``last_failure``.
"""

import contextlib
import functools
import threading
from time import monotonic


class CircuitOpenError(Exception):
    def __init__(self, message, last_failure=None):
        super().__init__(message)
        self.last_failure = last_failure


class _ReadOnly:
    def __init__(self, getter):
        self._getter = getter

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        return self._getter(obj)

    def __set__(self, obj, value):
        raise PermissionError("the state of a circuit breaker cannot be assigned")

    def __delete__(self, obj):
        raise PermissionError("the state of a circuit breaker cannot be deleted")


class CircuitBreaker:
    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        if recovery_timeout < 0:
            raise ValueError(f"negative recovery_timeout: {recovery_timeout}")
        if failure_threshold < 1:
            raise ValueError(f"failure_threshold below 1: {failure_threshold}")
        self.failure_threshold = failure_threshold
        self.recovery_timeout = recovery_timeout
        self.expected_exceptions = expected_exceptions
        self._rlock = threading.RLock()
        self._streak = 0
        self._opened = None
        self._trial = False
        self._last_failure = None

    def _read_state(self):
        with self._rlock:
            if self._opened is None:
                return "closed"
            if self._trial or monotonic() - self._opened >= self.recovery_timeout:
                return "half-open"
            return "open"

    state = _ReadOnly(_read_state)

    @contextlib.contextmanager
    def _guard(self):
        with self._rlock:
            current = self._read_state()
            if current == "open" or (current == "half-open" and self._trial):
                raise CircuitOpenError("the circuit is open", self._last_failure) from (
                    self._last_failure
                )
            trial = current == "half-open"
            self._trial = trial
        try:
            yield
        except self.expected_exceptions as exc:
            with self._rlock:
                self._last_failure = exc
                if trial:
                    self._opened = monotonic()
                    self._trial = False
                elif self._opened is None:
                    self._streak += 1
                    if self._streak >= self.failure_threshold:
                        self._opened = monotonic()
            raise
        except BaseException:
            if trial:
                with self._rlock:
                    self._trial = False
            raise
        else:
            with self._rlock:
                if trial or self._opened is None:
                    self._opened = None
                    self._trial = False
                    self._streak = 0

    def call(self, func, *args, **kwargs):
        with self._guard():
            return func(*args, **kwargs)

    def __call__(self, func):
        return functools.wraps(func)(functools.partial(self.call, func))

    def reset(self):
        with self._rlock:
            self._streak = 0
            self._opened = None
            self._trial = False
