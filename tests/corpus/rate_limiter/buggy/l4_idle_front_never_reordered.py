# pykata-corpus: buggy level=4
# bug: idle keys cut from the dict front, but allowed keys never move to the back
import threading
import time
from collections import deque


class TokenBucket:
    def __init__(self, capacity: int, refill_rate: float) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        if refill_rate <= 0:
            raise ValueError("refill_rate must be positive")
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.tokens = float(capacity)
        self.last = time.monotonic()

    def _refill(self) -> None:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.refill_rate)
        self.last = now

    def allow(self, tokens: int = 1) -> bool:
        if tokens < 1 or tokens > self.capacity:
            raise ValueError("tokens must be between 1 and capacity")
        self._refill()
        if self.tokens >= tokens:
            self.tokens -= tokens
            return True
        return False


class SlidingWindowLimiter:
    def __init__(self, limit: int, window: float) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        if window <= 0:
            raise ValueError("window must be positive")
        self.limit = limit
        self.window = window
        self._log: dict = {}
        self._lock = threading.Lock()
        self._next_sweep = time.monotonic() + window

    def _sweep(self, now: float) -> None:
        # Dicts keep insertion order, so the oldest keys are at the front.
        while self._log:
            key = next(iter(self._log))
            times = self._log[key]
            if times and now - times[-1] < self.window:
                break
            del self._log[key]

    def _prune(self, key, now: float) -> deque:
        times = self._log.get(key)
        if times is None:
            times = self._log[key] = deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def allow(self, key) -> bool:
        with self._lock:
            now = time.monotonic()
            self._sweep(now)
            times = self._prune(key, now)
            if len(times) < self.limit:
                times.append(now)
                return True
            return False

    def retry_after(self, key) -> float:
        with self._lock:
            now = time.monotonic()
            times = self._log.get(key)
            if times is None:
                return 0.0
            while times and now - times[0] >= self.window:
                times.popleft()
            if len(times) < self.limit:
                return 0.0
            return self.window - (now - times[0])
