# pykata-corpus: correct
# style: `from time import monotonic`; deque per key; a heap of deadlines forgets idle keys; RLock
"""Rate limiters with a heap of expiry deadlines.

Every allowed request pushes ``(time it leaves the window, key)`` on a min-heap. Each call
pops the deadlines that have passed; a popped key whose newest request has also left the
window is idle and is deleted. Deadlines of busy keys simply fall through. The heap holds at
most one entry per request allowed in the last window, so memory follows the traffic.
The clock is imported by name (``from time import monotonic``), a style the fixtures must
support as well as ``time.monotonic()``.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections import deque
from collections.abc import Hashable
from time import monotonic


class TokenBucket:
    """Token bucket whose refill is computed on demand from the last refill time."""

    def __init__(self, capacity: int, refill_rate: float) -> None:
        if type(capacity) is not int:
            raise TypeError("capacity must be an int")
        if type(refill_rate) not in (int, float):
            raise TypeError("refill_rate must be an int or a float")
        if capacity < 1 or refill_rate <= 0:
            raise ValueError("need capacity >= 1 and refill_rate > 0")
        self.capacity = capacity
        self.refill_rate = refill_rate
        self._level = float(capacity)
        self._refilled_at = monotonic()

    @property
    def available(self) -> float:
        """Tokens in the bucket now (brings the stored level up to date)."""
        now = monotonic()
        self._level = min(self.capacity, self._level + (now - self._refilled_at) * self.refill_rate)
        self._refilled_at = now
        return self._level

    def allow(self, tokens: int = 1) -> bool:
        if type(tokens) is not int:
            raise TypeError("tokens must be an int")
        if not 0 < tokens <= self.capacity:
            raise ValueError("tokens must be in 1..capacity")
        if self.available < tokens:
            return False
        self._level -= tokens
        return True


class SlidingWindowLimiter:
    """Sliding-window log: a deque per key, idle keys found through a deadline heap."""

    def __init__(self, limit: int, window: float) -> None:
        if type(limit) is not int:
            raise TypeError("limit must be an int")
        if type(window) not in (int, float):
            raise TypeError("window must be an int or a float")
        if limit < 1 or window <= 0:
            raise ValueError("need limit >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._requests: dict[Hashable, deque[float]] = {}
        self._deadlines: list[tuple[float, int, Hashable]] = []
        self._tiebreak = itertools.count()  # keys need not be orderable
        self._lock = threading.RLock()

    def allow(self, key: Hashable) -> bool:
        with self._lock:
            now = monotonic()
            self._expire_idle(now)
            times = self._live(key, now)
            if len(times) >= self.limit:
                return False
            times.append(now)
            self._requests[key] = times
            heapq.heappush(self._deadlines, (now + self.window, next(self._tiebreak), key))
            return True

    def retry_after(self, key: Hashable) -> float:
        with self._lock:
            now = monotonic()
            self._expire_idle(now)
            times = self._live(key, now)
            if len(times) < self.limit:
                return 0.0
            return self.window - (now - times[0])

    def _live(self, key: Hashable, now: float) -> deque[float]:
        """The key's request times still inside the window (a new deque if none)."""
        times = self._requests.get(key)
        if times is None:
            return deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def _expire_idle(self, now: float) -> None:
        deadlines = self._deadlines
        while deadlines and deadlines[0][0] <= now:
            _, _, key = heapq.heappop(deadlines)
            times = self._requests.get(key)
            # The same sum as the deadline, so the newest request's deadline always deletes.
            if times is not None and (not times or times[-1] + self.window <= now):
                del self._requests[key]
