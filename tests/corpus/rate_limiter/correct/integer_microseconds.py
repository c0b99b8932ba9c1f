# pykata-corpus: correct
# style: integer microseconds and scaled-integer tokens; sweep past a high-water mark
"""Rate limiters in integer fixed-point arithmetic.

The clock is ``round(time.time() * 1_000_000)``: whole microseconds, as ints. The refill
rate is split into ``p / q`` with ``float.as_integer_ratio()``, and the bucket counts in
units of ``1 / (q * 1_000_000)`` of a token, so ``elapsed_us * p`` units are earned, with no
rounding for any rate a float can hold.

Windows are whole microseconds too. Each key keeps a list of allowed times (ints); idle keys
are swept whenever the dict grows past a high-water mark, which is then reset to twice what
survived (at least 1,024 keys). The clock is read outside the lock, the state changed
inside it.
"""

import threading
import time
from collections import deque

US = 1_000_000


def _clock_us():
    return round(time.time() * US)


class TokenBucket:
    def __init__(self, capacity, refill_rate):
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        if refill_rate <= 0:
            raise ValueError("refill_rate must be positive")
        self._p, q = float(refill_rate).as_integer_ratio()
        self._unit = q * US  # units per token
        self._capacity = capacity
        self._full = capacity * self._unit
        self._units = self._full
        self._at = _clock_us()

    def allow(self, tokens=1):
        if not 1 <= tokens <= self._capacity:
            raise ValueError("tokens must be between 1 and capacity")
        now = _clock_us()
        self._units = min(self._full, self._units + (now - self._at) * self._p)
        self._at = now
        need = tokens * self._unit
        if self._units >= need:
            self._units -= need
            return True
        return False


class SlidingWindowLimiter:
    def __init__(self, limit, window):
        if limit < 1:
            raise ValueError("limit must be at least 1")
        if window <= 0:
            raise ValueError("window must be positive")
        self._limit = limit
        self._window_us = round(window * US)
        if self._window_us <= 0:
            raise ValueError("window must be at least a microsecond")
        self._seen = {}
        self._high_water = 1024
        self._lock = threading.Lock()

    def _sweep(self, now):
        cutoff = now - self._window_us
        self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > cutoff}
        self._high_water = max(1024, 2 * len(self._seen))

    def _live(self, key, now):
        times = self._seen.get(key)
        if times:
            cutoff = now - self._window_us
            while times and times[0] <= cutoff:
                times.popleft()
        return times

    def allow(self, key):
        now = _clock_us()
        with self._lock:
            times = self._live(key, now)
            if times is None:
                self._seen[key] = times = deque()
                if len(self._seen) > self._high_water:
                    self._sweep(now)
                    times = self._seen.setdefault(key, deque())
            if len(times) >= self._limit:
                return False
            times.append(now)
            return True

    def retry_after(self, key):
        now = _clock_us()
        with self._lock:
            times = self._live(key, now)
            if not times or len(times) < self._limit:
                return 0.0
            return (times[0] + self._window_us - now) / US
