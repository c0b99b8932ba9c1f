# pykata-corpus: correct
# style: operator.index checks; plain lists filtered by comprehension; full sweep once per window
"""Straightforward rate limiters, the way many people first write them.

Each key keeps a plain list of request times, rebuilt with a comprehension that keeps the
ones still inside the window. Once per window of clock time, a full pass drops every key
whose list has emptied. The bucket keeps a float level and the time it was last topped up.
"""

from __future__ import annotations

import operator
import threading
import time


def _count(name, value):
    try:
        number = operator.index(value)  # ints (and anything int-like), never floats
    except TypeError:
        raise TypeError(f"{name} must be a whole number, got {value!r}") from None
    if number < 1:
        raise ValueError(f"{name} must be at least 1, got {number}")
    return number


def _seconds(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, got {value!r}")
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


class TokenBucket:
    def __init__(self, capacity, refill_rate):
        self.capacity = _count("capacity", capacity)
        self.refill_rate = _seconds("refill_rate", refill_rate)
        self.level = self.capacity
        self.topped_up = time.monotonic()
        self.lock = threading.Lock()

    def allow(self, tokens=1):
        tokens = _count("tokens", tokens)
        if tokens > self.capacity:
            raise ValueError(f"a bucket of {self.capacity} can never hold {tokens} tokens")
        with self.lock:
            now = time.monotonic()
            self.level = min(self.capacity, self.level + (now - self.topped_up) * self.refill_rate)
            self.topped_up = now
            if tokens <= self.level:
                self.level -= tokens
                return True
            return False


class SlidingWindowLimiter:
    def __init__(self, limit, window):
        self.limit = _count("limit", limit)
        self.window = _seconds("window", window)
        self.history = {}
        self.lock = threading.RLock()
        self.swept_at = time.monotonic()

    def _recent(self, key, now):
        recent = [t for t in self.history.get(key, ()) if now - t < self.window]
        if recent:
            self.history[key] = recent
        else:
            self.history.pop(key, None)
        return recent

    def _sweep(self, now):
        if now - self.swept_at < self.window:
            return
        self.swept_at = now
        for key in list(self.history):
            self._recent(key, now)

    def allow(self, key):
        with self.lock:
            now = time.monotonic()
            self._sweep(now)
            recent = self._recent(key, now)
            if len(recent) >= self.limit:
                return False
            recent.append(now)
            self.history[key] = recent
            return True

    def retry_after(self, key):
        with self.lock:
            now = time.monotonic()
            self._sweep(now)
            recent = self._recent(key, now)
            if len(recent) < self.limit:
                return 0.0
            return self.window - (now - min(recent))
