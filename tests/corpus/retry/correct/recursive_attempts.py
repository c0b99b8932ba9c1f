# pykata-corpus: correct
# style: recursion, one stack frame per attempt; running delay capped with min(); random.uniform
"""Retry, written recursively: attempt k either returns, re-raises, or backs off and tries k + 1.

Once labelled buggy (level 2): one stack frame per attempt runs out (``RecursionError``) with
thousands of attempts. katas.md sets no range for ``max_attempts``, so the specs never make
more than a couple of hundred attempts, and this entry proves they do not depend on more.
"""

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

    def wait_for(delay):
        return random.uniform(0, delay) if jitter else delay

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            async def attempt_async(attempt, delay, args, kwargs):
                try:
                    return await func(*args, **kwargs)
                except exceptions as exc:
                    if attempt == max_attempts:
                        raise
                    if on_retry is not None:
                        on_retry(exc, attempt)
                await asyncio.sleep(wait_for(delay))
                next_delay = min(delay * exponential_base, max_delay)
                return await attempt_async(attempt + 1, next_delay, args, kwargs)

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                return await attempt_async(1, initial_delay, args, kwargs)

            return async_wrapper

        def attempt_sync(attempt, delay, args, kwargs):
            try:
                return func(*args, **kwargs)
            except exceptions as exc:
                if attempt == max_attempts:
                    raise
                if on_retry is not None:
                    on_retry(exc, attempt)
            time.sleep(wait_for(delay))
            next_delay = min(delay * exponential_base, max_delay)
            return attempt_sync(attempt + 1, next_delay, args, kwargs)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return attempt_sync(1, initial_delay, args, kwargs)

        return wrapper

    return decorator
