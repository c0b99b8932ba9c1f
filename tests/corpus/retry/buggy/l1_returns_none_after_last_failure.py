# pykata-corpus: buggy level=1
# bug: after the last failed attempt the loop just ends, so the call returns None, no exception
"""Retry a flaky call with exponential backoff (sync and async)."""

import asyncio
import functools
import inspect
import math
import random
import time


def _validate(max_attempts, initial_delay, max_delay, exponential_base, exceptions, on_retry):
    if type(max_attempts) is not int:
        raise TypeError("max_attempts must be an int")
    numbers = {"initial_delay": initial_delay, "max_delay": max_delay, "base": exponential_base}
    for name, value in numbers.items():
        if type(value) not in (int, float):
            raise TypeError(f"{name} must be an int or a float")
        if math.isnan(value):
            raise ValueError(f"{name} is NaN")
    if max_attempts < 1 or initial_delay < 0 or max_delay < initial_delay:
        raise ValueError("need max_attempts >= 1 and 0 <= initial_delay <= max_delay")
    if exponential_base < 1:
        raise ValueError("exponential_base must be >= 1")
    if isinstance(exceptions, type):
        exceptions = (exceptions,)
    if not isinstance(exceptions, tuple) or not all(
        isinstance(e, type) and issubclass(e, BaseException) for e in exceptions
    ):
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

    def backoff(delay):
        wait = min(delay, max_delay)
        return random.uniform(0, wait) if jitter else wait

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                delay = initial_delay
                for attempt in range(1, max_attempts + 1):
                    try:
                        return await func(*args, **kwargs)
                    except exceptions as exc:
                        if attempt < max_attempts:
                            if on_retry:
                                on_retry(exc, attempt)
                            await asyncio.sleep(backoff(delay))
                            delay = min(delay * exponential_base, max_delay)

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            delay = initial_delay
            for attempt in range(1, max_attempts + 1):
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    if attempt < max_attempts:
                        if on_retry:
                            on_retry(exc, attempt)
                        time.sleep(backoff(delay))
                        delay = min(delay * exponential_base, max_delay)

        return wrapper

    return decorator
