# pykata-corpus: correct
# style: random.SystemRandom; `raise errors[-1]` after the loop; empty tuple -> ValueError
"""Retry decorator that keeps every failure of a call and re-raises the last one.

Free choices: jitter comes from a module-level ``random.SystemRandom()`` (OS entropy, not the
global Mersenne Twister); the failures of a call are collected in a list and the give-up
path raises ``errors[-1]`` after the loop (with its traceback); an empty exceptions tuple
is refused as a bad value (ValueError); ``on_retry`` is called through a no-op default;
the delay is recomputed from the formula with ``math.pow``.
"""

import asyncio
import functools
import inspect
import math
import random
import time

_entropy = random.SystemRandom()


def _no_hook(exception, attempt):
    return None


def _normalise_exceptions(exceptions):
    if isinstance(exceptions, type) and issubclass(exceptions, BaseException):
        return (exceptions,)
    if isinstance(exceptions, tuple):
        for item in exceptions:
            if not (isinstance(item, type) and issubclass(item, BaseException)):
                raise TypeError(f"not an exception class: {item!r}")
        if not exceptions:
            raise ValueError("exceptions must name at least one exception class")
        return exceptions
    raise TypeError(f"exceptions must be an exception class or a tuple, not {exceptions!r}")


def retry(
    max_attempts=3,
    initial_delay=1.0,
    max_delay=60.0,
    exponential_base=2.0,
    jitter=True,
    exceptions=(Exception,),
    on_retry=None,
):
    if max_attempts < 1:
        raise ValueError(f"max_attempts must be >= 1, got {max_attempts}")
    if min(initial_delay, max_delay) < 0:
        raise ValueError("delays cannot be negative")
    if max_delay < initial_delay:
        raise ValueError("max_delay cannot be smaller than initial_delay")
    if exponential_base < 1:
        raise ValueError("exponential_base cannot be below 1")
    retry_on = _normalise_exceptions(exceptions)
    hook = on_retry if on_retry is not None else _no_hook

    def pause_after(attempt):
        try:
            grown = initial_delay * math.pow(exponential_base, attempt - 1)
        except OverflowError:
            grown = math.inf
        cap = min(grown, max_delay)
        return _entropy.uniform(0, cap) if jitter else cap

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def call_async(*args, **kwargs):
                errors = []
                while len(errors) < max_attempts:
                    try:
                        return await func(*args, **kwargs)
                    except retry_on as exc:
                        errors.append(exc)
                    if len(errors) < max_attempts:
                        hook(errors[-1], len(errors))
                        await asyncio.sleep(pause_after(len(errors)))
                raise errors[-1]

            return call_async

        @functools.wraps(func)
        def call(*args, **kwargs):
            errors = []
            while len(errors) < max_attempts:
                try:
                    return func(*args, **kwargs)
                except retry_on as exc:
                    errors.append(exc)
                if len(errors) < max_attempts:
                    hook(errors[-1], len(errors))
                    time.sleep(pause_after(len(errors)))
            raise errors[-1]

        return call

    return decorator
