# pykata-corpus: buggy level=1
# bug: keeps the attempt count on the decorator, not per call: later calls get fewer attempts
"""A retry decorator as a class: settings on __init__, wrapping on __call__."""

import asyncio
import functools
import inspect
import random
import time


class retry:  # lower-case on purpose: used like a function, @retry(...)
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
            raise TypeError("max_attempts must be an int")
        for value in (initial_delay, max_delay, exponential_base):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise TypeError("delays and exponential_base must be numbers")
            if value != value:
                raise ValueError("NaN is not allowed")
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if initial_delay < 0 or max_delay < initial_delay:
            raise ValueError("need 0 <= initial_delay <= max_delay")
        if exponential_base < 1:
            raise ValueError("exponential_base must be at least 1")
        classes = exceptions if isinstance(exceptions, tuple) else (exceptions,)
        if not all(isinstance(c, type) and issubclass(c, BaseException) for c in classes):
            raise TypeError("exceptions must be exception classes")
        if on_retry is not None and not callable(on_retry):
            raise TypeError("on_retry must be callable")
        self.max_attempts = max_attempts
        self.initial_delay = initial_delay
        self.max_delay = max_delay
        self.exponential_base = exponential_base
        self.jitter = jitter
        self.exceptions = exceptions
        self.on_retry = on_retry
        self.attempt = 0

    def _failed(self, exc, delay):
        """Record a failure; re-raise when out of attempts, else return the wait."""
        if self.attempt >= self.max_attempts:
            raise exc
        if self.on_retry is not None:
            self.on_retry(exc, self.attempt)
        return random.uniform(0, delay) if self.jitter else delay

    def __call__(self, func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                delay = self.initial_delay
                while True:
                    self.attempt += 1
                    try:
                        return await func(*args, **kwargs)
                    except self.exceptions as exc:
                        wait = self._failed(exc, delay)
                    await asyncio.sleep(wait)
                    delay = min(delay * self.exponential_base, self.max_delay)

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            delay = self.initial_delay
            while True:
                self.attempt += 1
                try:
                    return func(*args, **kwargs)
                except self.exceptions as exc:
                    wait = self._failed(exc, delay)
                time.sleep(wait)
                delay = min(delay * self.exponential_base, self.max_delay)

        return wrapper
