# pykata-corpus: buggy level=3
# bug: converts number settings with int()/float(): retry(max_attempts="3") passes, no TypeError
"""Retry decorator with exponential backoff, full jitter and async support."""

from __future__ import annotations

import asyncio
import functools
import inspect
import random
import time


def _check_settings(max_attempts, initial_delay, max_delay, exponential_base, exceptions, on_retry):
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int):
        raise TypeError("max_attempts must be an int")
    for name, value in (
        ("initial_delay", initial_delay),
        ("max_delay", max_delay),
        ("exponential_base", exponential_base),
    ):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{name} must be a number")
        if value != value:
            raise ValueError(f"{name} must not be NaN")
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if initial_delay < 0 or max_delay < 0:
        raise ValueError("delays must not be negative")
    if max_delay < initial_delay:
        raise ValueError("max_delay must be at least initial_delay")
    if exponential_base < 1:
        raise ValueError("exponential_base must be at least 1")
    classes = exceptions if isinstance(exceptions, tuple) else (exceptions,)
    if not all(isinstance(c, type) and issubclass(c, BaseException) for c in classes):
        raise TypeError("exceptions must be an exception class or a tuple of them")
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
    """Retry the decorated function on `exceptions`, backing off exponentially."""
    max_attempts = int(max_attempts)
    initial_delay, max_delay = float(initial_delay), float(max_delay)
    exponential_base = float(exponential_base)
    _check_settings(max_attempts, initial_delay, max_delay, exponential_base, exceptions, on_retry)

    def wait_time(delay):
        return random.uniform(0, delay) if jitter else delay

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                delay = initial_delay
                for attempt in range(1, max_attempts + 1):
                    try:
                        return await func(*args, **kwargs)
                    except exceptions as exc:
                        if attempt == max_attempts:
                            raise
                        if on_retry is not None:
                            on_retry(exc, attempt)
                        await asyncio.sleep(wait_time(delay))
                        delay = min(delay * exponential_base, max_delay)

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            delay = initial_delay
            for attempt in range(1, max_attempts + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    if attempt == max_attempts:
                        raise
                    if on_retry is not None:
                        on_retry(exc, attempt)
                    time.sleep(wait_time(delay))
                    delay = min(delay * exponential_base, max_delay)

        return wrapper

    return decorator
