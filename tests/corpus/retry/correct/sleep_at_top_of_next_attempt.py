# pykata-corpus: correct
# style: waits at the top of attempts 2..n; `except BaseException` + isinstance; skips 0 waits
"""Retry decorator that waits at the start of each retry rather than at the end of a failure.

Free choices: the failure handler only records the exception and calls the hook; the wait
happens at the top of the next attempt (still exactly once between two attempts, after the
hook); every exception is caught as ``BaseException`` and filtered with ``isinstance``;
``asyncio.sleep`` is imported by name; waits of 0 are skipped; the running delay is doubled
(``*= base``) and capped only when it is used.
"""

import functools
import inspect
import random
import time
from asyncio import sleep


def retry(
    max_attempts=3,
    initial_delay=1.0,
    max_delay=60.0,
    exponential_base=2.0,
    jitter=True,
    exceptions=(Exception,),
    on_retry=None,
):
    def valid_class(c):
        return isinstance(c, type) and issubclass(c, BaseException)

    if isinstance(exceptions, tuple):
        if not all(valid_class(c) for c in exceptions):
            raise TypeError("exceptions tuple may only contain exception classes")
    elif not valid_class(exceptions):
        raise TypeError("exceptions must be an exception class or a tuple of them")
    if max_attempts < 1:
        raise ValueError("max_attempts < 1")
    if initial_delay < 0 or max_delay < 0:
        raise ValueError("negative delay")
    if max_delay < initial_delay:
        raise ValueError("max_delay < initial_delay")
    if exponential_base < 1:
        raise ValueError("exponential_base < 1")

    def next_wait(raw):
        cap = raw if raw <= max_delay else max_delay
        return cap * random.random() if jitter else cap

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def runner(*args, **kwargs):
                raw = initial_delay
                for attempt in range(1, max_attempts + 1):
                    if attempt > 1:
                        wait = next_wait(raw)
                        raw = min(raw * exponential_base, max_delay)
                        if wait:
                            await sleep(wait)
                    try:
                        return await func(*args, **kwargs)
                    except BaseException as exc:
                        if not isinstance(exc, exceptions) or attempt == max_attempts:
                            raise
                        if on_retry is not None:
                            on_retry(exc, attempt)

            return runner

        @functools.wraps(func)
        def runner(*args, **kwargs):
            raw = initial_delay
            for attempt in range(1, max_attempts + 1):
                if attempt > 1:
                    wait = next_wait(raw)
                    raw = min(raw * exponential_base, max_delay)
                    if wait:
                        time.sleep(wait)
                try:
                    return func(*args, **kwargs)
                except BaseException as exc:
                    if not isinstance(exc, exceptions) or attempt == max_attempts:
                        raise
                    if on_retry is not None:
                        on_retry(exc, attempt)

        return runner

    return decorator
