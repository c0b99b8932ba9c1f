# pykata-corpus: correct
# style: limiter subclasses dict; bucket with __slots__ and __bool__; BoundedSemaphore
"""Rate limiters that lean on Python's data model.

- ``SlidingWindowLimiter`` subclasses ``dict``: the limiter maps each remembered key to the
  deque of its allowed times. So it is unhashable, an empty one is falsy, two fresh ones
  compare equal, and ``len(limiter)``, ``key in limiter`` and ``limiter[key]`` all work.
- ``TokenBucket`` uses ``__slots__``; ``bool(bucket)`` says whether one token is available
  now and ``bucket.tokens`` how many (extra, read-only).
- Idle keys are swept every 4,096 calls of ``allow``, whatever the clock says.
- The lock is a ``threading.BoundedSemaphore(1)``.
- ``allow`` validates its argument after the refill (the refill alone changes nothing
  observable).
"""

import time
from collections import deque
from threading import BoundedSemaphore

SWEEP_EVERY = 4096


class TokenBucket:
    __slots__ = ("_capacity", "_rate", "_stamp", "_tokens")

    def __init__(self, capacity, refill_rate):
        if capacity < 1:
            raise ValueError("capacity < 1")
        if refill_rate <= 0:
            raise ValueError("refill_rate <= 0")
        self._capacity = capacity
        self._rate = refill_rate
        self._tokens = capacity
        self._stamp = time.monotonic()

    def _refill(self):
        now = time.monotonic()
        gained = (now - self._stamp) * self._rate
        if gained:
            self._tokens = min(self._capacity, self._tokens + gained)
        self._stamp = now

    @property
    def tokens(self):
        self._refill()
        return self._tokens

    def __bool__(self):
        return self.tokens >= 1

    def allow(self, tokens=1):
        self._refill()
        if tokens < 1 or tokens > self._capacity:
            raise ValueError(f"tokens must be in 1..{self._capacity}")
        if tokens > self._tokens:
            return False
        self._tokens -= tokens
        return True


class SlidingWindowLimiter(dict):
    def __init__(self, limit, window):
        super().__init__()
        if limit < 1:
            raise ValueError("limit < 1")
        if window <= 0:
            raise ValueError("window <= 0")
        self.limit = limit
        self.window = window
        self._calls = 0
        self._sem = BoundedSemaphore(1)

    def _expired(self, t, now):
        return now - t >= self.window

    def _sweep(self, now):
        idle = [k for k, times in self.items() if not times or self._expired(times[-1], now)]
        for k in idle:
            del self[k]

    def _times(self, key, now):
        times = self.get(key)
        if times is not None:
            while times and self._expired(times[0], now):
                times.popleft()
        return times

    def allow(self, key):
        with self._sem:
            now = time.monotonic()
            self._calls += 1
            if self._calls % SWEEP_EVERY == 0:
                self._sweep(now)
            times = self._times(key, now)
            if times is None:
                self[key] = deque([now], maxlen=self.limit)
                return True
            if len(times) == self.limit:
                return False
            times.append(now)
            return True

    def retry_after(self, key):
        with self._sem:
            now = time.monotonic()
            times = self._times(key, now)
            if not times or len(times) < self.limit:
                return 0.0
            return self.window - (now - times[0])
