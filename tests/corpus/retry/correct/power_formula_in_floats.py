# pykata-corpus: correct
# style: katas.md formula transcribed in floats (power per attempt), for-range loop; random.uniform
"""Retry with backoff: delay = min(initial_delay * exponential_base ** (attempt - 1), max_delay).

Once labelled buggy (level 2): the float power overflows (``OverflowError``) after about 1000
attempts with base 2.0, 310 with base 10.0. katas.md sets no range for ``max_attempts`` and
gives exactly this formula, so a plain transcription of it is a correct reading: the specs
never make enough attempts for the power to overflow, and this entry proves they do not.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import math
import random
import time
from collections.abc import Callable


def retry(
    max_attempts: int = 3,
    initial_delay: float = 1.0,
    max_delay: float = 60.0,
    exponential_base: float = 2.0,
    jitter: bool = True,
    exceptions: type[BaseException] | tuple[type[BaseException], ...] = (Exception,),
    on_retry: Callable[[BaseException, int], object] | None = None,
):
    """Decorator factory: retry on `exceptions` with capped exponential backoff."""
    if isinstance(max_attempts, bool) or not isinstance(max_attempts, int):
        raise TypeError("max_attempts must be an int")
    for name, value in [
        ("initial_delay", initial_delay),
        ("max_delay", max_delay),
        ("exponential_base", exponential_base),
    ]:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TypeError(f"{name} must be a number")
        if math.isnan(value):
            raise ValueError(f"{name} must not be NaN")
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if initial_delay < 0 or max_delay < 0:
        raise ValueError("delays must not be negative")
    if max_delay < initial_delay:
        raise ValueError("max_delay must be at least initial_delay")
    if exponential_base < 1:
        raise ValueError("exponential_base must be at least 1")
    if isinstance(exceptions, type) and issubclass(exceptions, BaseException):
        pass
    elif isinstance(exceptions, tuple) and all(
        isinstance(e, type) and issubclass(e, BaseException) for e in exceptions
    ):
        pass
    else:
        raise TypeError("exceptions must be an exception class or a tuple of them")
    if on_retry is not None and not callable(on_retry):
        raise TypeError("on_retry must be callable")

    def delay_for(attempt: int) -> float:
        capped = min(initial_delay * exponential_base ** (attempt - 1), max_delay)
        return random.uniform(0, capped) if jitter else capped

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
                    await asyncio.sleep(delay_for(attempt))

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
                time.sleep(delay_for(attempt))

        return wrapper

    return decorator
