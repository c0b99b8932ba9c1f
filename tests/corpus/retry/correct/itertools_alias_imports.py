# pykata-corpus: correct
# style: itertools.count loop; `from time import sleep as _nap`; random.uniform(cap, 0)
"""Retry with exponential backoff, counting attempts with itertools.count.

Free choices: aliased from-imports of both sleeps, the jitter is ``random.uniform(cap, 0)``
(arguments reversed: still uniform on the same interval), the hook is tested for truthiness,
``exceptions`` is validated before the numbers, an empty tuple of exceptions is accepted (it
simply retries nothing).
"""

import functools
import inspect
import itertools
import random
from asyncio import sleep as _anap
from time import sleep as _nap


def _is_exc_class(obj):
    return isinstance(obj, type) and issubclass(obj, BaseException)


def retry(
    max_attempts=3,
    initial_delay=1.0,
    max_delay=60.0,
    exponential_base=2.0,
    jitter=True,
    exceptions=(Exception,),
    on_retry=None,
):
    if not (
        _is_exc_class(exceptions)
        or (isinstance(exceptions, tuple) and all(map(_is_exc_class, exceptions)))
    ):
        raise TypeError("exceptions: expected an exception class or a tuple of exception classes")
    if max_attempts < 1:
        raise ValueError("max_attempts")
    if initial_delay < 0 or max_delay < 0:
        raise ValueError("delays")
    if max_delay < initial_delay:
        raise ValueError("max_delay")
    if exponential_base < 1:
        raise ValueError("exponential_base")

    def wait_for(attempt):
        cap = min(initial_delay * exponential_base ** (attempt - 1), max_delay)
        return random.uniform(cap, 0) if jitter else cap

    def decorate(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                for attempt in itertools.count(1):
                    try:
                        return await func(*args, **kwargs)
                    except exceptions as exc:
                        if attempt >= max_attempts:
                            raise
                        if on_retry:
                            on_retry(exc, attempt)
                        await _anap(wait_for(attempt))

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in itertools.count(1):
                try:
                    return func(*args, **kwargs)
                except exceptions as exc:
                    if attempt >= max_attempts:
                        raise
                    if on_retry:
                        on_retry(exc, attempt)
                    _nap(wait_for(attempt))

        return wrapper

    return decorate
