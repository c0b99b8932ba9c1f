# pykata-corpus: correct
# style: frozen dataclass policy; whole schedule drawn before attempt 1; betavariate(1, 1)
"""Retry policy as a frozen dataclass; each call draws its whole back-off schedule first.

Free choices: validation lives in ``__post_init__`` of a dataclass built by ``retry(...)``;
the schedule of the ``max_attempts - 1`` waits (jitter included) is computed when the
decorated function is called, before its first attempt; the jitter is
``cap * random.betavariate(1, 1)`` (Beta(1, 1) is the uniform distribution on [0, 1]);
``BaseException`` subclasses are valid exception classes; the decorator factory returns a
bound method of the policy.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import inspect
import random
import time
from collections.abc import Callable
from typing import Any


@dataclasses.dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int
    initial_delay: float
    max_delay: float
    exponential_base: float
    jitter: bool
    exceptions: Any
    on_retry: Callable[[BaseException, int], Any] | None

    def __post_init__(self):
        exc = self.exceptions
        members = exc if isinstance(exc, tuple) else (exc,)
        if not all(isinstance(m, type) and issubclass(m, BaseException) for m in members):
            raise TypeError("exceptions must be an exception class or a tuple of exception classes")
        problems = []
        if self.max_attempts < 1:
            problems.append("max_attempts < 1")
        if self.initial_delay < 0 or self.max_delay < 0:
            problems.append("negative delay")
        if self.max_delay < self.initial_delay:
            problems.append("max_delay < initial_delay")
        if self.exponential_base < 1:
            problems.append("exponential_base < 1")
        if problems:
            raise ValueError("invalid retry settings: " + ", ".join(problems))

    def waits(self) -> list[float]:
        out = []
        for k in range(1, self.max_attempts):
            cap = min(self.initial_delay * self.exponential_base ** (k - 1), self.max_delay)
            out.append(cap * random.betavariate(1, 1) if self.jitter else cap)
            if cap >= self.max_delay:
                # The cap is reached: every later wait has the same cap.
                for _ in range(k + 1, self.max_attempts):
                    out.append(cap * random.betavariate(1, 1) if self.jitter else cap)
                break
        return out

    def apply(self, func):
        if inspect.iscoroutinefunction(func):

            async def run_async(*args, **kwargs):
                waits = self.waits()
                for attempt, wait in enumerate([*waits, None], start=1):
                    try:
                        return await func(*args, **kwargs)
                    except self.exceptions as exc:
                        if wait is None:
                            raise
                        if self.on_retry is not None:
                            self.on_retry(exc, attempt)
                        await asyncio.sleep(wait)

            return functools.update_wrapper(run_async, func)

        def run(*args, **kwargs):
            waits = self.waits()
            for attempt, wait in enumerate([*waits, None], start=1):
                try:
                    return func(*args, **kwargs)
                except self.exceptions as exc:
                    if wait is None:
                        raise
                    if self.on_retry is not None:
                        self.on_retry(exc, attempt)
                    time.sleep(wait)

        return functools.update_wrapper(run, func)


def retry(
    max_attempts=3,
    initial_delay=1.0,
    max_delay=60.0,
    exponential_base=2.0,
    jitter=True,
    exceptions=(Exception,),
    on_retry=None,
):
    return RetryPolicy(
        max_attempts, initial_delay, max_delay, exponential_base, jitter, exceptions, on_retry
    ).apply
