# pykata-corpus: correct
# style: sleep injected as a default argument (sleep=time.sleep / asyncio.sleep), captured at import
"""Retry with back-off, the sleep functions injected as default arguments
(``sleep=time.sleep``, ``sleep=asyncio.sleep``), captured when the module is imported.
"""

from __future__ import annotations

import asyncio
import functools
import inspect
import math
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar, cast

__all__ = ["retry"]

P = ParamSpec("P")
R = TypeVar("R")

ExceptionTypes = type[BaseException] | tuple[type[BaseException], ...]
OnRetry = Callable[[BaseException, int], object]


@dataclass(frozen=True)
class _Policy:
    """The checked settings of one ``retry(...)`` decorator; shared by every call."""

    max_attempts: int
    initial_delay: float
    max_delay: float
    exponential_base: float
    jitter: bool
    exceptions: ExceptionTypes
    on_retry: OnRetry | None

    def capped_delay(self, attempt: int) -> float:
        """``min(initial_delay * exponential_base ** (attempt - 1), max_delay)``.

        Works for any attempt number: past about a thousand attempts the float power
        overflows, so the comparison with the cap is then made on logarithms.
        """
        if self.initial_delay == 0:
            return 0.0  # zero times any power, however large
        try:
            delay = self.initial_delay * self.exponential_base ** (attempt - 1)
        except OverflowError:
            log_delay = math.log(self.initial_delay) + (attempt - 1) * math.log(
                self.exponential_base
            )
            if log_delay >= math.log(self.max_delay):
                return self.max_delay
            return math.exp(log_delay)
        return min(delay, self.max_delay)

    def delay(self, attempt: int) -> float:
        """How long to wait after failed attempt ``attempt`` (1-based)."""
        cap = self.capped_delay(attempt)
        if self.jitter:
            return random.uniform(0.0, cap)
        return cap

    def before_retry(self, exception: BaseException, attempt: int) -> None:
        """Tell ``on_retry`` that ``attempt`` failed and will be retried."""
        if self.on_retry is not None:
            self.on_retry(exception, attempt)


def retry(
    max_attempts: int = 3,
    initial_delay: float = 1.0,
    max_delay: float = 60.0,
    exponential_base: float = 2.0,
    jitter: bool = True,
    exceptions: ExceptionTypes = (Exception,),
    on_retry: OnRetry | None = None,
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Return a decorator that calls the function again when it raises one of ``exceptions``.

    Args:
        max_attempts: how many times the function is called at most (>= 1).
        initial_delay: the wait after the first failed attempt, in seconds (>= 0).
        max_delay: no wait is longer than this (>= initial_delay).
        exponential_base: each wait is this many times the previous one (>= 1).
        jitter: draw each wait uniformly between 0 and its capped value ("full jitter").
        exceptions: an exception class, or a tuple of them, that is worth retrying; any other
            exception propagates at once.
        on_retry: called as ``on_retry(exception, attempt)`` before each wait, with the
            1-based number of the attempt that failed and will be retried.

    Raises:
        TypeError: a setting of the wrong type.
        ValueError: a setting out of range (or NaN).
    """
    _check_int("max_attempts", max_attempts)
    for name, value in (
        ("initial_delay", initial_delay),
        ("max_delay", max_delay),
        ("exponential_base", exponential_base),
    ):
        _check_number(name, value)
    if not isinstance(jitter, bool):
        raise TypeError(f"jitter must be True or False, not {jitter!r}")
    _check_exceptions(exceptions)
    if on_retry is not None and not callable(on_retry):
        raise TypeError(f"on_retry must be callable or None, not {on_retry!r}")

    if max_attempts < 1:
        raise ValueError(f"max_attempts must be at least 1, not {max_attempts}")
    if initial_delay < 0:
        raise ValueError(f"initial_delay must not be negative, not {initial_delay}")
    if max_delay < initial_delay:
        raise ValueError(
            f"max_delay ({max_delay}) must not be less than initial_delay ({initial_delay})"
        )
    if exponential_base < 1:
        raise ValueError(f"exponential_base must be at least 1, not {exponential_base}")

    policy = _Policy(
        max_attempts=max_attempts,
        initial_delay=initial_delay,
        max_delay=max_delay,
        exponential_base=exponential_base,
        jitter=jitter,
        exceptions=exceptions,
        on_retry=on_retry,
    )

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        if inspect.iscoroutinefunction(func):
            return cast(Callable[P, R], _retry_async(func, policy))
        return _retry_sync(func, policy)

    return decorate


def _retry_sync(
    func: Callable[P, R], policy: _Policy, sleep: Callable[[float], None] = time.sleep
) -> Callable[P, R]:
    """Wrap a plain function: wait between attempts with ``time.sleep``."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        attempt = 1
        while True:
            try:
                return func(*args, **kwargs)
            except policy.exceptions as exc:
                if attempt >= policy.max_attempts:
                    raise  # the last exception itself, unchanged
                policy.before_retry(exc, attempt)
            # Sleep outside the except block: the failed attempt's exception (and its
            # traceback) is released, and an interrupt while sleeping is not chained to it.
            sleep(policy.delay(attempt))
            attempt += 1

    return wrapper


def _retry_async(
    func: Callable[P, Awaitable[Any]],
    policy: _Policy,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> Callable[P, Awaitable[Any]]:
    """Wrap a coroutine function: wait between attempts with ``asyncio.sleep``."""

    @functools.wraps(func)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
        attempt = 1
        while True:
            try:
                return await func(*args, **kwargs)
            except policy.exceptions as exc:
                if attempt >= policy.max_attempts:
                    raise
                policy.before_retry(exc, attempt)
            await sleep(policy.delay(attempt))
            attempt += 1

    return wrapper


def _check_int(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")


def _check_number(name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds, not {type(value).__name__}")
    if isinstance(value, float) and math.isnan(value):
        raise ValueError(f"{name} must not be NaN")


def _is_exception_class(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, BaseException)


def _check_exceptions(exceptions: object) -> None:
    if _is_exception_class(exceptions):
        return
    if isinstance(exceptions, tuple) and all(_is_exception_class(e) for e in exceptions):
        return
    raise TypeError(f"exceptions must be an exception class or a tuple of them, not {exceptions!r}")
