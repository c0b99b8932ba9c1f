# pykata-corpus: correct
# style: exact Fraction bucket; ring buffer per key; a lock per key; idle sweep once per window
"""Rate limiters with exact arithmetic and fine-grained locking.

``TokenBucket`` computes with ``fractions.Fraction`` (every float clock reading converts
exactly), refilling lazily from the time of its last update.

``SlidingWindowLimiter`` gives each key a ring of exactly ``limit`` slots. The slot the
cursor points at holds the oldest of the key's last ``limit`` allowed requests, so a request
is allowed exactly when that slot is empty or has left the window. Each key has its own
lock; a registry lock guards only the dict of keys. Once per window, the registry drops keys
whose newest request has left the window. A key is retired under its own lock and marked
dead, so a thread that fetched it just before the sweep starts over with a fresh entry.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Hashable
from fractions import Fraction


def _validate(name: str, value: object, *, integer: bool) -> None:
    allowed: tuple[type, ...] = (int,) if integer else (int, float)
    if isinstance(value, bool) or not isinstance(value, allowed):
        raise TypeError(f"{name}: expected {'int' if integer else 'int or float'}")
    if integer and value < 1:
        raise ValueError(f"{name} must be >= 1")
    if not integer and not value > 0:
        raise ValueError(f"{name} must be > 0")


class TokenBucket:
    """Lazily refilled bucket, exact to the last bit of the clock."""

    def __init__(self, capacity: int, refill_rate: float) -> None:
        _validate("capacity", capacity, integer=True)
        _validate("refill_rate", refill_rate, integer=False)
        self.capacity = capacity
        self.refill_rate = Fraction(refill_rate)
        self._tokens = Fraction(capacity)
        self._stamp = Fraction(time.monotonic())

    def allow(self, tokens: int = 1) -> bool:
        _validate("tokens", tokens, integer=True)
        if tokens > self.capacity:
            raise ValueError("tokens must not exceed capacity")
        now = Fraction(time.monotonic())
        earned = (now - self._stamp) * self.refill_rate
        self._tokens = min(Fraction(self.capacity), self._tokens + earned)
        self._stamp = now
        if self._tokens < tokens:
            return False
        self._tokens -= tokens
        return True


class _Ring:
    __slots__ = ("cursor", "dead", "lock", "slots")

    def __init__(self, size: int) -> None:
        self.slots: list[float | None] = [None] * size
        self.cursor = 0  # the slot to overwrite next: the oldest remembered request
        self.lock = threading.Lock()
        self.dead = False

    def newest(self) -> float | None:
        return self.slots[self.cursor - 1]


class SlidingWindowLimiter:
    """Sliding-window log in ring buffers, one lock per key."""

    def __init__(self, limit: int, window: float) -> None:
        _validate("limit", limit, integer=True)
        _validate("window", window, integer=False)
        self.limit = limit
        self.window = window
        self._rings: dict[Hashable, _Ring] = {}
        self._registry = threading.Lock()
        self._last_sweep = time.monotonic()

    def allow(self, key: Hashable) -> bool:
        while True:
            ring = self._ring(key)
            with ring.lock:
                if ring.dead:
                    continue  # retired by a sweep after we fetched it: fetch again
                now = time.monotonic()
                oldest = ring.slots[ring.cursor]
                if oldest is not None and now - oldest < self.window:
                    return False
                ring.slots[ring.cursor] = now
                ring.cursor = (ring.cursor + 1) % self.limit
                return True

    def retry_after(self, key: Hashable) -> float:
        with self._registry:
            ring = self._rings.get(key)
        if ring is None:
            return 0.0
        with ring.lock:
            now = time.monotonic()
            oldest = ring.slots[ring.cursor]
            if ring.dead or oldest is None or now - oldest >= self.window:
                return 0.0
            return self.window - (now - oldest)

    def _ring(self, key: Hashable) -> _Ring:
        with self._registry:
            now = time.monotonic()
            if now - self._last_sweep >= self.window:
                self._sweep(now)
                self._last_sweep = now
            ring = self._rings.get(key)
            if ring is None:
                ring = self._rings[key] = _Ring(self.limit)
            return ring

    def _sweep(self, now: float) -> None:
        for key, ring in list(self._rings.items()):
            if not ring.lock.acquire(blocking=False):
                continue  # in use right now, so not idle
            try:
                newest = ring.newest()
                if newest is None or now - newest >= self.window:
                    ring.dead = True
                    del self._rings[key]
            finally:
                ring.lock.release()
