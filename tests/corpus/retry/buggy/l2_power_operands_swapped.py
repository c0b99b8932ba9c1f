# pykata-corpus: buggy level=2
# bug: polynomial, not exponential: the wait after attempt k is initial_delay * k ** base
"""Retry decorator with exponential backoff, full jitter and async support."""

import asyncio
import functools
import inspect
import random
import time


def _is_exception_class(value):
    return isinstance(value, type) and issubclass(value, BaseException)


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
    if not (
        _is_exception_class(exceptions)
        or (isinstance(exceptions, tuple) and all(_is_exception_class(e) for e in exceptions))
    ):
        raise TypeError("exceptions must be an exception class or a tuple of them")
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if initial_delay < 0 or max_delay < 0:
        raise ValueError("delays must not be negative")
    if max_delay < initial_delay:
        raise ValueError("max_delay must be at least initial_delay")
    if exponential_base < 1:
        raise ValueError("exponential_base must be at least 1")

    def compute_delay(attempt):
        capped = min(initial_delay * attempt**exponential_base, max_delay)
        if jitter:
            return random.uniform(0, capped)
        return capped

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                for attempt in range(1, max_attempts + 1):
                    try:
                        return await func(*args, **kwargs)
                    except exceptions as exc:
                        if attempt == max_attempts:
                            raise
                        if on_retry is not None:
                            on_retry(exc, attempt)
                        await asyncio.sleep(compute_delay(attempt))

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in range(1, max_attempts + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    if attempt == max_attempts:
                        raise
                    if on_retry is not None:
                        on_retry(exc, attempt)
                    time.sleep(compute_delay(attempt))

        return wrapper

    return decorator
