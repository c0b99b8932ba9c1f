# pykata-corpus: buggy level=2
# bug: histories are stored under hash(key), so unequal keys whose hashes collide share one history
"""Token bucket, and a sliding window that stores hash(key) instead of the key."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Hashable


class TokenBucket:
    """``capacity`` tokens, refilled continuously at ``refill_rate`` tokens per second."""

    def __init__(self, capacity: int, refill_rate: float) -> None:
        if isinstance(capacity, bool) or not isinstance(capacity, int):
            raise TypeError("capacity must be an int")
        if isinstance(refill_rate, bool) or not isinstance(refill_rate, (int, float)):
            raise TypeError("refill_rate must be a number")
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        if refill_rate <= 0:
            raise ValueError("refill_rate must be positive")
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.tokens = float(capacity)
        self.last_refill = time.monotonic()

    def _refill(self) -> None:
        now = time.monotonic()
        earned = (now - self.last_refill) * self.refill_rate
        self.tokens = min(self.capacity, self.tokens + earned)
        self.last_refill = now

    def allow(self, tokens: int = 1) -> bool:
        if isinstance(tokens, bool) or not isinstance(tokens, int):
            raise TypeError("tokens must be an int")
        if tokens < 1 or tokens > self.capacity:
            raise ValueError(f"tokens must be between 1 and {self.capacity}")
        self._refill()
        if self.tokens >= tokens:
            self.tokens -= tokens
            return True
        return False


class SlidingWindowLimiter:
    """At most ``limit`` allowed requests per key in any ``window`` seconds."""

    def __init__(self, limit: int, window: float) -> None:
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError("limit must be an int")
        if isinstance(window, bool) or not isinstance(window, (int, float)):
            raise TypeError("window must be a number")
        if limit < 1:
            raise ValueError("limit must be at least 1")
        if window <= 0:
            raise ValueError("window must be positive")
        self.limit = limit
        self.window = window
        self._log: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def _forget_idle(self, now: float) -> None:
        # Keys are ordered by their latest allowed request: idle ones are at the front.
        while self._log:
            key, times = next(iter(self._log.items()))
            if now - times[-1] < self.window:
                break
            del self._log[key]

    def _times(self, key: Hashable, now: float) -> deque[float]:
        times = self._log.get(key)
        if times is None:
            return deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def allow(self, key: Hashable) -> bool:
        with self._lock:
            now = time.monotonic()
            self._forget_idle(now)
            slot = hash(key)  # ints are cheaper to keep than arbitrary keys
            times = self._times(slot, now)
            if len(times) >= self.limit:
                return False
            times.append(now)
            self._log[slot] = times
            self._log.move_to_end(slot)
            return True

    def retry_after(self, key: Hashable) -> float:
        with self._lock:
            now = time.monotonic()
            self._forget_idle(now)
            times = self._times(hash(key), now)
            if len(times) < self.limit:
                return 0.0
            return self.window - (now - times[0])
