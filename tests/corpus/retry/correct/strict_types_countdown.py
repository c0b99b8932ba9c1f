# pykata-corpus: correct
# style: type checks first (bool refused); countdown loop; `import time as _clock`; try/else
"""Retry decorator that checks every setting's type before its value.

Free choices: ``max_attempts`` must be a real ``int`` (not ``bool``), delays and base real
numbers (not ``bool``) or TypeError, and all types are checked before any value; the loop
counts the remaining attempts down; ``try/except/else`` returns; the async branch is chosen
with ``asyncio.iscoroutinefunction``; ``time`` is imported under another name.
"""

import asyncio
import functools
import numbers
import random
import time as _clock


def _require(cond, exc_type, message):
    if not cond:
        raise exc_type(message)


def _is_real(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


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
        f"max_attempts must be an int, got {type(max_attempts).__name__}",
    )
    for name, value in (
        ("initial_delay", initial_delay),
        ("max_delay", max_delay),
        ("exponential_base", exponential_base),
    ):
        _require(_is_real(value), TypeError, f"{name} must be a number")
    _require(
        _is_exception_class(exceptions)
        or (isinstance(exceptions, tuple) and all(_is_exception_class(e) for e in exceptions)),
        TypeError,
        "exceptions must be an exception class or a tuple of exception classes",
    )
    _require(max_attempts >= 1, ValueError, "max_attempts must be >= 1")
    _require(initial_delay >= 0, ValueError, "initial_delay must be >= 0")
    _require(max_delay >= 0, ValueError, "max_delay must be >= 0")
    _require(max_delay >= initial_delay, ValueError, "max_delay must be >= initial_delay")
    _require(exponential_base >= 1, ValueError, "exponential_base must be >= 1")

    def backoff(failed):
        base_delay = initial_delay * exponential_base ** (failed - 1)
        capped = max_delay if base_delay > max_delay else base_delay
        if jitter:
            return random.uniform(0.0, capped)
        return capped

    def decorator(func):
        if asyncio.iscoroutinefunction(func):

            @functools.wraps(func)
            async def wrapped_async(*args, **kwargs):
                remaining = max_attempts
                while True:
                    remaining -= 1
                    try:
                        result = await func(*args, **kwargs)
                    except exceptions as error:
                        if not remaining:
                            raise
                        failed = max_attempts - remaining
                        if on_retry is not None:
                            on_retry(error, failed)
                        await asyncio.sleep(backoff(failed))
                    else:
                        return result

            return wrapped_async

        @functools.wraps(func)
        def wrapped(*args, **kwargs):
            remaining = max_attempts
            while True:
                remaining -= 1
                try:
                    result = func(*args, **kwargs)
                except exceptions as error:
                    if not remaining:
                        raise
                    failed = max_attempts - remaining
                    if on_retry is not None:
                        on_retry(error, failed)
                    _clock.sleep(backoff(failed))
                else:
                    return result

        return wrapped

    return decorator
