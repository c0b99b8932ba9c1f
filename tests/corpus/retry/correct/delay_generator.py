# pykata-corpus: correct
# style: generator of capped delays; while loop; asyncio.iscoroutinefunction; random.uniform
"""Retry decorator whose back-off schedule is a generator shared by sync and async code."""

from __future__ import annotations

import asyncio
import functools
import math
import random
import time
from collections.abc import Iterator
from numbers import Real


def capped_delays(initial_delay: float, max_delay: float, base: float) -> Iterator[float]:
    """Yield the wait after failed attempt 1, 2, 3, ... (without jitter), forever."""
    delay = initial_delay
    while True:
        if delay >= max_delay:
            yield max_delay
            continue
        yield delay
        delay *= base


def _check(max_attempts, initial_delay, max_delay, exponential_base, exceptions, on_retry):
    if type(max_attempts) is not int:
        raise TypeError("max_attempts must be an int")
    for name, value in (
        ("initial_delay", initial_delay),
        ("max_delay", max_delay),
        ("exponential_base", exponential_base),
    ):
        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"{name} must be a real number")
        if math.isnan(value):
            raise ValueError(f"{name} is NaN")
    problems = []
    if max_attempts < 1:
        problems.append("max_attempts < 1")
    if initial_delay < 0:
        problems.append("initial_delay < 0")
    if max_delay < initial_delay:
        problems.append("max_delay < initial_delay")
    if exponential_base < 1:
        problems.append("exponential_base < 1")
    if problems:
        raise ValueError("invalid retry settings: " + ", ".join(problems))
    classes = exceptions if isinstance(exceptions, tuple) else (exceptions,)
    for cls in classes:
        if not isinstance(cls, type) or not issubclass(cls, BaseException):
            raise TypeError(f"not an exception class: {cls!r}")
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

    def decorator(func):
        if asyncio.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                schedule = capped_delays(initial_delay, max_delay, exponential_base)
                attempt = 0
                while True:
                    attempt += 1
                    try:
                        return await func(*args, **kwargs)
                    except exceptions as exc:
                        if attempt >= max_attempts:
                            raise
                        if on_retry is not None:
                            on_retry(exc, attempt)
                    cap = next(schedule)
                    await asyncio.sleep(random.uniform(0, cap) if jitter else cap)

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            schedule = capped_delays(initial_delay, max_delay, exponential_base)
            attempt = 0
            while True:
                attempt += 1
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    if attempt >= max_attempts:
                        raise
                    if on_retry is not None:
                        on_retry(exc, attempt)
                cap = next(schedule)
                time.sleep(random.uniform(0, cap) if jitter else cap)

        return wrapper

    return decorator
