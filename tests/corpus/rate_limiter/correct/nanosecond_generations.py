# pykata-corpus: correct
# style: integer nanoseconds (monotonic_ns); own parameter names; no type checks; key generations
"""Rate limiters that take every freedom the contract leaves open.

- Parameter names of its own (``size``, ``per_second``, ``max_requests``, ``seconds``,
  ``n``, ``who``): the contract fixes positions, not names.
- No type checks at all: ``TokenBucket(2.5, 1.0)`` is accepted (the contract names only the
  ``ValueError`` cases), and a comparison decides the values.
- Time in integer nanoseconds from ``time.monotonic_ns()``; the bucket counts in exact
  ``Fraction`` tokens, the window compares integers.
- Idle keys are forgotten by generations: every ``window`` of clock time the current dict
  becomes the previous one and the previous one is dropped, so a key idle for two windows is
  gone, with O(1) work per call. A semaphore serves as the lock.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from fractions import Fraction

NS = 1_000_000_000


class TokenBucket:
    def __init__(self, size, per_second):
        if not size >= 1:
            raise ValueError("a bucket holds at least one token")
        if not per_second > 0:
            raise ValueError("tokens must come back at some positive rate")
        self._size = size
        self._per_ns = Fraction(per_second) / NS
        self._tokens = Fraction(size)
        self._at = time.monotonic_ns()

    def allow(self, n=1):
        if not 1 <= n <= self._size:
            raise ValueError(f"cannot take {n} tokens from a bucket of {self._size}")
        now = time.monotonic_ns()
        self._tokens = min(Fraction(self._size), self._tokens + (now - self._at) * self._per_ns)
        self._at = now
        if self._tokens < n:
            return False
        self._tokens -= n
        return True


class SlidingWindowLimiter:
    def __init__(self, max_requests, seconds):
        if not max_requests >= 1:
            raise ValueError("max_requests must be at least 1")
        if not seconds > 0:
            raise ValueError("seconds must be positive")
        self._max = max_requests
        self._span = round(seconds * NS)
        self._current = {}
        self._previous = {}
        self._turned = time.monotonic_ns()
        self._mutex = threading.Semaphore(1)

    def _turn(self, now):
        # A generation is dropped one whole window after it stopped receiving keys: by then
        # every time it holds has left the window.
        if now - self._turned >= 2 * self._span:
            self._current, self._previous = {}, {}
            self._turned = now
        elif now - self._turned >= self._span:
            self._current, self._previous = {}, self._current
            self._turned = now

    def _stamps(self, who, now):
        self._turn(now)
        stamps = self._current.get(who)
        if stamps is None:
            stamps = self._previous.pop(who, None)
            if stamps is None:
                stamps = deque()
            self._current[who] = stamps
        while stamps and now - stamps[0] >= self._span:
            stamps.popleft()
        return stamps

    def allow(self, who):
        with self._mutex:
            now = time.monotonic_ns()
            stamps = self._stamps(who, now)
            if len(stamps) >= self._max:
                return False
            stamps.append(now)
            return True

    def retry_after(self, who):
        with self._mutex:
            now = time.monotonic_ns()
            stamps = self._stamps(who, now)
            if len(stamps) < self._max:
                return 0.0
            return (stamps[0] + self._span - now) / NS
