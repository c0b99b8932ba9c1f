# pykata-corpus: correct
# style: unhashable dataclasses; deque(maxlen=limit) never pruned; epoch wheel of idle keys
"""Rate limiters as dataclasses, with the clock injected the way production code tests it.

- ``clock: Callable[[], float] | None = None`` is a dataclass field: a test may inject a
  clock; without one, ``time.monotonic`` is looked up in ``time`` at every reading.
- Dataclasses compare by value (``__eq__``) and so are unhashable: two fresh buckets with the
  same settings compare equal.
- A key's times live in a ``deque(maxlen=limit)`` that is never pruned: a request is allowed
  when the key has fewer than ``limit`` times or the oldest of its last ``limit`` has left
  the window; appending to a full deque drops that oldest one.
- Idle keys are found through an epoch wheel: each key sits in the set of the epoch
  (``floor(newest / window)``) of its newest request; epochs at least three windows old are
  emptied, and each of their keys is checked before it is deleted.
- One ``threading.Lock``, taken by a ``@synchronized`` decorator.
"""

from __future__ import annotations

import functools
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field


def synchronized(method):
    @functools.wraps(method)
    def wrapper(self, *args):
        with self._lock:
            return method(self, *args)

    return wrapper


@dataclass
class TokenBucket:
    capacity: int
    refill_rate: float
    clock: Callable[[], float] | None = None
    _tokens: float = field(init=False, repr=False)
    _at: float = field(init=False, repr=False)

    def _read(self) -> float:
        return (self.clock or time.monotonic)()

    def __post_init__(self) -> None:
        if self.capacity < 1:
            raise ValueError("capacity < 1")
        if self.refill_rate <= 0:
            raise ValueError("refill_rate <= 0")
        self._tokens = self.capacity
        self._at = self._read()

    def allow(self, tokens: int = 1) -> bool:
        if tokens < 1 or tokens > self.capacity:
            raise ValueError("tokens out of range")
        now = self._read()
        earned = (now - self._at) * self.refill_rate
        self._tokens = min(self.capacity, self._tokens + earned)
        self._at = now
        if tokens <= self._tokens:
            self._tokens = self._tokens - tokens
            return True
        return False


@dataclass
class SlidingWindowLimiter:
    limit: int
    window: float
    clock: Callable[[], float] | None = None
    _times: dict = field(init=False, repr=False, compare=False, default_factory=dict)
    _epochs: dict = field(init=False, repr=False, compare=False, default_factory=dict)
    _epoch_of: dict = field(init=False, repr=False, compare=False, default_factory=dict)
    _lock: object = field(init=False, repr=False, compare=False, default_factory=threading.Lock)

    def _read(self) -> float:
        return (self.clock or time.monotonic)()

    def __post_init__(self) -> None:
        if self.limit < 1 or self.window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")

    def _epoch(self, t: float) -> int:
        return math.floor(t / self.window)

    def _sweep(self, now: float) -> None:
        horizon = self._epoch(now) - 3
        for epoch in [e for e in self._epochs if e <= horizon]:
            for key in self._epochs.pop(epoch):
                times = self._times[key]
                if now - times[-1] >= self.window:
                    del self._times[key]
                    del self._epoch_of[key]
                else:  # cannot happen (three epochs of margin); stay safe anyway
                    del self._epoch_of[key]
                    self._file(key, times[-1])

    def _file(self, key: Hashable, t: float) -> None:
        epoch = self._epoch(t)
        old = self._epoch_of.get(key)
        if old == epoch:
            return
        if old is not None:
            self._epochs[old].discard(key)
        self._epochs.setdefault(epoch, set()).add(key)
        self._epoch_of[key] = epoch

    def _room(self, times: deque, now: float) -> bool:
        return len(times) < self.limit or now - times[0] >= self.window

    @synchronized
    def allow(self, key: Hashable) -> bool:
        now = self._read()
        if len(self._epochs) > 4:
            self._sweep(now)
        times = self._times.get(key)
        if times is None:
            times = self._times[key] = deque(maxlen=self.limit)
        elif not self._room(times, now):
            return False
        times.append(now)
        self._file(key, now)
        return True

    @synchronized
    def retry_after(self, key: Hashable) -> float:
        now = self._read()
        times = self._times.get(key)
        if times is None or self._room(times, now):
            return 0.0
        return self.window - (now - times[0])
