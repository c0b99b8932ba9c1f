# pykata-corpus: correct
# style: functools.partial decorator; sleep bound in retry(...); reduce() delays; 1 - random()
"""Retry decorator assembled from functools pieces.

Free choices: ``retry(...)`` returns a ``functools.partial`` of a module-level function, and
captures ``time.sleep`` / ``asyncio.sleep`` when it runs (not at import, not per call); each
delay is a ``functools.reduce`` product, so an int ``initial_delay`` and base give int waits;
the jitter is ``cap * (1 - random.random())`` (uniform on ``(0, cap]``); the wrapper carries
an extra public ``retry_settings`` mapping; zero waits are slept.
"""

import asyncio
import functools
import inspect
import operator
import random
import time


def _delay(settings, k):
    grown = functools.reduce(
        operator.mul, [settings["exponential_base"]] * (k - 1), settings["initial_delay"]
    )
    cap = grown if grown < settings["max_delay"] else settings["max_delay"]
    if settings["jitter"]:
        return cap * (1.0 - random.random())
    return cap


def _apply(settings, sleep, async_sleep, func):
    catch = settings["exceptions"]
    hook = settings["on_retry"]
    limit = settings["max_attempts"]

    if inspect.iscoroutinefunction(func):

        async def wrapper(*args, **kwargs):
            k = 0
            while True:
                k += 1
                try:
                    return await func(*args, **kwargs)
                except catch as exc:
                    if k == limit:
                        raise
                    if hook is not None:
                        hook(exc, k)
                    await async_sleep(_delay(settings, k))

    else:

        def wrapper(*args, **kwargs):
            k = 0
            while True:
                k += 1
                try:
                    return func(*args, **kwargs)
                except catch as exc:
                    if k == limit:
                        raise
                    if hook is not None:
                        hook(exc, k)
                    sleep(_delay(settings, k))

    functools.update_wrapper(wrapper, func)
    wrapper.retry_settings = dict(settings)
    return wrapper


def retry(
    max_attempts=3,
    initial_delay=1.0,
    max_delay=60.0,
    exponential_base=2.0,
    jitter=True,
    exceptions=(Exception,),
    on_retry=None,
):
    if isinstance(exceptions, type):
        ok = issubclass(exceptions, BaseException)
    elif isinstance(exceptions, tuple):
        ok = all(isinstance(e, type) and issubclass(e, BaseException) for e in exceptions)
    else:
        ok = False
    if not ok:
        raise TypeError("exceptions must be an exception class or a tuple of them")
    if not max_attempts >= 1:
        raise ValueError("max_attempts")
    if not (0 <= initial_delay <= max_delay):
        raise ValueError("need 0 <= initial_delay <= max_delay")
    if not exponential_base >= 1:
        raise ValueError("exponential_base")
    settings = {
        "max_attempts": max_attempts,
        "initial_delay": initial_delay,
        "max_delay": max_delay,
        "exponential_base": exponential_base,
        "jitter": jitter,
        "exceptions": exceptions,
        "on_retry": on_retry,
    }
    return functools.partial(_apply, settings, time.sleep, asyncio.sleep)
