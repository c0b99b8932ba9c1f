# pykata-corpus: correct
# style: the clock is injected as a default argument (clock=time.monotonic), captured at import
"""Rate limiters whose clock is injected: ``clock=time.monotonic`` is a default argument,
captured when the module is imported (the fake clock must reach it too)."""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable

__all__ = ["SlidingWindowLimiter", "TokenBucket"]


def _positive_int(name: str, value: object) -> int:
    """Return ``value`` if it is an int >= 1; raise TypeError or ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return value


def _positive_real(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number > 0; raise otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}")
    if not (value > 0 and math.isfinite(value)):
        raise ValueError(f"{name} must be a finite number above 0, got {value}")
    return float(value)


class TokenBucket:
    """A bucket of ``capacity`` tokens that refills continuously at ``refill_rate`` per second.

    The bucket starts full. Each request takes tokens; a request that finds too few is
    refused and takes nothing. Tokens are kept as a float, so partial tokens accumulate
    between requests. The refill is computed lazily, from the time of the previous update.
    """

    def __init__(
        self, capacity: int, refill_rate: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._clock = clock
        """Create a full bucket; raise TypeError or ValueError for a bad argument."""
        self._capacity = _positive_int("capacity", capacity)
        self._refill_rate = _positive_real("refill_rate", refill_rate)
        self._tokens = float(self._capacity)
        self._updated = self._clock()
        self._lock = threading.Lock()

    def allow(self, tokens: int = 1) -> bool:
        """Take ``tokens`` and return True if that many are available now, else return False.

        ``tokens`` must be an int between 1 and ``capacity`` (TypeError, ValueError).
        """
        if isinstance(tokens, bool) or not isinstance(tokens, int):
            raise TypeError(f"tokens must be an int, not {type(tokens).__name__}")
        if not 1 <= tokens <= self._capacity:
            raise ValueError(f"tokens must be between 1 and {self._capacity}, got {tokens}")
        with self._lock:
            self._refill()
            if self._tokens < tokens:
                return False
            self._tokens -= tokens
            return True

    def _refill(self) -> None:
        """Add the tokens earned since the last update, up to ``capacity``."""
        now = self._clock()
        elapsed = now - self._updated
        if elapsed > 0:  # a clock that stands still (or steps back) earns nothing
            self._tokens = min(self._capacity, self._tokens + elapsed * self._refill_rate)
            self._updated = now


class SlidingWindowLimiter:
    """Allow at most ``limit`` requests per key in any ``window`` seconds (a sliding log).

    Each key keeps the times of its allowed requests that are still inside the window, at most
    ``limit`` of them. Keys live in an ordered dict sorted by their latest allowed request, so
    the keys that went idle for a whole window are always at the front and every call drops
    them in amortised constant time. One lock makes each call atomic.
    """

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._clock = clock
        """Create a limiter; raise TypeError or ValueError for a bad ``limit`` or ``window``."""
        self._limit = _positive_int("limit", limit)
        self._window = _positive_real("window", window)
        self._logs: OrderedDict[Hashable, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: Hashable) -> bool:
        """Record a request of ``key`` and return True if it is allowed, else return False.

        It is allowed when fewer than ``limit`` requests of ``key`` were allowed in the
        half-open interval ``(now - window, now]``. A refused request is not recorded.
        """
        with self._lock:
            now = self._clock()
            log = self._current_log(key, now)
            if log is None:
                self._logs[key] = deque((now,), maxlen=self._limit)
                return True
            if len(log) >= self._limit:
                return False
            log.append(now)
            self._logs.move_to_end(key)
            return True

    def retry_after(self, key: Hashable) -> float:
        """Return 0.0 if a request of ``key`` would be allowed now, else the seconds until then.

        Asking records nothing.
        """
        with self._lock:
            now = self._clock()
            log = self._current_log(key, now)
            if log is None or len(log) < self._limit:
                return 0.0
            # The oldest request inside the window is the first to leave it.
            return self._window - (now - log[0])

    def _current_log(self, key: Hashable, now: float) -> deque[float] | None:
        """Forget idle keys, then return ``key``'s log without expired times (None if none)."""
        self._forget_idle(now)
        log = self._logs.get(key)
        if log is not None:
            while now - log[0] >= self._window:
                log.popleft()  # never empties it: _forget_idle removed every idle key
        return log

    def _forget_idle(self, now: float) -> None:
        """Drop every key whose latest allowed request has left the window."""
        logs = self._logs
        while logs:
            oldest_key = next(iter(logs))
            if now - logs[oldest_key][-1] < self._window:
                break
            del logs[oldest_key]
