# pykata-corpus: correct
# style: whole-token bucket, refill clock steps 1/rate; one global FIFO expires every key
"""Rate limiters driven by one queue of events.

``TokenBucket`` holds a whole number of tokens. Its refill clock ``_since`` marks when the
next fraction started to accrue: whole tokens earned are added and the clock moves on by
exactly ``earned / rate`` seconds, so the fraction not yet worth a token is kept in the clock,
not in the count. When the bucket is full, the clock is simply ``now``.

``SlidingWindowLimiter`` appends every allowed request to one global FIFO ``(time, key)``.
Times only grow, so the expired requests of all keys are at its left end: every call pops
them, and removes each from its key's own deque (where it is the leftmost too). A key whose
deque empties is deleted on the spot. Nothing outlives its window, for any key, and no sweep
is ever needed.

It also keeps the last 1,024 decisions in a ``deque(maxlen=1024)`` for debugging (an extra,
bounded attribute), and takes its lock with explicit ``acquire``/``release``.
"""

import math
import threading
import time
from collections import deque


def _check_int(name, value, low):
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < low:
        raise ValueError(f"{name} must be >= {low}, not {value}")


def _check_positive(name, value):
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"{name} must be positive and finite, not {value}")


class TokenBucket:
    def __init__(self, capacity: int, refill_rate: float) -> None:
        _check_int("capacity", capacity, 1)
        _check_positive("refill_rate", refill_rate)
        self.capacity = capacity
        self.refill_rate = float(refill_rate)
        self._whole = capacity
        self._since = time.monotonic()

    def _refill(self, now: float) -> None:
        if self._whole >= self.capacity:
            self._since = now
            return
        earned = math.floor((now - self._since) * self.refill_rate)
        if earned <= 0:
            return
        if self._whole + earned >= self.capacity:
            self._whole = self.capacity
            self._since = now
        else:
            self._whole += earned
            self._since += earned / self.refill_rate

    def allow(self, tokens: int = 1) -> bool:
        _check_int("tokens", tokens, 1)
        if tokens > self.capacity:
            raise ValueError(f"tokens must be <= capacity ({self.capacity}), not {tokens}")
        self._refill(time.monotonic())
        if self._whole < tokens:
            return False
        self._whole -= tokens
        return True


class SlidingWindowLimiter:
    def __init__(self, limit: int, window: float) -> None:
        _check_int("limit", limit, 1)
        _check_positive("window", window)
        self.limit = limit
        self.window = float(window)
        self._events = deque()  # (time, key) of every allowed request still in a window
        self._per_key = {}  # key -> deque of its allowed times
        self.recent = deque(maxlen=1024)  # (time, key, allowed): debugging aid, bounded
        self._mutex = threading.Lock()

    def _expire(self, now: float) -> None:
        events, per_key, window = self._events, self._per_key, self.window
        while events and now - events[0][0] >= window:
            _, key = events.popleft()
            times = per_key[key]
            times.popleft()
            if not times:
                del per_key[key]

    def allow(self, key) -> bool:
        hash(key)  # unhashable keys fail before anything changes
        self._mutex.acquire()
        try:
            now = time.monotonic()
            self._expire(now)
            times = self._per_key.get(key)
            if times is not None and len(times) >= self.limit:
                self.recent.append((now, key, False))
                return False
            if times is None:
                times = self._per_key[key] = deque()
            times.append(now)
            self._events.append((now, key))
            self.recent.append((now, key, True))
            return True
        finally:
            self._mutex.release()

    def retry_after(self, key) -> float:
        self._mutex.acquire()
        try:
            now = time.monotonic()
            self._expire(now)
            times = self._per_key.get(key)
            if times is None or len(times) < self.limit:
                return 0.0
            return times[0] + self.window - now
        finally:
            self._mutex.release()
