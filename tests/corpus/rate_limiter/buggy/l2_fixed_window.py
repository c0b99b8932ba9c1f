# pykata-corpus: buggy level=2
# bug: a fixed-window counter posing as a sliding window: counts reset at every multiple of window
"""Token bucket, and a fixed-window counter where a sliding window was asked for."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
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
    """At most ``limit`` requests per key in each ``window`` seconds (counted per window)."""

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
        # key -> [number of the current window, requests allowed in it]
        self._counters: OrderedDict[Hashable, list[int]] = OrderedDict()
        self._lock = threading.Lock()

    def _slot(self, now: float) -> int:
        return int(now // self.window)

    def _forget_idle(self, slot: int) -> None:
        # Keys are ordered by their latest allowed request: old windows are at the front.
        while self._front_is_old(slot):
            self._counters.popitem(last=False)

    def _front_is_old(self, slot: int) -> bool:
        if not self._counters:
            return False
        counter = next(iter(self._counters.values()))
        return counter[0] < slot

    def allow(self, key: Hashable) -> bool:
        with self._lock:
            slot = self._slot(time.monotonic())
            self._forget_idle(slot)
            counter = self._counters.get(key)
            if counter is None:
                counter = self._counters[key] = [slot, 0]
            if counter[1] >= self.limit:
                return False
            counter[1] += 1
            self._counters.move_to_end(key)
            return True

    def retry_after(self, key: Hashable) -> float:
        with self._lock:
            now = time.monotonic()
            slot = self._slot(now)
            self._forget_idle(slot)
            counter = self._counters.get(key)
            if counter is None or counter[1] < self.limit:
                return 0.0
            return (slot + 1) * self.window - now
