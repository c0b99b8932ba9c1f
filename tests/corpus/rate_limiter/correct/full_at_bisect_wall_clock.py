# pykata-corpus: correct
# style: bucket stores when it will be full; bisect-pruned sorted lists; time.time(); count sweep
"""Rate limiters on the wall clock.

``TokenBucket`` keeps no token count at all: it stores the moment the bucket will be full
again, and derives the tokens available now from how far away that moment is.
``SlidingWindowLimiter`` keeps a sorted list of request times per key, cuts the expired
prefix with ``bisect``, and sweeps idle keys after as many calls as there were keys left by
the previous sweep (at least 1024): amortised constant time per call.
"""

from __future__ import annotations

import bisect
import numbers
import threading
import time
from collections.abc import Hashable


def _check_int(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer")
    if value < 1:
        raise ValueError(f"{name} must be at least 1")
    return int(value)


def _check_positive(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number")
    if not value > 0:
        raise ValueError(f"{name} must be positive")
    return float(value)


class TokenBucket:
    """Token bucket in the "time when full" form (the shape of GCRA)."""

    def __init__(self, capacity: int, refill_rate: float) -> None:
        self._capacity = _check_int("capacity", capacity)
        self._rate = _check_positive("refill_rate", refill_rate)
        self._full_at = time.time()  # full from the start

    def allow(self, tokens: int = 1) -> bool:
        if isinstance(tokens, bool) or not isinstance(tokens, numbers.Integral):
            raise TypeError("tokens must be an integer")
        if tokens < 1 or tokens > self._capacity:
            raise ValueError(f"tokens must be between 1 and {self._capacity}")
        now = time.time()
        missing = max(0.0, self._full_at - now) * self._rate
        if self._capacity - missing < tokens:
            return False
        self._full_at = max(self._full_at, now) + tokens / self._rate
        return True


class SlidingWindowLimiter:
    """Sliding-window log with a sorted list per key and periodic idle-key sweeps."""

    _MIN_SWEEP_INTERVAL = 1024

    def __init__(self, limit: int, window: float) -> None:
        self._limit = _check_int("limit", limit)
        self._window = _check_positive("window", window)
        self._times: dict[Hashable, list[float]] = {}
        self._lock = threading.Lock()
        self._calls_until_sweep = self._MIN_SWEEP_INTERVAL

    def allow(self, key: Hashable) -> bool:
        with self._lock:
            now = time.time()
            self._tick(now)
            times = self._pruned(key, now)
            if times is None:
                self._times[key] = [now]
                return True
            if len(times) >= self._limit:
                return False
            bisect.insort(times, now)
            return True

    def retry_after(self, key: Hashable) -> float:
        with self._lock:
            now = time.time()
            self._tick(now)
            times = self._pruned(key, now)
            if times is None or len(times) < self._limit:
                return 0.0
            return times[-self._limit] + self._window - now

    def _pruned(self, key: Hashable, now: float) -> list[float] | None:
        times = self._times.get(key)
        if times is not None:
            del times[: bisect.bisect_right(times, now - self._window)]
            if not times:
                del self._times[key]
                return None
        return times

    def _tick(self, now: float) -> None:
        self._calls_until_sweep -= 1
        if self._calls_until_sweep > 0:
            return
        cutoff = now - self._window
        self._times = {k: t for k, t in self._times.items() if t[-1] > cutoff}
        self._calls_until_sweep = max(self._MIN_SWEEP_INTERVAL, len(self._times))
