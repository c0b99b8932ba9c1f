# pykata-corpus: correct
# style: no lock at all: itertools.count for failures, a Queue(1) token for the trial
"""A circuit breaker without a lock of its own.

Free choices made differently from the reference and the other correct entries:

- no ``threading.Lock``: the count of consecutive failures is an ``itertools.count`` (its
  ``next()`` is atomic), replaced by a fresh one to reset it; the opening time is one
  attribute, written in a single assignment;
- the half-open trial is a token in a ``queue.Queue(maxsize=1)``: a call becomes the trial by
  taking it with ``get_nowait()`` and puts it back however the trial ends; the state reads
  ``"half-open"`` while the token is out;
- ``state`` reads the attributes without any lock.
"""

import functools
import itertools
import queue
import time


class CircuitOpenError(Exception):
    pass


class CircuitBreaker:
    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be >= 1")
        if recovery_timeout < 0:
            raise ValueError("recovery_timeout must be >= 0")
        self._threshold = failure_threshold
        self._timeout = recovery_timeout
        self._expected = expected_exceptions
        self._counter = itertools.count(1)
        self._opened_at = None
        self._token = queue.Queue(maxsize=1)
        self._token.put_nowait("trial")

    @property
    def state(self):
        opened_at = self._opened_at
        if opened_at is None:
            return "closed"
        if self._token.empty() or time.monotonic() - opened_at >= self._timeout:
            return "half-open"
        return "open"

    def _give_back(self):
        try:
            self._token.put_nowait("trial")
        except queue.Full:
            pass

    def call(self, func, *args, **kwargs):
        opened_at = self._opened_at
        trial = False
        if opened_at is not None:
            if time.monotonic() - opened_at < self._timeout:
                raise CircuitOpenError("circuit is open")
            try:
                self._token.get_nowait()
            except queue.Empty:
                raise CircuitOpenError("a trial call is already running") from None
            trial = True
        try:
            result = func(*args, **kwargs)
        except self._expected:
            if trial:
                self._opened_at = time.monotonic()
                self._give_back()
            elif next(self._counter) >= self._threshold and self._opened_at is None:
                self._opened_at = time.monotonic()
            raise
        except BaseException:
            if trial:
                self._give_back()
            raise
        if trial:
            self._counter = itertools.count(1)
            self._opened_at = None
            self._give_back()
        elif self._opened_at is None:
            self._counter = itertools.count(1)
        return result

    def __call__(self, func):
        @functools.wraps(func)
        def inner(*args, **kwargs):
            return self.call(func, *args, **kwargs)

        return inner

    def reset(self):
        self._counter = itertools.count(1)
        self._opened_at = None
