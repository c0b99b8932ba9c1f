# pykata-corpus: correct
# style: StrEnum states, stored open->half-open transition, Lock + trial flag, tuple-only
"""A circuit breaker as an explicit state machine over a StrEnum."""

from __future__ import annotations

import enum
import functools
import threading
import time
from collections.abc import Callable
from typing import Any


class State(enum.StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class CircuitOpenError(Exception):
    """The breaker rejected the call without calling the function."""


class CircuitBreaker:
    def __init__(
        self,
        failure_threshold: int = 5,
        recovery_timeout: float = 30.0,
        expected_exceptions: tuple[type[BaseException], ...] = (Exception,),
    ) -> None:
        if type(failure_threshold) is not int:
            raise TypeError("failure_threshold must be an int")
        if type(recovery_timeout) not in (int, float):
            raise TypeError("recovery_timeout must be an int or a float")
        if not isinstance(expected_exceptions, tuple) or not all(
            isinstance(e, type) and issubclass(e, BaseException) for e in expected_exceptions
        ):
            raise TypeError("expected_exceptions must be a tuple of exception classes")
        if failure_threshold < 1:
            raise ValueError("failure_threshold must be >= 1")
        if not recovery_timeout >= 0:
            raise ValueError("recovery_timeout must be >= 0")
        self.failure_threshold = failure_threshold
        self.recovery_timeout = recovery_timeout
        self.expected_exceptions = expected_exceptions
        self._lock = threading.Lock()
        self._state = State.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._probing = False

    def _refresh(self) -> State:
        """Store the open -> half-open transition once it is due. Lock held."""
        if (
            self._state is State.OPEN
            and time.monotonic() - self._opened_at >= self.recovery_timeout
        ):
            self._state = State.HALF_OPEN
            self._probing = False
        return self._state

    def _trip(self) -> None:
        self._state = State.OPEN
        self._opened_at = time.monotonic()
        self._probing = False

    @property
    def state(self) -> State:
        with self._lock:
            return self._refresh()

    def reset(self) -> None:
        with self._lock:
            self._state = State.CLOSED
            self._failures = 0
            self._probing = False

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            return self.call(func, *args, **kwargs)

        return wrapper

    def call(self, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            state = self._refresh()
            if state is State.OPEN:
                raise CircuitOpenError("circuit open")
            if state is State.HALF_OPEN:
                if self._probing:
                    raise CircuitOpenError("trial in progress")
                self._probing = True
            probe = state is State.HALF_OPEN
        try:
            result = func(*args, **kwargs)
        except self.expected_exceptions:
            with self._lock:
                if probe and self._probing:
                    self._trip()
                elif not probe and self._state is State.CLOSED:
                    self._failures += 1
                    if self._failures >= self.failure_threshold:
                        self._trip()
            raise
        except BaseException:
            with self._lock:
                if probe and self._probing:
                    self._probing = False
            raise
        with self._lock:
            if probe and self._probing:
                self._state = State.CLOSED
                self._failures = 0
                self._probing = False
            elif not probe and self._state is State.CLOSED:
                self._failures = 0
        return result
