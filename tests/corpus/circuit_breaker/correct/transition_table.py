# pykata-corpus: correct
# style: integer states driven by a (state, event) -> state table, module-level lock registry
"""A circuit breaker driven by a transition table.

Free choices made differently from the reference and the other correct entries:

- states are the integers 0, 1, 2 with their names in a tuple; every change goes through
  ``_fire(event)``, which looks ``(state, event)`` up in a dict (a missing key means "no
  change");
- the open -> half-open transition is an event fired by whoever notices the time is up (a
  ``state`` read or a call), so reading ``state`` does write the stored state;
- the lock is a ``threading.Lock`` per breaker kept in a module-level
  ``weakref.WeakKeyDictionary`` instead of an attribute;
- ``state`` is a property built with ``property(fget)`` (no decorator);
- the trial is a counter of calls in flight in the half-open state (at most 1);
- ``reset()`` returns the breaker itself.
"""

import functools
import threading
import time
import weakref

CLOSED, OPEN, HALF_OPEN = range(3)
NAMES = ("closed", "open", "half-open")

TABLE = {
    (CLOSED, "threshold"): OPEN,
    (OPEN, "timeout"): HALF_OPEN,
    (HALF_OPEN, "trial_ok"): CLOSED,
    (HALF_OPEN, "trial_failed"): OPEN,
    (CLOSED, "reset"): CLOSED,
    (OPEN, "reset"): CLOSED,
    (HALF_OPEN, "reset"): CLOSED,
}

_LOCKS = weakref.WeakKeyDictionary()


class CircuitOpenError(Exception):
    """Calls are not let through right now."""


class CircuitBreaker:
    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        if not failure_threshold >= 1:
            raise ValueError("failure_threshold")
        if not recovery_timeout >= 0:
            raise ValueError("recovery_timeout")
        _LOCKS[self] = threading.Lock()
        self.failure_threshold = failure_threshold
        self.recovery_timeout = recovery_timeout
        self.expected_exceptions = expected_exceptions
        self._current = CLOSED
        self._failures = 0
        self._since = None
        self._in_flight = 0

    def _fire(self, event):
        new = TABLE.get((self._current, event), self._current)
        if new == OPEN:
            self._since = time.monotonic()
        if new != self._current or event == "reset":
            self._failures = 0
            self._in_flight = 0
        self._current = new

    def _tick(self):
        if self._current == OPEN and time.monotonic() - self._since >= self.recovery_timeout:
            self._fire("timeout")

    def _get_state(self):
        with _LOCKS[self]:
            self._tick()
            return NAMES[self._current]

    state = property(_get_state, doc="closed, open or half-open (read-only)")

    def call(self, func, *args, **kwargs):
        with _LOCKS[self]:
            self._tick()
            if self._current == OPEN or (self._current == HALF_OPEN and self._in_flight):
                raise CircuitOpenError(NAMES[self._current])
            trial = self._current == HALF_OPEN
            if trial:
                self._in_flight += 1
        try:
            result = func(*args, **kwargs)
        except BaseException as error:
            expected = isinstance(error, self.expected_exceptions)
            with _LOCKS[self]:
                if trial and self._current == HALF_OPEN and self._in_flight:
                    if expected:
                        self._fire("trial_failed")
                    else:
                        self._in_flight -= 1
                elif expected and not trial and self._current == CLOSED:
                    self._failures += 1
                    if self._failures >= self.failure_threshold:
                        self._fire("threshold")
            raise
        with _LOCKS[self]:
            if trial and self._current == HALF_OPEN:
                self._fire("trial_ok")
            elif not trial and self._current == CLOSED:
                self._failures = 0
        return result

    def __call__(self, func):
        def decorated(*args, **kwargs):
            return self.call(func, *args, **kwargs)

        functools.update_wrapper(decorated, func)
        return decorated

    def reset(self):
        with _LOCKS[self]:
            self._fire("reset")
        return self
