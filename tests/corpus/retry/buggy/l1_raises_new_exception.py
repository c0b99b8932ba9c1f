# pykata-corpus: buggy level=1
# bug: gives up with a new RetryError (chained from the last failure), not the last exception
"""Retry decorator that reports exhaustion with its own RetryError."""

import asyncio
import functools
import inspect
import random
import time


class RetryError(Exception):
    """Raised when every attempt failed."""


def _check(max_attempts, initial_delay, max_delay, exponential_base, exceptions, on_retry):
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int):
        raise TypeError("max_attempts must be an int")
    for value in (initial_delay, max_delay, exponential_base):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError("delays and base must be numbers")
        if value != value:
            raise ValueError("NaN is not a valid setting")
    if max_attempts < 1:
        raise ValueError("max_attempts must be >= 1")
    if initial_delay < 0 or max_delay < 0 or max_delay < initial_delay:
        raise ValueError("need 0 <= initial_delay <= max_delay")
    if exponential_base < 1:
        raise ValueError("exponential_base must be >= 1")
    classes = exceptions if isinstance(exceptions, tuple) else (exceptions,)
    for cls in classes:
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            raise TypeError(f"{cls!r} is not an exception class")
    if on_retry is not None and not callable(on_retry):
        raise TypeError("on_retry must be callable")


def retry(
    max_attempts=3,
    initial_delay=1.0,
    max_delay=60.0,
    exponential_base=2.0,
    jitter=True,
    exceptions=(Exception,),
    on_retry=None,
):
    _check(max_attempts, initial_delay, max_delay, exponential_base, exceptions, on_retry)

    def delay_after(attempt, current):
        return random.uniform(0, current) if jitter else current

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                current = initial_delay
                last_error = None
                for attempt in range(1, max_attempts + 1):
                    try:
                        return await func(*args, **kwargs)
                    except exceptions as exc:
                        last_error = exc
                        if attempt < max_attempts:
                            if on_retry is not None:
                                on_retry(exc, attempt)
                            await asyncio.sleep(delay_after(attempt, current))
                            current = min(current * exponential_base, max_delay)
                raise RetryError(f"gave up after {max_attempts} attempts") from last_error

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            current = initial_delay
            last_error = None
            for attempt in range(1, max_attempts + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    last_error = exc
                    if attempt < max_attempts:
                        if on_retry is not None:
                            on_retry(exc, attempt)
                        time.sleep(delay_after(attempt, current))
                        current = min(current * exponential_base, max_delay)
            raise RetryError(f"gave up after {max_attempts} attempts") from last_error

        return wrapper

    return decorator
