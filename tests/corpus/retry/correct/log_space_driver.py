# pykata-corpus: correct
# style: one generator engine for sync and async; log-space delays; getrandbits; skips 0 waits
"""Retry decorator in the style of a state machine shared by sync and async callers.

Free choices: the attempt loop is a generator that is sent each outcome and yields either
("wait", seconds) or ("raise", exc); the delay is computed in log space
(``exp(log(initial) + (k-1) log(base))``, capped before exponentiating, so no overflow);
jitter is ``cap * getrandbits(53) / 2**53``; waits of 0 are skipped; the coroutine check
reads the code object's CO_COROUTINE flag (with inspect as fallback).
"""

import asyncio
import functools
import inspect
import math
import random
import time

_ONE = float(1 << 53)


def retry(
    max_attempts=3,
    initial_delay=1.0,
    max_delay=60.0,
    exponential_base=2.0,
    jitter=True,
    exceptions=(Exception,),
    on_retry=None,
):
    checked = (exceptions,) if isinstance(exceptions, type) else exceptions
    if not isinstance(checked, tuple) or not all(
        isinstance(c, type) and issubclass(c, BaseException) for c in checked
    ):
        raise TypeError("exceptions must be an exception type or a tuple of exception types")
    if max_attempts < 1 or initial_delay < 0 or max_delay < 0:
        raise ValueError("max_attempts must be >= 1 and delays >= 0")
    if max_delay < initial_delay or exponential_base < 1:
        raise ValueError("need max_delay >= initial_delay and exponential_base >= 1")

    log_cap = math.log(max_delay) if max_delay > 0 else -math.inf

    def cap_for(k):
        if initial_delay == 0:
            return 0.0
        log_delay = math.log(initial_delay) + (k - 1) * math.log(exponential_base)
        if log_delay >= log_cap:
            return max_delay
        return min(math.exp(log_delay), max_delay)

    def engine():
        """Receives exceptions (one per failed attempt); yields what to do next."""
        attempt = 1
        while True:
            exc = yield
            if not isinstance(exc, exceptions) or attempt >= max_attempts:
                yield ("raise", exc)
                return
            if on_retry is not None:
                on_retry(exc, attempt)
            cap = cap_for(attempt)
            wait = cap * (random.getrandbits(53) / _ONE) if jitter else cap
            yield ("wait", wait)
            attempt += 1

    def is_coroutine_function(func):
        code = getattr(func, "__code__", None)
        if code is not None and code.co_flags & inspect.CO_COROUTINE:
            return True
        return inspect.iscoroutinefunction(func)

    def decorator(func):
        if is_coroutine_function(func):

            @functools.wraps(func)
            async def async_retrying(*args, **kwargs):
                machine = engine()
                next(machine)
                while True:
                    try:
                        return await func(*args, **kwargs)
                    except BaseException as exc:  # the engine decides
                        action, value = machine.send(exc)
                        if action == "raise":
                            raise
                        next(machine)
                        if value > 0:
                            await asyncio.sleep(value)

            return async_retrying

        @functools.wraps(func)
        def retrying(*args, **kwargs):
            machine = engine()
            next(machine)
            while True:
                try:
                    return func(*args, **kwargs)
                except BaseException as exc:  # the engine decides
                    action, value = machine.send(exc)
                    if action == "raise":
                        raise
                    next(machine)
                    if value > 0:
                        time.sleep(value)

        return retrying

    return decorator
