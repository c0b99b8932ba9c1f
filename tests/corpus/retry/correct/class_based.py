# pykata-corpus: correct
# style: class-based factory (__call__ wraps); power formula guarded by logs; random.uniform
"""Retry with exponential backoff, written as a class: ``@retry(max_attempts=5)``."""

from __future__ import annotations

import asyncio
import functools
import inspect
import math
import random
import time


class retry:  # lower-case on purpose: it is used like a function, @retry(...)
    """Decorator factory that retries a function on the given exceptions."""

    def __init__(
        self,
        max_attempts=3,
        initial_delay=1.0,
        max_delay=60.0,
        exponential_base=2.0,
        jitter=True,
        exceptions=(Exception,),
        on_retry=None,
    ):
        if isinstance(max_attempts, bool) or not isinstance(max_attempts, int):
            raise TypeError(f"max_attempts must be an int, got {max_attempts!r}")
        for name, value in (
            ("initial_delay", initial_delay),
            ("max_delay", max_delay),
            ("exponential_base", exponential_base),
        ):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError(f"{name} must be a number, got {value!r}")
            if math.isnan(value):
                raise ValueError(f"{name} must not be NaN")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if initial_delay < 0 or max_delay < 0:
            raise ValueError("delays must not be negative")
        if max_delay < initial_delay:
            raise ValueError("max_delay must not be less than initial_delay")
        if exponential_base < 1:
            raise ValueError("exponential_base must be at least 1")
        if not self._is_exception_spec(exceptions):
            raise TypeError("exceptions must be an exception class or a tuple of them")
        if on_retry is not None and not callable(on_retry):
            raise TypeError("on_retry must be callable")
        self.max_attempts = max_attempts
        self.initial_delay = initial_delay
        self.max_delay = max_delay
        self.exponential_base = exponential_base
        self.jitter = jitter
        self.exceptions = exceptions
        self.on_retry = on_retry

    @staticmethod
    def _is_exception_spec(value):
        def is_class(v):
            return isinstance(v, type) and issubclass(v, BaseException)

        if isinstance(value, tuple):
            return all(is_class(v) for v in value)
        return is_class(value)

    def cap(self, attempt):
        """min(initial_delay * exponential_base ** (attempt - 1), max_delay)."""
        if self.initial_delay == 0 or self.exponential_base == 1:
            return self.initial_delay
        # Compare logarithms first, so a huge attempt number never overflows the power.
        growth = (attempt - 1) * math.log(self.exponential_base)
        if growth >= math.log(self.max_delay) - math.log(self.initial_delay):
            return self.max_delay
        return min(self.initial_delay * self.exponential_base ** (attempt - 1), self.max_delay)

    def wait(self, attempt):
        cap = self.cap(attempt)
        return random.uniform(0, cap) if self.jitter else cap

    def _failed(self, exc, attempt):
        if self.on_retry is not None:
            self.on_retry(exc, attempt)

    def __call__(self, func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                for attempt in range(1, self.max_attempts + 1):
                    try:
                        return await func(*args, **kwargs)
                    except self.exceptions as exc:
                        if attempt == self.max_attempts:
                            raise
                        self._failed(exc, attempt)
                    await asyncio.sleep(self.wait(attempt))
                raise AssertionError("unreachable")

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(1, self.max_attempts + 1):
                try:
                    return func(*args, **kwargs)
                except self.exceptions as exc:
                    if attempt == self.max_attempts:
                        raise
                    self._failed(exc, attempt)
                time.sleep(self.wait(attempt))
            raise AssertionError("unreachable")

        return wrapper
