# pykata-corpus: buggy level=4
# bug: the periodic sweep of idle keys looks at a key's oldest time, so it drops keys still busy
"""Token bucket, and a sliding window whose cleanup forgets keys that are still in use."""

from __future__ import annotations

import threading
import time
from collections import deque
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

    SWEEP_EVERY = 1000  # calls between two sweeps of idle keys

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
        self._requests: dict[Hashable, deque[float]] = {}
        self._lock = threading.Lock()
        self._calls = 0

    def _sweep(self, now: float) -> None:
        self._calls += 1
        if self._calls < self.SWEEP_EVERY:
            return
        self._calls = 0
        # The bug: a key is idle when its newest time has left the window, not its oldest.
        idle = [key for key, times in self._requests.items() if now - times[0] >= self.window]
        for key in idle:
            del self._requests[key]

    def _times(self, key: Hashable, now: float) -> deque[float]:
        self._sweep(now)
        times = self._requests.get(key)
        if times is None:
            return deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def allow(self, key: Hashable) -> bool:
        with self._lock:
            now = time.monotonic()
            times = self._times(key, now)
            if len(times) >= self.limit:
                return False
            times.append(now)
            self._requests[key] = times
            return True

    def retry_after(self, key: Hashable) -> float:
        with self._lock:
            now = time.monotonic()
            times = self._times(key, now)
            if len(times) < self.limit:
                return 0.0
            return self.window - (now - times[0])
