# pykata-corpus: correct
# style: a contextlib.ContextDecorator (`with breaker:` guards a block), per-thread trial stack
"""A circuit breaker that is also a context manager.

Free choices made differently from the reference and the other correct entries:

- ``CircuitBreaker`` subclasses ``contextlib.ContextDecorator``: ``with breaker:`` guards a
  block, ``call`` is ``with self: return func(...)``, and ``@breaker`` is the decorator that
  ``ContextDecorator`` provides (it applies ``functools.wraps`` itself);
- whether the running block is the trial is kept on a per-thread stack in a
  ``threading.local``, since one instance serves every thread;
- ``__exit__`` returns ``False`` so the block's exception propagates as itself;
- a ``threading.Lock``; ``expected_exceptions`` is checked with ``issubclass`` on the type
  handed to ``__exit__``.
"""

import contextlib
import threading
import time


class CircuitOpenError(Exception):
    pass


class CircuitBreaker(contextlib.ContextDecorator):
    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be a positive integer")
        if recovery_timeout < 0:
            raise ValueError("recovery_timeout must be non-negative")
        self._threshold = failure_threshold
        self._timeout = recovery_timeout
        self._expected = expected_exceptions
        self._lock = threading.Lock()
        self._local = threading.local()
        self._failures = 0
        self._opened_at = None
        self._trial = False

    def _compute(self):
        if self._opened_at is None:
            return "closed"
        if self._trial or time.monotonic() - self._opened_at >= self._timeout:
            return "half-open"
        return "open"

    @property
    def state(self):
        with self._lock:
            return self._compute()

    def _stack(self):
        stack = getattr(self._local, "stack", None)
        if stack is None:
            stack = self._local.stack = []
        return stack

    def __enter__(self):
        with self._lock:
            state = self._compute()
            if state == "open" or self._trial:
                raise CircuitOpenError(f"circuit {state}")
            trial = state == "half-open"
            self._trial = trial
        self._stack().append(trial)
        return self

    def __exit__(self, exc_type, exc, tb):
        trial = self._stack().pop()
        with self._lock:
            if exc_type is None:
                if trial or self._opened_at is None:
                    self._failures = 0
                    self._opened_at = None
                    self._trial = False
            elif issubclass(exc_type, self._expected):
                if trial:
                    self._opened_at = time.monotonic()
                    self._trial = False
                elif self._opened_at is None:
                    self._failures += 1
                    if self._failures >= self._threshold:
                        self._opened_at = time.monotonic()
                        self._failures = 0
            elif trial:
                self._trial = False
        return False

    def call(self, func, *args, **kwargs):
        with self:
            return func(*args, **kwargs)

    def reset(self):
        with self._lock:
            self._failures = 0
            self._opened_at = None
            self._trial = False
