"""Rate limiter kata: write your solution here, level by level (see README.md).

Run ``pytest --kata rate_limiter`` to have it judged, ``pykata hint rate_limiter`` for a hint.
Read the clock with ``time.monotonic()`` inside each call (``time.time()`` works too): the
specs freeze and move the clock, so a time read once at import would never change.
"""

from __future__ import annotations

from collections.abc import Hashable

# Level 1: Token bucket


class TokenBucket:
    """A bucket of ``capacity`` tokens that refills continuously at ``refill_rate`` per second."""

    def __init__(self, capacity: int, refill_rate: float) -> None:
        """Create a bucket that starts full.

        ``capacity`` is an int of at least 1 and ``refill_rate`` (tokens per second) a number
        above 0: anything else raises ``ValueError`` (a bad value) or ``TypeError`` (a value
        of the wrong type).
        """
        raise NotImplementedError("TokenBucket.__init__")

    def allow(self, tokens: int = 1) -> bool:
        """Take ``tokens`` and return True if at least that many are available now.

        Otherwise return False and take nothing. Tokens refill continuously, never above
        ``capacity``. ``tokens`` below 1 or above ``capacity`` raises ``ValueError``.
        """
        raise NotImplementedError("TokenBucket.allow")


# Level 2: Sliding window (level 3 adds retry_after, level 4 bounded memory and threads)


class SlidingWindowLimiter:
    """Allow at most ``limit`` requests per key in any ``window`` seconds."""

    def __init__(self, limit: int, window: float) -> None:
        """Create a limiter that has seen no requests.

        ``limit`` is an int of at least 1 and ``window`` (seconds) a number above 0: anything
        else raises ``ValueError`` (a bad value) or ``TypeError`` (a value of the wrong type).
        """
        raise NotImplementedError("SlidingWindowLimiter.__init__")

    def allow(self, key: Hashable) -> bool:
        """Return True, and record the request, if fewer than ``limit`` requests of ``key``
        were allowed in ``(now - window, now]``; otherwise return False and record nothing.

        Each key has its own history. Level 4: safe to call from many threads at once, and
        keys idle for longer than ``window`` are forgotten so memory stays bounded.
        """
        raise NotImplementedError("SlidingWindowLimiter.allow")

    # Level 3: Retry-After

    def retry_after(self, key: Hashable) -> float:
        """Return 0.0 if a request of ``key`` would be allowed now, else the exact number of
        seconds until it would be. Asking records nothing.
        """
        raise NotImplementedError("SlidingWindowLimiter.retry_after")
