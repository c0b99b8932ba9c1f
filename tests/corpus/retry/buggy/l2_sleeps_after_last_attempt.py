# pykata-corpus: buggy level=2
# bug: sleeps after every retryable failure, including the last one, before re-raising it
"""Retry decorator: exponential backoff with full jitter, for sync and async functions."""

import asyncio
import functools
import inspect
import random
import time


def _validate(max_attempts, initial_delay, max_delay, exponential_base, exceptions, on_retry):
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int):
        raise TypeError("max_attempts must be an int")
    for value in (initial_delay, max_delay, exponential_base):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError("delays and exponential_base must be numbers")
        if value != value:
            raise ValueError("NaN is not a valid setting")
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if initial_delay < 0 or max_delay < initial_delay:
        raise ValueError("need 0 <= initial_delay <= max_delay")
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
    _validate(max_attempts, initial_delay, max_delay, exponential_base, exceptions, on_retry)

    def next_wait(delay):
        return random.uniform(0, delay) if jitter else delay

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                delay = initial_delay
                last_exc = None
                for attempt in range(1, max_attempts + 1):
                    try:
                        return await func(*args, **kwargs)
                    except exceptions as exc:
                        last_exc = exc
                        if attempt < max_attempts and on_retry is not None:
                            on_retry(exc, attempt)
                        await asyncio.sleep(next_wait(delay))
                        delay = min(delay * exponential_base, max_delay)
                raise last_exc

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            delay = initial_delay
            last_exc = None
            for attempt in range(1, max_attempts + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    last_exc = exc
                    if attempt < max_attempts and on_retry is not None:
                        on_retry(exc, attempt)
                    time.sleep(next_wait(delay))
                    delay = min(delay * exponential_base, max_delay)
            raise last_exc

        return wrapper

    return decorator
