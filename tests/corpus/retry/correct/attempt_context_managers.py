# pykata-corpus: correct
# style: tenacity-like `for attempt in attempts: with attempt:`; async uses `async for`
"""Retry decorator built on attempt context managers, like ``tenacity.Retrying``.

Free choices: the loop is ``for attempt in _Attempts(...): with attempt: return func(...)``;
each attempt is a context manager whose ``__exit__`` swallows a retryable failure unless it
was the last attempt; the iterator performs the hook and the wait before handing out the next
attempt; async uses ``async for`` over an async iterator; ``exceptions`` is normalised to a
tuple; jitter is ``random.uniform(0, cap)``.
"""

import asyncio
import functools
import inspect
import random
import time


class _Attempt:
    def __init__(self, number, policy):
        self.number = number
        self.policy = policy
        self.error = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc is None:
            return False
        if isinstance(exc, self.policy.exceptions) and self.number < self.policy.max_attempts:
            self.error = exc
            return True  # swallowed: the iterator hands out the next attempt
        return False


class _Policy:
    def __init__(self, max_attempts, initial_delay, max_delay, base, jitter, exceptions, hook):
        if isinstance(exceptions, type):
            exceptions = (exceptions,)
        if not isinstance(exceptions, tuple) or not all(
            isinstance(e, type) and issubclass(e, BaseException) for e in exceptions
        ):
            raise TypeError("exceptions must be an exception class or a tuple of classes")
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
        self.exceptions = exceptions
        self.hook = hook

    def wait(self, number):
        cap = min(self.initial_delay * self.base ** (number - 1), self.max_delay)
        return random.uniform(0, cap) if self.jitter else cap

    def after_failure(self, attempt):
        if self.hook is not None:
            self.hook(attempt.error, attempt.number)
        return self.wait(attempt.number)


class _Attempts:
    def __init__(self, policy):
        self.policy = policy

    def __iter__(self):
        number = 1
        while True:
            attempt = _Attempt(number, self.policy)
            yield attempt
            if attempt.error is None:
                return  # only reached if the body neither returned nor failed
            time.sleep(self.policy.after_failure(attempt))
            number += 1

    async def __aiter__(self):
        number = 1
        while True:
            attempt = _Attempt(number, self.policy)
            yield attempt
            if attempt.error is None:
                return
            await asyncio.sleep(self.policy.after_failure(attempt))
            number += 1


def retry(
    max_attempts=3,
    initial_delay=1.0,
    max_delay=60.0,
    exponential_base=2.0,
    jitter=True,
    exceptions=(Exception,),
    on_retry=None,
):
    policy = _Policy(
        max_attempts, initial_delay, max_delay, exponential_base, jitter, exceptions, on_retry
    )

    def decorator(func):
        if inspect.iscoroutinefunction(func):

            @functools.wraps(func)
            async def async_wrapper(*args, **kwargs):
                async for attempt in _Attempts(policy):
                    with attempt:
                        return await func(*args, **kwargs)
                raise AssertionError("unreachable")

            return async_wrapper

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for attempt in _Attempts(policy):
                with attempt:
                    return func(*args, **kwargs)
            raise AssertionError("unreachable")

        return wrapper

    return decorator
