# pykata-corpus: correct
# style: leaky-bucket meter; heapq per key; dict re-insertion LRU; one module-level lock
"""Rate limiters written the "leaky bucket as a meter" way.

``TokenBucket`` tracks how full of *water* the bucket is: each granted token pours one unit
in, and the water leaks out at ``refill_rate``. A request fits when ``water + tokens <=
capacity``. (Water is ``capacity`` minus the tokens of the usual description.)

``SlidingWindowLimiter`` keeps a min-heap (``heapq``) of allowed times per key, and relies
on a plain ``dict`` keeping insertion order: an allowed key is popped and re-inserted, so the
front of the dict is always the key allowed least recently, and idle keys are dropped from
the front.

All limiters of the module share ONE lock at module level: simple, and safe, since no
method holding it calls out to another limiter.
"""

import heapq
import threading
import time

_LOCK = threading.Lock()


class TokenBucket:
    def __init__(self, capacity, refill_rate):
        if capacity < 1 or refill_rate <= 0:
            raise ValueError(f"bad bucket settings: capacity={capacity}, rate={refill_rate}")
        self.capacity = capacity
        self.refill_rate = refill_rate
        self.water = 0.0
        self.checked = time.monotonic()

    def _leak(self):
        now = time.monotonic()
        self.water = max(0.0, self.water - (now - self.checked) * self.refill_rate)
        self.checked = now

    def allow(self, tokens=1):
        if tokens < 1 or tokens > self.capacity:
            raise ValueError(f"cannot take {tokens} tokens from a bucket of {self.capacity}")
        self._leak()
        if self.water + tokens > self.capacity:
            return False
        self.water += tokens
        return True


class SlidingWindowLimiter:
    def __init__(self, limit, window):
        if limit < 1 or window <= 0:
            raise ValueError(f"bad limiter settings: limit={limit}, window={window}")
        self.limit = limit
        self.window = window
        self.heaps = {}

    def _drop_idle(self, now):
        heaps = self.heaps
        while heaps:
            key = next(iter(heaps))
            if heaps[key] and now - max(heaps[key]) < self.window:
                return
            del heaps[key]

    def _live(self, key, now):
        heap = self.heaps.get(key, [])
        while heap and now - heap[0] >= self.window:
            heapq.heappop(heap)
        return heap

    def allow(self, key):
        with _LOCK:
            now = time.monotonic()
            self._drop_idle(now)
            heap = self._live(key, now)
            if len(heap) >= self.limit:
                return False
            heapq.heappush(heap, now)
            self.heaps.pop(key, None)
            self.heaps[key] = heap  # to the back: allowed most recently
            return True

    def retry_after(self, key):
        with _LOCK:
            now = time.monotonic()
            heap = self._live(key, now)
            if len(heap) < self.limit:
                return 0.0
            return heap[0] + self.window - now
