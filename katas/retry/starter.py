"""Retry with backoff: a decorator that calls a flaky function again until it works.

Write your solution here, level by level (README.md tells what each level asks).
Run ``pytest --kata retry`` to have it judged, and ``pykata hint retry`` when stuck.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def retry(
    max_attempts: int = 3,
    initial_delay: float = 1.0,
    max_delay: float = 60.0,
    exponential_base: float = 2.0,
    jitter: bool = True,
    exceptions: type[BaseException] | tuple[type[BaseException], ...] = (Exception,),
    on_retry: Callable[[BaseException, int], object] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Return a decorator that retries the function it wraps.

    Always used with parentheses: ``@retry()`` or ``@retry(max_attempts=5)``.

    Level 1: call the function with the same arguments until it returns, at most
    ``max_attempts`` times; retry only instances of ``exceptions``; after the last failure,
    re-raise that very exception; keep the function's metadata (``functools.wraps``).
    Level 2: between two attempts, sleep once with ``time.sleep``: after failed attempt ``k``
    (1-based) that is ``min(initial_delay * exponential_base ** (k - 1), max_delay)`` seconds
    when ``jitter`` is False.
    Level 3: with ``jitter=True``, draw each delay uniformly from ``[0, that cap]`` with the
    ``random`` module; call ``on_retry(exception, attempt)`` before each sleep; reject bad
    settings here, in ``retry(...)`` itself (``ValueError`` / ``TypeError``).
    Level 4: applied to an ``async def`` function, return an ``async def`` wrapper that waits
    with ``asyncio.sleep``.
    """
    raise NotImplementedError("retry is not written yet: start with level 1 in README.md")
