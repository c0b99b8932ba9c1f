"""Circuit breaker: stop calling a failing dependency, then probe it again after a cool-down.

Reference solution of the ``circuit_breaker`` kata. The breaker has three states:

- ``"closed"``: calls go through; consecutive expected failures are counted, a success resets
  the count, and reaching ``failure_threshold`` opens the breaker.
- ``"open"``: calls are rejected with :class:`CircuitOpenError` without calling the function,
  until ``recovery_timeout`` seconds have passed since the breaker opened.
- ``"half-open"``: the next call is a single trial; a success closes the breaker, an expected
  failure opens it again (restarting the timer). Other calls are rejected while it runs.

Time is read from ``time.monotonic()`` at the moment it is needed, so a fake clock that patches
``time.monotonic`` drives the breaker. One lock guards every read and write of the state, and
it is never held while the protected function runs.
"""

from __future__ import annotations

import functools
import math
import threading
import time
from collections.abc import Callable
from typing import Final, Literal, ParamSpec, TypeVar

__all__ = ["CircuitBreaker", "CircuitOpenError"]

P = ParamSpec("P")
R = TypeVar("R")

State = Literal["closed", "open", "half-open"]
CLOSED: Final = "closed"
OPEN: Final = "open"
HALF_OPEN: Final = "half-open"

ExceptionTypes = type[BaseException] | tuple[type[BaseException], ...]


class CircuitOpenError(Exception):
    """Raised by :meth:`CircuitBreaker.call`, without calling the function, when the circuit
    rejects the call: it is open, or a half-open trial call is already running."""


def _exception_types(value: object) -> tuple[type[BaseException], ...]:
    """Normalise ``expected_exceptions`` the way ``except`` reads it; raise TypeError."""
    if isinstance(value, type) and issubclass(value, BaseException):
        return (value,)
    if isinstance(value, tuple) and all(
        isinstance(item, type) and issubclass(item, BaseException) for item in value
    ):
        return value
    raise TypeError(
        "expected_exceptions must be an exception class or a tuple of exception classes, "
        f"not {value!r}"
    )


class CircuitBreaker:
    """Guard calls to an unreliable function: fail fast while it keeps failing.

    >>> breaker = CircuitBreaker(failure_threshold=2, recovery_timeout=10.0)
    >>> breaker.call(int, "42")
    42
    >>> breaker.state
    'closed'

    The breaker is also a decorator: ``@breaker`` makes every call of the decorated function
    go through :meth:`call`. Several functions decorated with one breaker share its state.
    """

    def __init__(
        self,
        failure_threshold: int = 5,
        recovery_timeout: float = 30.0,
        expected_exceptions: ExceptionTypes = (Exception,),
    ) -> None:
        """Create a closed breaker.

        Raises ``TypeError`` when ``failure_threshold`` is not an int, ``recovery_timeout`` is
        not an int or float, or ``expected_exceptions`` is not an exception class or a tuple of
        them; ``ValueError`` when ``failure_threshold < 1`` or ``recovery_timeout`` is negative
        (or NaN).
        """
        if isinstance(failure_threshold, bool) or not isinstance(failure_threshold, int):
            raise TypeError(f"failure_threshold must be an int, not {failure_threshold!r}")
        if failure_threshold < 1:
            raise ValueError(f"failure_threshold must be at least 1, not {failure_threshold}")
        if isinstance(recovery_timeout, bool) or not isinstance(recovery_timeout, int | float):
            raise TypeError(f"recovery_timeout must be a number, not {recovery_timeout!r}")
        if math.isnan(recovery_timeout) or recovery_timeout < 0:
            raise ValueError(f"recovery_timeout must be >= 0, not {recovery_timeout}")
        self._failure_threshold = failure_threshold
        self._recovery_timeout = float(recovery_timeout)
        self._expected = _exception_types(expected_exceptions)

        self._lock = threading.Lock()
        self._failures = 0  # consecutive expected failures while closed
        self._opened_at: float | None = None  # None exactly while closed
        self._trial_running = False  # a half-open trial call is in flight
        # Bumped on every transition: a call's outcome only counts in the period that
        # admitted it, so a slow call cannot undo what happened while it ran.
        self._epoch = 0

    # -- read-only views ---------------------------------------------------------------------

    @property
    def state(self) -> State:
        """``"closed"``, ``"open"`` or ``"half-open"``, computed from the clock on each read."""
        with self._lock:
            return self._state_at(time.monotonic())

    @property
    def failure_threshold(self) -> int:
        """How many consecutive expected failures open the breaker."""
        return self._failure_threshold

    @property
    def recovery_timeout(self) -> float:
        """Seconds the breaker stays open before the next call may be a trial."""
        return self._recovery_timeout

    @property
    def expected_exceptions(self) -> tuple[type[BaseException], ...]:
        """The exception classes that count as failures."""
        return self._expected

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(state={self.state!r}, "
            f"failure_threshold={self._failure_threshold}, "
            f"recovery_timeout={self._recovery_timeout})"
        )

    # -- calls -------------------------------------------------------------------------------

    def call(self, func: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> R:
        """Call ``func(*args, **kwargs)`` through the breaker and return its result.

        Raises ``CircuitOpenError`` without calling ``func`` while the breaker is open or a
        half-open trial is running. An exception from ``func`` always propagates unchanged;
        an expected one counts as a failure, any other leaves the count and state alone.
        """
        epoch, trial = self._admit()
        try:
            result = func(*args, **kwargs)
        except self._expected:
            self._record_failure(epoch, trial)
            raise
        except BaseException:
            self._record_unexpected(epoch, trial)
            raise
        self._record_success(epoch, trial)
        return result

    def __call__(self, func: Callable[P, R]) -> Callable[P, R]:
        """Decorate ``func`` so that every call of it goes through this breaker."""

        @functools.wraps(func)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            return self.call(func, *args, **kwargs)

        return guarded

    def reset(self) -> None:
        """Close the breaker and clear the failure count, whatever state it is in."""
        with self._lock:
            self._close()

    # -- transitions (the caller holds the lock) ---------------------------------------------

    def _state_at(self, now: float) -> State:
        if self._opened_at is None:
            return CLOSED
        if self._trial_running or now - self._opened_at >= self._recovery_timeout:
            return HALF_OPEN
        return OPEN

    def _admit(self) -> tuple[int, bool]:
        """Let a call through, returning ``(epoch, is_trial)``, or raise CircuitOpenError."""
        with self._lock:
            now = time.monotonic()
            state = self._state_at(now)
            if state == CLOSED:
                return self._epoch, False
            if state == OPEN:
                assert self._opened_at is not None
                remaining = self._recovery_timeout - (now - self._opened_at)
                raise CircuitOpenError(f"circuit is open; next trial in {remaining:.3f} s")
            if self._trial_running:
                raise CircuitOpenError("circuit is half-open and a trial call is running")
            self._trial_running = True
            return self._epoch, True

    def _record_failure(self, epoch: int, trial: bool) -> None:
        with self._lock:
            if epoch != self._epoch:
                return  # the state changed under this call: its outcome is stale
            if trial:
                self._open(time.monotonic())
                return
            self._failures += 1
            if self._failures >= self._failure_threshold:
                self._open(time.monotonic())

    def _record_success(self, epoch: int, trial: bool) -> None:
        with self._lock:
            if epoch != self._epoch:
                return
            if trial:
                self._close()
            else:
                self._failures = 0

    def _record_unexpected(self, epoch: int, trial: bool) -> None:
        with self._lock:
            if trial and epoch == self._epoch:
                self._trial_running = False  # still half-open: the next call is a trial

    def _open(self, now: float) -> None:
        self._opened_at = now
        self._trial_running = False
        self._epoch += 1

    def _close(self) -> None:
        self._failures = 0
        self._opened_at = None
        self._trial_running = False
        self._epoch += 1
