# pykata-corpus: correct
# style: OrderedDict by last allowed, idle keys cut from the front; Condition; ValueError subclasses
"""Rate limiters that keep their keys in the order they were last allowed.

- ``from time import monotonic as _now``: the clock imported under another name.
- Positional-only parameters (``/``); the specs pass every argument by position.
- Bad values raise ``ConfigError`` or ``RequestError``, both subclasses of ``ValueError``.
- ``TokenBucket`` reads the clock lazily: the first ``allow`` stamps it, and the bucket
  counts as full until then. It refills *before* it validates ``tokens``.
- ``SlidingWindowLimiter`` keeps an ``OrderedDict`` ordered by each key's latest allowed
  request: every allow moves the key to the end, so the idle keys are always at the front,
  and each call drops them from there (amortised O(1)).
- ``len(limiter)`` is the number of keys it remembers, so an empty limiter is falsy; ``in``
  tells whether a key is remembered. A ``threading.Condition`` serves as the lock.
"""

import threading
from collections import OrderedDict, deque
from time import monotonic as _now


class ConfigError(ValueError):
    """A limiter was configured with an impossible value."""


class RequestError(ValueError):
    """A request that can never succeed."""


class TokenBucket:
    def __init__(self, capacity, refill_rate, /):
        if isinstance(capacity, bool) or not isinstance(capacity, int):
            raise TypeError("capacity must be an int")
        if not isinstance(refill_rate, (int, float)) or isinstance(refill_rate, bool):
            raise TypeError("refill_rate must be a number")
        if capacity < 1:
            raise ConfigError(f"capacity must be at least 1, got {capacity}")
        if not refill_rate > 0:
            raise ConfigError(f"refill_rate must be positive, got {refill_rate}")
        self.capacity = capacity
        self.refill_rate = refill_rate
        self._level = float(capacity)
        self._stamp = None  # no reading yet: the bucket is full

    def _refill(self):
        now = _now()
        if self._stamp is not None:
            self._level = min(
                float(self.capacity), self._level + (now - self._stamp) * self.refill_rate
            )
        self._stamp = now

    def allow(self, tokens=1, /):
        self._refill()
        if isinstance(tokens, bool) or not isinstance(tokens, int):
            raise TypeError("tokens must be an int")
        if not 1 <= tokens <= self.capacity:
            raise RequestError(f"tokens must be between 1 and {self.capacity}, got {tokens}")
        if self._level < tokens:
            return False
        self._level -= tokens
        return True

    def __repr__(self):
        return f"TokenBucket({self.capacity}, {self.refill_rate})"


class SlidingWindowLimiter:
    def __init__(self, limit, window, /):
        if isinstance(limit, bool) or not isinstance(limit, int):
            raise TypeError("limit must be an int")
        if not isinstance(window, (int, float)) or isinstance(window, bool):
            raise TypeError("window must be a number")
        if limit < 1:
            raise ConfigError(f"limit must be at least 1, got {limit}")
        if not window > 0:
            raise ConfigError(f"window must be positive, got {window}")
        self.limit = limit
        self.window = window
        self._keys = OrderedDict()  # key -> deque of allowed times, latest-allowed last
        self._cond = threading.Condition()

    def _forget_idle(self, now):
        keys = self._keys
        while keys:
            key, times = next(iter(keys.items()))
            if now - times[-1] < self.window:
                break
            del keys[key]

    def _live(self, key, now):
        times = self._keys.get(key)
        if times is None:
            return None
        while times and now - times[0] >= self.window:
            times.popleft()
        return times

    def allow(self, key, /):
        with self._cond:
            now = _now()
            self._forget_idle(now)
            times = self._live(key, now)
            if times is None:
                self._keys[key] = deque([now])
                return True
            if len(times) >= self.limit:
                return False
            times.append(now)
            self._keys.move_to_end(key)
            return True

    def retry_after(self, key, /):
        with self._cond:
            now = _now()
            self._forget_idle(now)
            times = self._live(key, now)
            if times is None or len(times) < self.limit:
                return 0.0
            return float(times[0] + self.window - now)

    def __len__(self):
        with self._cond:
            return len(self._keys)

    def __contains__(self, key):
        with self._cond:
            return key in self._keys

    def __repr__(self):
        return f"SlidingWindowLimiter({self.limit}, {self.window})"
