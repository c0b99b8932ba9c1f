# pykata-corpus: correct
# style: asyncio.sleep(delay=...); `raise last from None`; empty exceptions tuple -> TypeError
"""Retry decorator whose give-up path is ``raise last from None``.

Free choices: the async back-off calls ``asyncio.sleep(delay=...)`` by keyword, the final
exception is re-raised with ``from None`` (the same object, only its ``__cause__`` /
``__suppress_context__`` change), an empty ``exceptions`` tuple is refused with TypeError,
the running delay is multiplied then capped, ``jitter`` is any truthy value.
"""

import asyncio
import functools
import inspect
import random
import time

_NUMBER = (int, float)


def _check_exceptions(exceptions):
    classes = exceptions if isinstance(exceptions, tuple) else (exceptions,)
    if not classes:
        raise TypeError("exceptions: empty tuple catches nothing")
    for cls in classes:
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            raise TypeError(f"exceptions: {cls!r} is not an exception class")
    return classes


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
        raise ValueError("max_attempts must be at least 1")
    if initial_delay < 0:
        raise ValueError("initial_delay must not be negative")
    if max_delay < 0:
        raise ValueError("max_delay must not be negative")
    if max_delay < initial_delay:
        raise ValueError("max_delay must be >= initial_delay")
    if exponential_base < 1:
        raise ValueError("exponential_base must be >= 1")
    catch = _check_exceptions(exceptions)

    def schedule():
        delay = initial_delay
        while True:
            capped = min(delay, max_delay)
            yield random.random() * capped if jitter else capped
            delay = capped * exponential_base

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def awrapper(*args, **kwargs):
                delays = schedule()
                last = None
                for attempt in range(1, max_attempts + 1):
                    try:
                        return await func(*args, **kwargs)
                    except catch as exc:
                        last = exc
                        if attempt == max_attempts:
                            break
                        if on_retry is not None:
                            on_retry(exc, attempt)
                        await asyncio.sleep(delay=next(delays))
                raise last from None

            return awrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            delays = schedule()
            last = None
            for attempt in range(1, max_attempts + 1):
                try:
                    return func(*args, **kwargs)
                except catch as exc:
                    last = exc
                    if attempt == max_attempts:
                        break
                    if on_retry is not None:
                        on_retry(exc, attempt)
                    time.sleep(next(delays))
            raise last from None

        return wrapper

    return decorator
