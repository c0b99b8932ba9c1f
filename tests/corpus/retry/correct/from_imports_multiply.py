# pykata-corpus: correct
# style: from time/asyncio import sleep; delay *= base; random.random() * cap; skips 0 waits
"""Retry with backoff, using ``from ... import sleep`` and a running delay."""

from __future__ import annotations

import functools
import inspect
import math
import random
from asyncio import sleep as async_sleep
from time import sleep


def _require(condition, error, message):
    if not condition:
        raise error(message)


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


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
    _require(
        isinstance(max_attempts, int) and not isinstance(max_attempts, bool),
        TypeError,
        "max_attempts must be an int",
    )
    for value in (initial_delay, max_delay, exponential_base):
        _require(_is_number(value), TypeError, f"expected a number, got {value!r}")
        _require(not math.isnan(value), ValueError, "NaN is not a valid setting")
    _require(max_attempts >= 1, ValueError, "max_attempts must be >= 1")
    _require(initial_delay >= 0, ValueError, "initial_delay must be >= 0")
    _require(max_delay >= initial_delay, ValueError, "max_delay must be >= initial_delay")
    _require(exponential_base >= 1, ValueError, "exponential_base must be >= 1")
    _require(
        _is_exception_class(exceptions)
        or (isinstance(exceptions, tuple) and all(map(_is_exception_class, exceptions))),
        TypeError,
        "exceptions must be an exception class or a tuple of them",
    )
    _require(on_retry is None or callable(on_retry), TypeError, "on_retry must be callable")

    def wait(delay):
        cap = min(delay, max_delay)
        return cap * random.random() if jitter else cap

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
                        seconds = wait(delay)
                    if seconds > 0:
                        await async_sleep(seconds)
                    delay *= exponential_base

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
                    seconds = wait(delay)
                if seconds > 0:
                    sleep(seconds)
                delay *= exponential_base

        return wrapper

    return decorator
