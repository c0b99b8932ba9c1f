"""Circuit breaker kata: your code goes here.

Run the hidden specs with ``pytest --kata circuit_breaker``; ask for a hint with
``pykata hint circuit_breaker``. The README next to this file explains every level.

Read the time with ``time.monotonic()`` each time you need it (the specs fake the clock).
"""

from __future__ import annotations

import time  # noqa: F401  (you will need time.monotonic())


class CircuitOpenError(Exception):
    """Raised by ``CircuitBreaker.call``, without calling the function, when the breaker
    rejects the call (it is open, or a half-open trial call is already running)."""


class CircuitBreaker:
    """Guard calls to an unreliable function: fail fast while it keeps failing.

    States: ``"closed"`` (calls go through, failures are counted), ``"open"`` (calls are
    rejected with CircuitOpenError) and ``"half-open"`` (the next call is a trial).
    """

    def __init__(
        self,
        failure_threshold=5,
        recovery_timeout=30.0,
        expected_exceptions=(Exception,),
    ):
        """Level 1: a new breaker is closed, with a failure count of 0.

        ``failure_threshold`` consecutive expected failures open it; ``recovery_timeout``
        seconds after opening it reads ``"half-open"`` (level 2); only exceptions that are
        instances of ``expected_exceptions`` count as failures (level 3). Level 3 also
        validates the arguments.
        """
        raise NotImplementedError("CircuitBreaker.__init__")

    @property
    def state(self):
        """Level 1: ``"closed"``, ``"open"`` or (level 2) ``"half-open"``; read-only.

        Level 2: once ``recovery_timeout`` seconds have passed since the breaker opened, it
        reads ``"half-open"`` without any call being made. Level 3: assigning to it raises.
        """
        raise NotImplementedError("CircuitBreaker.state")

    def call(self, func, *args, **kwargs):
        """Level 1: call ``func(*args, **kwargs)`` through the breaker; return its result.

        While closed: an expected exception adds one to the count of consecutive failures
        and propagates; a success resets the count; reaching ``failure_threshold`` opens
        the breaker. While open: raise ``CircuitOpenError`` without calling ``func``.
        Level 2: in the half-open state the call is a trial. Level 4: thread-safe.
        """
        raise NotImplementedError("CircuitBreaker.call")

    def __call__(self, func):
        """Level 3: decorate ``func`` (``@breaker``) so every call goes through ``call``,
        keeping the function's metadata (name, docstring, ...)."""
        raise NotImplementedError("CircuitBreaker.__call__")

    def reset(self):
        """Level 3: close the breaker and clear the failure count."""
        raise NotImplementedError("CircuitBreaker.reset")
