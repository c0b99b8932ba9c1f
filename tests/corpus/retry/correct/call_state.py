# pykata-corpus: correct
# style: per-call state object decides raise-or-wait; exponent clamped at the cap; random.uniform
"""Retry decorator built around a small per-call state object, in the style of tenacity."""

from __future__ import annotations

import asyncio
import functools
import inspect
import math
import random
import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Policy:
    max_attempts: int
    initial_delay: float
    max_delay: float
    exponential_base: float
    jitter: bool
    exceptions: tuple
    on_retry: object
    last_exponent: int = field(init=False)

    def __post_init__(self):
        # Past this exponent the delay is surely at the cap: clamping the exponent there
        # keeps the float power from overflowing on huge attempt numbers.
        if self.initial_delay == 0 or self.exponential_base == 1 or self.max_delay == 0:
            last = 0
        else:
            ratio = math.log(self.max_delay) - math.log(self.initial_delay)
            last = math.ceil(ratio / math.log(self.exponential_base)) + 1
        object.__setattr__(self, "last_exponent", last)

    def delay(self, attempt):
        exponent = min(attempt - 1, self.last_exponent)
        cap = min(self.initial_delay * self.exponential_base**exponent, self.max_delay)
        return random.uniform(0, cap) if self.jitter else cap


class CallState:
    """The attempts of one call of the decorated function."""

    def __init__(self, policy):
        self.policy = policy
        self.attempt = 1

    def after_failure(self, exc):
        """Return the wait before the next attempt, or re-raise ``exc`` when out of tries."""
        if self.attempt >= self.policy.max_attempts:
            raise exc
        if self.policy.on_retry is not None:
            self.policy.on_retry(exc, self.attempt)
        wait = self.policy.delay(self.attempt)
        self.attempt += 1
        return wait


def _make_policy(
    max_attempts, initial_delay, max_delay, exponential_base, jitter, exceptions, on_retry
):
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int):
        raise TypeError("max_attempts must be an int")
    for value in (initial_delay, max_delay, exponential_base):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"expected a number, got {value!r}")
        if isinstance(value, float) and math.isnan(value):
            raise ValueError("NaN is not a valid setting")
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if initial_delay < 0 or max_delay < 0:
        raise ValueError("delays must not be negative")
    if max_delay < initial_delay:
        raise ValueError("max_delay must be at least initial_delay")
    if exponential_base < 1:
        raise ValueError("exponential_base must be at least 1")
    if isinstance(exceptions, type):
        exceptions = (exceptions,)
    if not isinstance(exceptions, tuple) or not all(
        isinstance(e, type) and issubclass(e, BaseException) for e in exceptions
    ):
        raise TypeError("exceptions must be an exception class or a tuple of them")
    if on_retry is not None and not callable(on_retry):
        raise TypeError("on_retry must be callable")
    return Policy(
        max_attempts, initial_delay, max_delay, exponential_base, jitter, exceptions, on_retry
    )


def retry(
    max_attempts=3,
    initial_delay=1.0,
    max_delay=60.0,
    exponential_base=2.0,
    jitter=True,
    exceptions=(Exception,),
    on_retry=None,
):
    policy = _make_policy(
        max_attempts, initial_delay, max_delay, exponential_base, jitter, exceptions, on_retry
    )

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                state = CallState(policy)
                while True:
                    try:
                        return await func(*args, **kwargs)
                    except policy.exceptions as exc:
                        wait = state.after_failure(exc)
                    await asyncio.sleep(wait)

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            state = CallState(policy)
            while True:
                try:
                    return func(*args, **kwargs)
                except policy.exceptions as exc:
                    wait = state.after_failure(exc)
                time.sleep(wait)

        return wrapper

    return decorator
