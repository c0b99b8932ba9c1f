# pykata-corpus: buggy level=1
# bug: treats max_attempts as the number of retries, so it calls the function max_attempts + 1 times
"""Retry with exponential backoff: a failing call is retried up to max_attempts times."""

import asyncio
import functools
import inspect
import random
import time


def _validate(max_attempts, initial_delay, max_delay, exponential_base, exceptions, on_retry):
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int):
        raise TypeError("max_attempts must be an int")
    for name in ("initial_delay", "max_delay", "exponential_base"):
        value = locals()[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise TypeError(f"{name} must be a number")
        if value != value:
            raise ValueError(f"{name} must not be NaN")
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if initial_delay < 0:
        raise ValueError("initial_delay must not be negative")
    if max_delay < initial_delay:
        raise ValueError("max_delay must not be below initial_delay")
    if exponential_base < 1:
        raise ValueError("exponential_base must be at least 1")
    classes = exceptions if isinstance(exceptions, tuple) else (exceptions,)
    if not all(isinstance(c, type) and issubclass(c, BaseException) for c in classes):
        raise TypeError("exceptions must be an exception class or a tuple of them")
    if on_retry is not None and not callable(on_retry):
        raise TypeError("on_retry must be callable or None")


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

    def pause(retries, delay):
        return random.uniform(0, delay) if jitter else delay

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                retries = 0
                delay = initial_delay
                while True:
                    try:
                        return await func(*args, **kwargs)
                    except exceptions as exc:
                        if retries >= max_attempts:
                            raise
                        retries += 1
                        if on_retry is not None:
                            on_retry(exc, retries)
                        await asyncio.sleep(pause(retries, delay))
                        delay = min(delay * exponential_base, max_delay)

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            retries = 0
            delay = initial_delay
            while True:
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    if retries >= max_attempts:
                        raise
                    retries += 1
                    if on_retry is not None:
                        on_retry(exc, retries)
                    time.sleep(pause(retries, delay))
                    delay = min(delay * exponential_base, max_delay)

        return wrapper

    return decorator
