# pykata-corpus: correct
# style: prune one expired time per call; a clock hand checks 4 keys per call; time.time()
"""Rate limiters that do a small, fixed amount of cleanup per call.

``SlidingWindowLimiter`` pops at most ONE expired time of the key per call. That is enough:
a key never holds more than ``limit`` times, so if any of them has expired, popping one
leaves at most ``limit - 1``, which is exactly the room that a full count would show; and
if none has expired, the count is exact. ``retry_after`` relies on the same argument.

Idle keys are found by a "clock hand": every key sits once in a rotation queue, and each
call looks at the next four; an idle one is deleted, a live one goes to the back. New keys
arrive at most one per call, the hand inspects four, so the cleanup keeps pace.

``TokenBucket`` works out what it would hold now, and stores it (with the time) only when
it grants a request: a refusal changes nothing at all. Time is read with ``time.time()``.
"""

import threading
import time
from collections import deque

HAND_STEP = 4


class TokenBucket:
    def __init__(self, capacity, refill_rate):
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        if refill_rate <= 0:
            raise ValueError("refill_rate must be > 0")
        self._cap = capacity
        self._rate = refill_rate
        self._stored = (float(capacity), time.time())

    def allow(self, tokens=1):
        if not 1 <= tokens <= self._cap:
            raise ValueError("tokens must be between 1 and capacity")
        level, at = self._stored
        now = time.time()
        level = min(self._cap, level + (now - at) * self._rate)
        if level >= tokens:
            self._stored = (level - tokens, now)
            return True
        return False


class SlidingWindowLimiter:
    def __init__(self, limit, window):
        if limit < 1:
            raise ValueError("limit must be >= 1")
        if window <= 0:
            raise ValueError("window must be > 0")
        self._limit = limit
        self._window = window
        self._log = {}
        self._hand = deque()  # every key in _log, once
        self._lock = threading.Lock()

    def _turn_hand(self, now):
        for _ in range(min(HAND_STEP, len(self._hand))):
            key = self._hand.popleft()
            times = self._log[key]
            if times and now - times[-1] < self._window:
                self._hand.append(key)
            else:
                del self._log[key]

    def _times(self, key, now):
        times = self._log.get(key)
        if times and now - times[0] >= self._window:
            times.popleft()  # one is enough, see the module docstring
        return times

    def allow(self, key):
        with self._lock:
            now = time.time()
            self._turn_hand(now)
            times = self._times(key, now)
            if times is None:
                self._log[key] = deque([now])
                self._hand.append(key)
                return True
            if len(times) < self._limit:
                times.append(now)
                return True
            return False

    def retry_after(self, key):
        with self._lock:
            now = time.time()
            times = self._times(key, now)
            if not times or len(times) < self._limit:
                return 0.0
            return self._window - (now - times[0])
