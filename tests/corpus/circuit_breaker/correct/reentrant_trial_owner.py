# pykata-corpus: correct
# style: trial owned by its thread (re-entrant calls pass), copies __name__/__doc__ by hand
"""A circuit breaker whose half-open trial belongs to the thread running it.

Free choices this one makes differently from the reference:

- a call made from inside the trial's own function, on the trial's thread, is not "another
  caller": it runs its function straight through, outside the breaker's bookkeeping (other
  threads are still rejected while the trial runs);
- the decorator copies ``__name__`` and ``__doc__`` by hand (no ``functools.wraps``);
- the clock is read with ``from time import monotonic``;
- the count is not cleared when the breaker opens, only when it closes.
"""

import threading
from time import monotonic


class CircuitOpenError(Exception):
    def __init__(self, state):
        super().__init__(f"circuit {state}: call rejected")
        self.state = state


class CircuitBreaker:
    def __init__(
        self, failure_threshold=5, recovery_timeout=30.0, expected_exceptions=(Exception,)
    ):
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be at least 1")
        if recovery_timeout < 0:
            raise ValueError("recovery_timeout must not be negative")
        self._threshold = failure_threshold
        self._timeout = recovery_timeout
        self._expected = expected_exceptions
        self._mutex = threading.Lock()
        self._failures = 0
        self._open_since = None
        self._trial_thread = None  # ident of the thread running the trial, if any

    def _state_now(self):
        if self._open_since is None:
            return "closed"
        if self._trial_thread is not None:
            return "half-open"
        if monotonic() - self._open_since >= self._timeout:
            return "half-open"
        return "open"

    @property
    def state(self):
        with self._mutex:
            return self._state_now()

    def reset(self):
        with self._mutex:
            self._failures = 0
            self._open_since = None
            self._trial_thread = None

    def __call__(self, func):
        def guarded(*args, **kwargs):
            return self.call(func, *args, **kwargs)

        guarded.__name__ = func.__name__
        guarded.__doc__ = func.__doc__
        return guarded

    def call(self, func, *args, **kwargs):
        me = threading.get_ident()
        with self._mutex:
            state = self._state_now()
            if state == "half-open" and self._trial_thread == me:
                nested = True  # called from inside our own trial: not another caller
            elif state == "open" or (state == "half-open" and self._trial_thread is not None):
                raise CircuitOpenError(state)
            else:
                nested = False
                trial = state == "half-open"
                if trial:
                    self._trial_thread = me
        if nested:
            return func(*args, **kwargs)
        try:
            result = func(*args, **kwargs)
        except self._expected:
            with self._mutex:
                if trial:
                    if self._trial_thread == me:
                        self._trial_thread = None
                        self._open_since = monotonic()
                elif self._open_since is None:
                    self._failures += 1
                    if self._failures >= self._threshold:
                        self._open_since = monotonic()
            raise
        except BaseException:
            with self._mutex:
                if trial and self._trial_thread == me:
                    self._trial_thread = None
            raise
        with self._mutex:
            if trial:
                if self._trial_thread == me:
                    self._trial_thread = None
                    self._open_since = None
                    self._failures = 0
            elif self._open_since is None:
                self._failures = 0
        return result
