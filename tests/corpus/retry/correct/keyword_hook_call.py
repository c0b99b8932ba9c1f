# pykata-corpus: correct
# style: on_retry(exception=..., attempt=...) by keyword; float() waits; one failure helper
"""Retry decorator that calls its hook with the keyword names katas.md gives it.

Free choices: ``on_retry(exception=exc, attempt=n)`` by keyword (the names of the documented
call ``on_retry(exception, attempt)``); every wait is converted with ``float()``; the
argument validation runs in a helper that raises the first problem found, numbers first;
jitter is ``random.uniform(0, cap)``; zero waits are slept.
"""

import asyncio
import functools
import inspect
import random
import time


def _validate(max_attempts, initial_delay, max_delay, exponential_base, exceptions):
    if max_attempts < 1:
        raise ValueError("max_attempts must be positive")
    if initial_delay < 0 or max_delay < 0:
        raise ValueError("delays must not be negative")
    if max_delay < initial_delay:
        raise ValueError("max_delay below initial_delay")
    if exponential_base < 1:
        raise ValueError("exponential_base below 1")
    members = exceptions if isinstance(exceptions, tuple) else (exceptions,)
    for member in members:
        if not isinstance(member, type) or not issubclass(member, BaseException):
            raise TypeError("exceptions must be exception classes")


def retry(
    max_attempts=3,
    initial_delay=1.0,
    max_delay=60.0,
    exponential_base=2.0,
    jitter=True,
    exceptions=(Exception,),
    on_retry=None,
):
    _validate(max_attempts, initial_delay, max_delay, exponential_base, exceptions)

    def wait_after(attempt):
        cap = min(initial_delay * exponential_base ** (attempt - 1), max_delay)
        return float(random.uniform(0, cap) if jitter else cap)

    def failed(exc, attempt):
        """Return the wait before the next attempt, or re-raise when there is none."""
        if attempt >= max_attempts:
            raise exc
        if on_retry is not None:
            on_retry(exception=exc, attempt=attempt)
        return wait_after(attempt)

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_call(*args, **kwargs):
                attempt = 0
                while True:
                    attempt += 1
                    try:
                        return await func(*args, **kwargs)
                    except exceptions as exc:
                        wait = failed(exc, attempt)
                    await asyncio.sleep(wait)

            return async_call

        @functools.wraps(func)
        def call(*args, **kwargs):
            attempt = 0
            while True:
                attempt += 1
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    wait = failed(exc, attempt)
                time.sleep(wait)

        return call

    return decorator
