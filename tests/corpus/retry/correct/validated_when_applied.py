# pykata-corpus: correct
# style: settings checked when the decorator is applied; sync wrapper is a callable object
"""Retry with backoff in the style of a small library.

Free choices this entry makes differently from the others: the settings are checked when the
decorator is applied to a function (katas.md's "when the decorator is created" read as the
moment ``@retry(...)`` decorates), not inside ``retry(...)``; the sync wrapper is an object
with ``__call__`` (so it does not bind ``self`` as a method: decorating methods is not
checked); jitter is ``cap * random.random()`` from a private ``random.Random()`` generator;
``import time as _time``; zero waits are slept.
"""

import asyncio as _asyncio
import functools
import inspect
import math
import random
import time as _time

_RNG = random.Random()


def _exception_classes(exceptions):
    def is_class(value):
        return isinstance(value, type) and issubclass(value, BaseException)

    if is_class(exceptions):
        return (exceptions,)
    if isinstance(exceptions, tuple) and all(is_class(e) for e in exceptions):
        return exceptions
    raise TypeError(f"exceptions must be an exception class or a tuple of them: {exceptions!r}")


class _Settings:
    def __init__(self, max_attempts, initial_delay, max_delay, base, jitter, exceptions, hook):
        if max_attempts < 1:
            raise ValueError("max_attempts must be >= 1")
        if initial_delay < 0 or max_delay < 0:
            raise ValueError("delays must be >= 0")
        if max_delay < initial_delay:
            raise ValueError("max_delay must be >= initial_delay")
        if base < 1:
            raise ValueError("exponential_base must be >= 1")
        self.max_attempts = max_attempts
        self.initial_delay = initial_delay
        self.max_delay = max_delay
        self.base = base
        self.jitter = jitter
        self.exceptions = _exception_classes(exceptions)
        self.hook = hook

    def wait(self, attempt):
        """The wait after failed attempt ``attempt`` (1-based)."""
        if self.initial_delay == 0:
            cap = 0.0
        elif (attempt - 1) * math.log(self.base) >= math.log(self.max_delay / self.initial_delay):
            cap = self.max_delay
        else:
            cap = min(self.initial_delay * self.base ** (attempt - 1), self.max_delay)
        return cap * _RNG.random() if self.jitter else cap

    def give_up(self, exc, attempt):
        """True when ``attempt`` was the last; otherwise tell the hook."""
        if attempt >= self.max_attempts:
            return True
        if self.hook is not None:
            self.hook(exc, attempt)
        return False


class _Retrying:
    """The sync decorated function: an object that calls ``func`` until it returns."""

    def __init__(self, func, settings):
        functools.update_wrapper(self, func)
        self._func = func
        self._settings = settings

    def __call__(self, *args, **kwargs):
        settings = self._settings
        attempt = 0
        while True:
            attempt += 1
            try:
                return self._func(*args, **kwargs)
            except settings.exceptions as exc:
                if settings.give_up(exc, attempt):
                    raise
            _time.sleep(settings.wait(attempt))


def retry(
    max_attempts=3,
    initial_delay=1.0,
    max_delay=60.0,
    exponential_base=2.0,
    jitter=True,
    exceptions=(Exception,),
    on_retry=None,
):
    def decorate(func):
        settings = _Settings(
            max_attempts, initial_delay, max_delay, exponential_base, jitter, exceptions, on_retry
        )
        if not inspect.iscoroutinefunction(func):
            return _Retrying(func, settings)

        @functools.wraps(func)
        async def retrying(*args, **kwargs):
            attempt = 0
            while True:
                attempt += 1
                try:
                    return await func(*args, **kwargs)
                except settings.exceptions as exc:
                    if settings.give_up(exc, attempt):
                        raise
                await _asyncio.sleep(settings.wait(attempt))

        return retrying

    return decorate
