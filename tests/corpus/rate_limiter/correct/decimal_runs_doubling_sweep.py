# pykata-corpus: correct
# style: Decimal bucket; [time, count] runs per key; sweep after 2 * keys + 64 calls
"""Rate limiters in decimal arithmetic, with run-length histories.

- ``TokenBucket`` computes in ``decimal.Decimal``. ``Decimal(float)`` is exact, and the
  spec's times and rates need far fewer than the default 28 digits, so nothing rounds.
- A key's history is a list of ``[time, count]`` runs: requests allowed at the same instant
  share one run. Its length never exceeds ``limit``, and the total of the counts is what is
  compared with ``limit``.
- Idle keys are swept when the number of calls since the last sweep reaches twice the number
  of keys that sweep left, plus 64: amortised O(1), and the dict can at most triple.
- The lock is a small class of its own around ``threading.Lock``.
- Every argument may be passed by keyword under the contract's names.
"""

import threading
import time
from decimal import Decimal


class _Guard:
    def __init__(self):
        self._inner = threading.Lock()

    def __enter__(self):
        self._inner.acquire()
        return self

    def __exit__(self, *exc):
        self._inner.release()
        return False


def _now():
    return Decimal(time.monotonic())


class TokenBucket:
    def __init__(self, capacity: int, refill_rate: float):
        if int(capacity) != capacity or capacity < 1:
            raise ValueError("capacity must be a whole number >= 1")
        if not refill_rate > 0:
            raise ValueError("refill_rate must be > 0")
        self.capacity = Decimal(capacity)
        self.refill_rate = Decimal(refill_rate)
        self.tokens = self.capacity
        self.updated = _now()

    def allow(self, tokens: int = 1) -> bool:
        if tokens < 1:
            raise ValueError("at least one token")
        if tokens > self.capacity:
            raise ValueError("more tokens than the bucket can ever hold")
        now = _now()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.refill_rate)
        self.updated = now
        if self.tokens - tokens >= 0:
            self.tokens -= tokens
            return True
        return False


class SlidingWindowLimiter:
    def __init__(self, limit: int, window: float):
        if limit < 1:
            raise ValueError("limit must be >= 1")
        if window <= 0:
            raise ValueError("window must be > 0")
        self.limit = limit
        self.window = Decimal(window)
        self._runs = {}
        self._calls = 0
        self._next_sweep = 64
        self._guard = _Guard()

    def _trim(self, runs, now):
        cut = 0
        while cut < len(runs) and now - runs[cut][0] >= self.window:
            cut += 1
        if cut:
            del runs[:cut]
        return sum(count for _, count in runs)

    def _maybe_sweep(self, now):
        self._calls += 1
        if self._calls < self._next_sweep:
            return
        self._runs = {
            key: runs
            for key, runs in self._runs.items()
            if runs and now - runs[-1][0] < self.window
        }
        self._calls = 0
        self._next_sweep = 2 * len(self._runs) + 64

    def allow(self, key) -> bool:
        with self._guard:
            now = _now()
            self._maybe_sweep(now)
            runs = self._runs.setdefault(key, [])
            if self._trim(runs, now) >= self.limit:
                return False
            if runs and runs[-1][0] == now:
                runs[-1][1] += 1
            else:
                runs.append([now, 1])
            return True

    def retry_after(self, key) -> float:
        with self._guard:
            now = _now()
            runs = self._runs.get(key)
            if not runs or self._trim(runs, now) < self.limit:
                return 0.0
            return float(runs[0][0] + self.window - now)
