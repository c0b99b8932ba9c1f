"""Hidden specs of the rate_limiter kata (see katas.md, "rate_limiter").

Every expected value comes from the exact models below (``fractions.Fraction`` arithmetic),
never from the learner's code. Time is the ``frozen_clock`` fixture. Every rate is a power of
two and every window, time step and clock reading a multiple of 1/64 s (``GRAIN``), so a
correct float implementation computes exactly what the model computes (so does one on
``monotonic_ns``), and results are compared with ``==``.

One clock serves every example of a spec. Each example starts by moving it forward to a
multiple of ``PERIOD`` (every window the specs use divides it, and so does a whole second): the
example then sees the same clock phase as its reproducer, whose clock starts fresh. A
fixed-window counter, say, fails the reproducer exactly as it failed the spec.

Level 4 measures: memory with ``tracemalloc`` and with keys that count their own deaths,
thread safety with a "victim" thread held at each line of the learner's ``allow`` in turn while
other threads call it. These specs report with ``reproducer=False``.
"""

from __future__ import annotations

import contextlib
import gc
import math
import os
import sys
import threading
import tracemalloc
from collections import deque
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from pytest_pykata.concurrency import run_concurrently
from pytest_pykata.spec import SpecFailure, check, run_machine, spec, unwrap

# -- exact numbers ----------------------------------------------------------------------------

RATES = [0.125, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0]  # powers of two: dividing by them is exact
WINDOWS = [0.125, 0.25, 0.375, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0]
PERIOD = 96.0  # every window above divides it
STEP = 1 / 16  # time steps are multiples of this
GRAIN = Fraction(1, 64)  # no time is finer: a whole number of microseconds, exact everywhere


def on_grain(seconds: Fraction) -> Fraction:
    """``seconds`` rounded down to a multiple of GRAIN (for "part of the way" waits)."""
    return math.floor(seconds / GRAIN) * GRAIN


steps = st.integers(0, 48).map(lambda k: k * STEP)
long_steps = st.sampled_from([8.0, 16.0, 60.0, 100.0])
rates = st.sampled_from(RATES)
windows = st.sampled_from(WINDOWS)


class Clock:
    """The frozen clock as one example sees it: aligned at the start, every move a line.

    ``now`` is the exact time since the example started, as a Fraction (the models' clock).
    Creating it starts the example's reproducer: fresh learner module, the fixture declared.
    """

    def __init__(self, learner, frozen_clock) -> None:
        self.learner = learner
        self.frozen = frozen_clock
        learner.module  # a new example: fresh module, empty reproducer  # noqa: B018
        learner.use_fixture("frozen_clock")
        elapsed = frozen_clock.elapsed
        aligned = math.ceil(elapsed / PERIOD) * PERIOD
        if aligned > elapsed:
            frozen_clock.advance(aligned - elapsed)
        self.now = Fraction(0)

    def advance(self, seconds: float) -> None:
        assert Fraction(seconds) % GRAIN == 0, f"{seconds!r} is off the spec's time grain"
        if seconds <= 0:
            return
        self.frozen.advance(seconds)
        self.now += Fraction(seconds)
        self.learner.line(f"frozen_clock.advance({seconds!r})")


# -- the models -------------------------------------------------------------------------------


class BucketModel:
    """A token bucket, exactly: refilled lazily, which equals a continuous refill with a cap."""

    def __init__(self, capacity: int, rate: float) -> None:
        self.capacity = capacity
        self.rate = Fraction(rate)
        self.tokens = Fraction(capacity)
        self.at = Fraction(0)

    def refill(self, now: Fraction) -> None:
        self.tokens = min(Fraction(self.capacity), self.tokens + (now - self.at) * self.rate)
        self.at = now

    def allow(self, now: Fraction, tokens: int) -> bool:
        self.refill(now)
        if self.tokens >= tokens:
            self.tokens -= tokens
            return True
        return False

    def time_until(self, now: Fraction, tokens: int) -> Fraction:
        """Seconds until ``tokens`` are available (0 if they are now)."""
        self.refill(now)
        return max(Fraction(0), (tokens - self.tokens) / self.rate)


class WindowModel:
    """A sliding-window log, exactly: the times of allowed requests, per key."""

    def __init__(self, limit: int, window: float) -> None:
        self.limit = limit
        self.window = Fraction(window)
        self.log: dict[object, list[Fraction]] = {}

    def live(self, key: object, now: Fraction) -> list[Fraction]:
        """The key's allowed requests in (now - window, now]."""
        return [t for t in self.log.get(key, []) if now - t < self.window]

    def allow(self, key: object, now: Fraction) -> bool:
        live = self.live(key, now)
        if len(live) < self.limit:
            self.log[key] = [*live, now]
            return True
        self.log[key] = live
        return False

    def retry_after(self, key: object, now: Fraction) -> Fraction:
        live = self.live(key, now)
        if len(live) < self.limit:
            return Fraction(0)
        return live[-self.limit] + self.window - now


# -- keys -------------------------------------------------------------------------------------

K_SOURCE = '''\
class K:
    """A key with its own __eq__ (by name) and __hash__: unequal keys may share a hash."""

    def __init__(self, name, h):
        self.name = name
        self.h = h

    def __eq__(self, other):
        return isinstance(other, K) and self.name == other.name

    def __hash__(self):
        return self.h

    def __repr__(self):
        return f"K({self.name!r}, {self.h!r})"
'''
_namespace: dict = {"__name__": __name__}
exec(K_SOURCE, _namespace)
K = _namespace["K"]

# Names and hashes of the custom keys: "x" and "y" collide, equal names always share a hash.
K_HASHES = {"x": 7, "y": 7, "z": 8}
KEY_NAMES = ["alice", "bob", "K:x", "K:y", "K:z"]


def make_key(learner, name: str) -> object:
    """A fresh key object for ``name`` ("K:x" is a new K('x', 7) each time, equal to the last)."""
    if not name.startswith("K:"):
        return name
    learner.define(K, "K", [line for line in K_SOURCE.splitlines() if line.strip()])
    learner.recorder.fmt(K)  # the reproducer needs the class wherever a K appears
    short = name[2:]
    return K(short, K_HASHES[short])


def name_objects(learner) -> None:
    learner.name_results(TokenBucket="bucket", SlidingWindowLimiter="limiter")


# == level 1: token bucket ====================================================================

capacities = st.integers(1, 12)


@spec(
    level=1,
    rule="a new TokenBucket starts full: it allows capacity tokens at once",
    max_examples=20,
)
@given(capacity=capacities, rate=rates)
def test_a_new_bucket_starts_full(learner, frozen_clock, capacity, rate):
    Clock(learner, frozen_clock)
    name_objects(learner)
    bucket = learner.TokenBucket(capacity, rate)
    check.equal(bucket.allow(capacity), True)
    check.equal(bucket.allow(), False)


@spec(level=1, rule="a refused request returns False and takes nothing", max_examples=30)
@given(capacity=st.integers(2, 12), rate=rates, data=st.data())
def test_a_refused_request_takes_nothing(learner, frozen_clock, capacity, rate, data):
    Clock(learner, frozen_clock)
    name_objects(learner)
    taken = data.draw(st.integers(1, capacity - 1), label="taken")
    left = capacity - taken
    too_many = data.draw(st.integers(left + 1, capacity), label="too_many")
    bucket = learner.TokenBucket(capacity, rate)
    check.equal(bucket.allow(taken), True)
    check.equal(bucket.allow(too_many), False)
    check.equal(bucket.allow(left), True)


@spec(
    level=1,
    rule="tokens refill continuously at refill_rate, fractions of a token included",
    max_examples=40,
)
@given(capacity=capacities, rate=rates, parts=st.integers(2, 8), data=st.data())
def test_tokens_refill_continuously(learner, frozen_clock, capacity, rate, parts, data):
    clock = Clock(learner, frozen_clock)
    name_objects(learner)
    bucket = learner.TokenBucket(capacity, rate)
    model = BucketModel(capacity, rate)
    check.equal(bucket.allow(capacity), model.allow(clock.now, capacity))
    want = data.draw(st.integers(1, capacity), label="want")
    # The time to earn `want` tokens, in `parts` steps: every step but the last is refused
    # (and must not lose what was earned so far), the last is allowed.
    whole = model.time_until(clock.now, want)
    cuts = sorted(data.draw(st.sets(st.integers(1, 31), max_size=parts - 1), label="cuts"))
    times = [on_grain(whole * c / 32) for c in cuts] + [whole]
    for at in times:
        clock.advance(float(at - clock.now))
        check.equal(bucket.allow(want), model.allow(clock.now, want))


@spec(level=1, rule="the bucket never holds more than capacity tokens", max_examples=20)
@given(capacity=capacities, rate=rates, taken=st.integers(0, 12), wait=long_steps)
def test_refill_stops_at_capacity(learner, frozen_clock, capacity, rate, taken, wait):
    clock = Clock(learner, frozen_clock)
    name_objects(learner)
    bucket = learner.TokenBucket(capacity, rate)
    taken = min(taken, capacity)
    if taken:
        check.equal(bucket.allow(taken), True)
    clock.advance(max(wait, capacity / rate))
    check.equal(bucket.allow(capacity), True)
    check.equal(bucket.allow(), False)


@spec(level=1, rule="two TokenBucket objects do not share tokens", max_examples=10)
@given(capacity=capacities, rate=rates)
def test_buckets_are_independent(learner, frozen_clock, capacity, rate):
    Clock(learner, frozen_clock)
    name_objects(learner)
    first = learner.TokenBucket(capacity, rate)
    check.equal(first.allow(capacity), True)
    second = learner.TokenBucket(capacity, rate)
    check.equal(second.allow(capacity), True)
    check.equal(first.allow(), False)


bad_bucket_settings = st.one_of(
    st.tuples(st.integers(-5, 0), rates),
    st.tuples(capacities, st.sampled_from([0.0, -0.5, -1.0, -8.0])),
)


@spec(level=1, rule="capacity < 1 or refill_rate <= 0 raises ValueError", max_examples=20)
@given(settings=bad_bucket_settings)
def test_bad_bucket_settings_raise_value_error(learner, frozen_clock, settings):
    Clock(learner, frozen_clock)
    name_objects(learner)
    capacity, rate = settings
    with check.raises(ValueError):
        learner.TokenBucket(capacity, rate)


@spec(
    level=1,
    rule="allow(tokens) with tokens < 1 or tokens > capacity raises ValueError",
    max_examples=25,
)
@given(capacity=capacities, rate=rates, below=st.booleans(), by=st.integers(0, 5))
def test_impossible_requests_raise_value_error(learner, frozen_clock, capacity, rate, below, by):
    Clock(learner, frozen_clock)
    name_objects(learner)
    bucket = learner.TokenBucket(capacity, rate)
    tokens = -by if below else capacity + 1 + by
    with check.raises(ValueError):
        bucket.allow(tokens)


class BucketMachine(RuleBasedStateMachine):
    """One TokenBucket against the model, over requests and clock moves."""

    def __init__(self, learner, frozen_clock) -> None:
        super().__init__()
        self.learner = learner
        self.frozen_clock = frozen_clock

    @initialize(capacity=capacities, rate=rates)
    def make(self, capacity, rate):
        self.clock = Clock(self.learner, self.frozen_clock)
        name_objects(self.learner)
        self.bucket = self.learner.TokenBucket(capacity, rate)
        self.model = BucketModel(capacity, rate)

    @rule(tokens=st.integers(1, 12))
    def allow(self, tokens):
        tokens = 1 + (tokens - 1) % self.model.capacity
        expected = self.model.allow(self.clock.now, tokens)
        check.equal(self.bucket.allow(tokens), expected)

    @rule()
    def allow_one(self):
        check.equal(self.bucket.allow(), self.model.allow(self.clock.now, 1))

    @rule(seconds=steps)
    def wait(self, seconds):
        self.clock.advance(seconds)

    @rule(seconds=long_steps)
    def wait_long(self, seconds):
        self.clock.advance(seconds)

    @rule(tokens=st.integers(1, 12), eighths=st.integers(0, 7))
    def wait_until_enough(self, tokens, eighths):
        """Ask for ``tokens`` part of the way to the moment they are available (refused,
        and nothing must be lost), then at that exact moment (allowed)."""
        tokens = 1 + (tokens - 1) % self.model.capacity
        wait = self.model.time_until(self.clock.now, tokens)
        if on_grain(wait * eighths / 8):
            self.clock.advance(float(on_grain(wait * eighths / 8)))
            check.equal(self.bucket.allow(tokens), self.model.allow(self.clock.now, tokens))
        self.clock.advance(float(self.model.time_until(self.clock.now, tokens)))
        check.equal(self.bucket.allow(tokens), self.model.allow(self.clock.now, tokens))


@spec(level=1, rule="allow matches an exact token bucket over any requests and clock moves")
def test_bucket_behaves_like_the_model(learner, frozen_clock):
    class Machine(BucketMachine):
        def __init__(self):
            super().__init__(learner, frozen_clock)

    run_machine(Machine, max_examples=40, steps=25)


# == level 2: sliding window ==================================================================

limits = st.integers(1, 4)


@spec(level=2, rule="a request allowed at t counts up to, but not at, t + window", max_examples=30)
@given(limit=limits, window=windows, key=st.sampled_from(KEY_NAMES))
def test_a_request_counts_for_exactly_one_window(learner, frozen_clock, limit, window, key):
    clock = Clock(learner, frozen_clock)
    name_objects(learner)
    limiter = learner.SlidingWindowLimiter(limit, window)
    for _ in range(limit):
        check.equal(limiter.allow(make_key(learner, key)), True)
    check.equal(limiter.allow(make_key(learner, key)), False)
    clock.advance(window - STEP)
    check.equal(limiter.allow(make_key(learner, key)), False)
    clock.advance(STEP)
    check.equal(limiter.allow(make_key(learner, key)), True)


@spec(level=2, rule="a refused request is not recorded: it never counts later", max_examples=25)
@given(limit=limits, window=windows, tries=st.integers(1, 3))
def test_refused_requests_do_not_count(learner, frozen_clock, limit, window, tries):
    clock = Clock(learner, frozen_clock)
    name_objects(learner)
    limiter = learner.SlidingWindowLimiter(limit, window)
    for _ in range(limit):
        check.equal(limiter.allow("alice"), True)
    clock.advance(window / 2)
    for _ in range(tries):
        check.equal(limiter.allow("alice"), False)
    clock.advance(window / 2)
    for _ in range(limit):
        check.equal(limiter.allow("alice"), True)


@spec(level=2, rule="keys are dict keys: equal keys share a history, unequal keys never do")
def test_keys_follow_dict_rules(learner, frozen_clock):
    Clock(learner, frozen_clock)
    name_objects(learner)
    limiter = learner.SlidingWindowLimiter(1, 1.0)
    check.equal(limiter.allow(make_key(learner, "K:x")), True)
    # Another object equal to K('x', 7) is the same key.
    check.equal(limiter.allow(make_key(learner, "K:x")), False)
    # K('y', 7) has the same hash but is not equal: a different key.
    check.equal(limiter.allow(make_key(learner, "K:y")), True)
    check.equal(limiter.allow(make_key(learner, "K:z")), True)
    # A string that reads like K('x', 7) is not equal to it: a different key (catches a
    # history stored under str(key) or an f-string of it).
    check.equal(limiter.allow("K('x', 7)"), True)
    check.equal(limiter.allow("x"), True)
    check.equal(limiter.allow("x"), False)
    check.equal(limiter.allow(make_key(learner, "K:y")), False)


@spec(level=2, rule="two SlidingWindowLimiter objects do not share history", max_examples=10)
@given(limit=limits, window=windows)
def test_limiters_are_independent(learner, frozen_clock, limit, window):
    Clock(learner, frozen_clock)
    name_objects(learner)
    first = learner.SlidingWindowLimiter(limit, window)
    for _ in range(limit):
        check.equal(first.allow("alice"), True)
    second = learner.SlidingWindowLimiter(limit, window)
    for _ in range(limit):
        check.equal(second.allow("alice"), True)
    check.equal(first.allow("alice"), False)


bad_window_settings = st.one_of(
    st.tuples(st.integers(-5, 0), windows),
    st.tuples(limits, st.sampled_from([0.0, -0.25, -1.0, -60.0])),
)


@spec(level=2, rule="limit < 1 or window <= 0 raises ValueError", max_examples=20)
@given(settings=bad_window_settings)
def test_bad_limiter_settings_raise_value_error(learner, frozen_clock, settings):
    Clock(learner, frozen_clock)
    name_objects(learner)
    limit, window = settings
    with check.raises(ValueError):
        learner.SlidingWindowLimiter(limit, window)


class WindowMachine(RuleBasedStateMachine):
    """One SlidingWindowLimiter against the model: several keys, requests and clock moves."""

    def __init__(self, learner, frozen_clock) -> None:
        super().__init__()
        self.learner = learner
        self.frozen_clock = frozen_clock

    @initialize(limit=limits, window=windows)
    def make(self, limit, window):
        self.clock = Clock(self.learner, self.frozen_clock)
        name_objects(self.learner)
        self.limiter = self.learner.SlidingWindowLimiter(limit, window)
        self.model = WindowModel(limit, window)

    def _allow(self, name):
        expected = self.model.allow(name, self.clock.now)
        check.equal(self.limiter.allow(make_key(self.learner, name)), expected)

    @rule(name=st.sampled_from(KEY_NAMES))
    def allow(self, name):
        self._allow(name)

    @rule(name=st.sampled_from(KEY_NAMES), times=st.integers(2, 5))
    def burst(self, name, times):
        for _ in range(times):
            self._allow(name)

    @rule(seconds=steps)
    def wait(self, seconds):
        self.clock.advance(seconds)

    @rule(eighths=st.integers(1, 12))
    def wait_part_of_a_window(self, eighths):
        self.clock.advance(float(self.model.window * eighths / 8))

    @rule(name=st.sampled_from(KEY_NAMES), eighths=st.integers(0, 7))
    def wait_for_room(self, name, eighths):
        """Move towards the exact moment the key's oldest request leaves the window: part of
        the way (and ask), then exactly there (and ask)."""
        live = self.model.live(name, self.clock.now)
        if not live:
            return
        wait = live[0] + self.model.window - self.clock.now
        if on_grain(wait * eighths / 8):
            self.clock.advance(float(on_grain(wait * eighths / 8)))
            self._allow(name)
        self.clock.advance(float(live[0] + self.model.window - self.clock.now))
        self._allow(name)


@spec(level=2, rule="allow matches an exact sliding window over any keys, requests and clock moves")
def test_limiter_behaves_like_the_model(learner, frozen_clock):
    class Machine(WindowMachine):
        def __init__(self):
            super().__init__(learner, frozen_clock)

    run_machine(Machine, max_examples=50, steps=30)


# == level 3: Retry-After =====================================================================


def check_retry_after(learner, limiter, model, clock, name) -> None:
    expected = float(model.retry_after(name, clock.now))
    check.equal(limiter.retry_after(make_key(learner, name)), expected)


@spec(
    level=3,
    rule="retry_after is 0.0 when a request of that key would be allowed now",
    max_examples=25,
)
@given(limit=limits, window=windows, used=st.integers(0, 3), key=st.sampled_from(KEY_NAMES))
def test_retry_after_is_zero_when_allowed(learner, frozen_clock, limit, window, used, key):
    Clock(learner, frozen_clock)
    name_objects(learner)
    limiter = learner.SlidingWindowLimiter(limit, window)
    check.equal(limiter.retry_after(make_key(learner, key)), 0.0)
    for _ in range(min(used, limit - 1)):
        check.equal(limiter.allow(make_key(learner, key)), True)
    check.equal(limiter.retry_after(make_key(learner, key)), 0.0)


gaps = st.lists(st.integers(0, 24).map(lambda k: k * STEP), min_size=1, max_size=8)


@spec(
    level=3,
    rule="retry_after is the exact time until the oldest request in the window leaves",
    max_examples=40,
)
@given(limit=limits, window=windows, gaps=gaps, later=steps, key=st.sampled_from(KEY_NAMES))
def test_retry_after_is_exact(learner, frozen_clock, limit, window, gaps, later, key):
    clock = Clock(learner, frozen_clock)
    name_objects(learner)
    limiter = learner.SlidingWindowLimiter(limit, window)
    model = WindowModel(limit, window)
    for gap in gaps:
        clock.advance(gap)
        check.equal(limiter.allow(make_key(learner, key)), model.allow(key, clock.now))
    check_retry_after(learner, limiter, model, clock, key)
    clock.advance(later)  # asked later, with no request in between
    check_retry_after(learner, limiter, model, clock, key)


@spec(level=3, rule="after waiting retry_after(key) seconds, allow(key) is True", max_examples=30)
@given(limit=limits, window=windows, gaps=gaps)
def test_waiting_retry_after_is_enough(learner, frozen_clock, limit, window, gaps):
    clock = Clock(learner, frozen_clock)
    name_objects(learner)
    limiter = learner.SlidingWindowLimiter(limit, window)
    model = WindowModel(limit, window)
    for gap in gaps:
        clock.advance(gap)
        check.equal(limiter.allow("alice"), model.allow("alice", clock.now))
    while model.allow("alice", clock.now):  # fill the window (the model is one call ahead)
        check.equal(limiter.allow("alice"), True)
    check.equal(limiter.allow("alice"), False)
    wait = float(model.retry_after("alice", clock.now))
    check.equal(limiter.retry_after("alice"), wait)
    clock.advance(wait)
    check.equal(limiter.allow("alice"), True)


@spec(
    level=3,
    rule="retry_after only asks: it records nothing and changes no later answer",
    max_examples=20,
)
@given(limit=limits, window=windows, asks=st.integers(1, 4))
def test_retry_after_records_nothing(learner, frozen_clock, limit, window, asks):
    clock = Clock(learner, frozen_clock)
    name_objects(learner)
    limiter = learner.SlidingWindowLimiter(limit, window)
    for _ in range(limit):
        for _ in range(asks):
            check.equal(limiter.retry_after("alice"), 0.0)
        check.equal(limiter.allow("alice"), True)
    for _ in range(asks):
        check.equal(limiter.retry_after("alice"), float(window))
    clock.advance(window)
    for _ in range(asks):
        check.equal(limiter.retry_after("alice"), 0.0)
    for _ in range(limit):
        check.equal(limiter.allow("alice"), True)


class RetryMachine(WindowMachine):
    """The level-2 machine, also asking retry_after and waiting exactly that long."""

    @rule(name=st.sampled_from(KEY_NAMES))
    def retry_after(self, name):
        check_retry_after(self.learner, self.limiter, self.model, self.clock, name)

    @rule(name=st.sampled_from(KEY_NAMES))
    def wait_retry_after(self, name):
        wait = self.model.retry_after(name, self.clock.now)
        check_retry_after(self.learner, self.limiter, self.model, self.clock, name)
        self.clock.advance(float(wait))
        self._allow(name)


@spec(level=3, rule="retry_after matches an exact sliding window over any keys and clock moves")
def test_retry_after_behaves_like_the_model(learner, frozen_clock):
    class Machine(RetryMachine):
        def __init__(self):
            super().__init__(learner, frozen_clock)

    run_machine(Machine, max_examples=50, steps=30)


# == level 4: bounded and thread-safe =========================================================


BUSY_LIMIT = 3
BUSY_WINDOWS = 1024
BUSY_SLACK = 8 * 1024  # bytes; a log of every request needs 8 bytes or more per request


@contextlib.contextmanager
def no_automatic_gc():
    """Keep the cyclic garbage collector out of a hot loop.

    A forked spec process may have inherited a large heap; a full collection there can take a
    long time, and a loop that creates hundreds of thousands of objects would trigger many.
    The spec collects once, explicitly, where it measures.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def memory_now() -> int:
    """Bytes allocated since tracemalloc started and still alive (cycles collected first)."""
    gc.collect()
    return tracemalloc.get_traced_memory()[0]


class TickModel:
    """The sliding window of one key, on a clock that ticks in whole steps (ints, exact)."""

    def __init__(self, limit: int, window_ticks: int) -> None:
        self.limit = limit
        self.window = window_ticks
        self.times: deque[int] = deque()

    def allow(self, tick: int) -> bool:
        while self.times and tick - self.times[0] >= self.window:
            self.times.popleft()
        if len(self.times) < self.limit:
            self.times.append(tick)
            return True
        return False


def wrong_answer(key: str, calls: int, got: object, expected: bool, doing: str) -> None:
    check.fail(
        f"{doing}, call {calls:,} of allow({key!r}) returned {got!r}, expected {expected!r}: "
        "forgetting must never drop a request still inside the window",
        reproducer=False,
    )


@spec(level=4, rule="a key kept busy holds at most limit timestamps: its memory stays flat")
def test_a_busy_key_keeps_no_old_timestamps(learner, frozen_clock):
    limiter = learner.SlidingWindowLimiter(BUSY_LIMIT, 1.0)
    allow = unwrap(limiter).allow
    model = TickModel(BUSY_LIMIT, 2)  # one tick is half a window
    ticks = [0]

    def keep_busy(windows: int) -> int:
        # Two requests every half window: the key never goes idle, and its newest request is
        # always inside the window, so only expired timestamps can be dropped.
        allowed = 0
        for _ in range(2 * windows):
            for second in (1, 2):
                got, expected = allow("busy"), model.allow(ticks[0])
                if got != expected:
                    calls = 2 * ticks[0] + second
                    wrong_answer("busy", calls, got, expected, "keeping a key busy")
                allowed += expected
            frozen_clock.advance(0.5)
            ticks[0] += 1
        return allowed

    def growth() -> tuple[int, int]:
        before = memory_now()
        allowed = keep_busy(BUSY_WINDOWS)
        return memory_now() - before, allowed

    with learner.pause(), no_automatic_gc():
        keep_busy(16)  # settle: caches, dict sizes, the first blocks of a deque
        started = not tracemalloc.is_tracing()
        if started:
            tracemalloc.start(1)
        try:
            grown, allowed = growth()
            if grown > BUSY_SLACK:  # once may be noise; twice in a row is growth
                grown, allowed = growth()
        finally:
            if started:
                tracemalloc.stop()
    if grown > BUSY_SLACK:
        check.fail(
            f"one key kept busy for {BUSY_WINDOWS} windows (allow twice every half window, "
            f"limit {BUSY_LIMIT}) made memory grow by {grown:,} bytes, about "
            f"{grown / max(allowed, 1):.0f} per allowed request: expired timestamps must be "
            "dropped, so that a key never holds more than limit of them",
            reproducer=False,
        )


IDLE_KEYS = 200_000
IDLE_BATCH = 256  # keys at one instant; one batch every STEP: 4096 keys per 1-second window
IDLE_QUIET = 32  # ticks (2 s) after the last one-off key, the steady key still asking
REVISIT = 15  # ticks (just under a window) before a key comes back for its second request
_deaths = [0]


class OneOff(str):
    """A key sent once, which counts its own death: a forgotten key dies at once."""

    __slots__ = ()

    def __del__(self) -> None:
        _deaths[0] += 1


@spec(
    level=4,
    rule="keys idle for longer than the window are forgotten: memory stays bounded",
    solo=True,
)
def test_idle_keys_are_forgotten(learner, frozen_clock):
    limiter = learner.SlidingWindowLimiter(2, 1.0)
    allow = unwrap(limiter).allow
    steady = TickModel(2, 16)  # a key asked once per batch; one tick is STEP, 16 a window
    tick = 0
    doing = "while one-off keys came and went"

    def expect(key: str, calls: int, expected: bool) -> None:
        got = allow(key)
        if got != expected:
            wrong_answer(key, calls, got, expected, doing)

    with learner.pause(), no_automatic_gc():
        deaths = _deaths[0]
        sent = 0
        while sent < IDLE_KEYS:
            for n in range(sent, min(sent + IDLE_BATCH, IDLE_KEYS)):
                got = allow(OneOff(n))
                if got != True:  # noqa: E712 (any value equal to True passes)
                    wrong_answer(str(n), 1, got, True, doing)
            expect("steady", tick + 1, steady.allow(tick))
            # A key that comes back just inside its window, after thousands of newer keys: its
            # first request still counts (limit 2), so a cleanup that drops live keys (a cap
            # on the number of keys, say) shows here.
            expect(f"again-{tick}", 1, True)
            if tick >= REVISIT:
                expect(f"again-{tick - REVISIT}", 2, True)
                expect(f"again-{tick - REVISIT}", 3, False)
            sent = min(sent + IDLE_BATCH, IDLE_KEYS)
            frozen_clock.advance(STEP)
            tick += 1
        # 2 s without new keys, the steady key still asking: it never goes idle, so a cleanup
        # that stops at the first key still in use (idle keys queued behind it) shows here.
        doing = "after the one-off keys stopped"
        for _ in range(IDLE_QUIET):
            expect("steady", tick + 1, steady.allow(tick))
            frozen_clock.advance(STEP)
            tick += 1
        allow("one more")
        gc.collect()
        kept = IDLE_KEYS - (_deaths[0] - deaths)
    if kept > IDLE_KEYS // 4:
        check.fail(
            f"after {IDLE_KEYS:,} one-off keys ({IDLE_BATCH * 16:,} per window of 1 s), then "
            f"2 s with no new key (one key kept asking) and one more allow, your limiter still "
            f"holds {kept:,} of those keys; at most {IDLE_KEYS // 4:,} may remain: forget keys "
            "idle for longer than the window",
            reproducer=False,
        )


RACE_THREADS = 4
RACE_REPEATS = 2
RACE_HOLD = 0.004  # seconds the victim waits, at most, for the others to finish
RACE_MAX_POSITIONS = 80
RACE_WINDOW = 64.0
# (what the limiter already holds, limit, other keys allowed once, requests of the raced key
# that have just left the window when the race starts, requests of it still in the window)
RACE_SCENARIOS = [
    ("a new limiter", 1, 0, 0, 0),
    ("a limiter that already holds two other keys", 1, 2, 0, 0),
    ("a key with one request in the window and one just out of it", 2, 0, 1, 1),
]


class _Tracer:
    """Counts the line events of the learner's files in one thread; at line ``stop_at``,
    signals ``reached`` and waits (bounded, real time) for ``done``."""

    def __init__(self, folders: set[str], stop_at: int = 0, reached=None, done=None) -> None:
        self.folders = folders
        self.mine: dict[object, bool] = {}
        self.lines = 0
        self.stop_at = stop_at
        self.reached = reached
        self.done = done
        self.where: tuple[str, int] | None = None

    def calls(self, frame, event, arg):
        code = frame.f_code
        mine = self.mine.get(code)
        if mine is None:
            mine = self.mine[code] = os.path.dirname(code.co_filename) in self.folders
        return self.lines_of if mine else None

    def lines_of(self, frame, event, arg):
        if event == "line":
            self.lines += 1
            if self.lines == self.stop_at:
                self.where = (os.path.basename(frame.f_code.co_filename), frame.f_lineno)
                self.reached.set()
                self.done.wait(RACE_HOLD)
        return self.lines_of

    def run(self, fn, *args):
        previous = sys.gettrace()
        sys.settrace(self.calls)
        try:
            return fn(*args)
        finally:
            sys.settrace(previous)


def _limiter_in(learner, frozen_clock, limit, others, expired, used, key):
    """A fresh raw limiter: ``others`` other keys allowed once; ``key`` allowed ``expired``
    times, then ``used`` times half a window later (always below the limit, so all of these
    are allowed). With ``expired``, the clock then moves on another half window: the first
    requests have just left the window (pruning has work to do), the later ones count."""
    limiter = unwrap(learner.module.SlidingWindowLimiter(limit, RACE_WINDOW))
    for n in range(others):
        limiter.allow(f"other-{n}")
    for _ in range(expired):
        limiter.allow(key)
    if expired:
        frozen_clock.advance(RACE_WINDOW / 2)
    for _ in range(used):
        limiter.allow(key)
    if expired:
        frozen_clock.advance(RACE_WINDOW / 2)
    return limiter


def _race(limiter, folders: set[str], stop_at: int, key: str):
    """One round: a victim thread calls allow(key) and is held at its ``stop_at``-th line of
    the learner's code while the other threads call allow(key).

    Returns each thread's outcome and where the victim was held."""
    reached, done = threading.Event(), threading.Event()
    tracer = _Tracer(folders, stop_at, reached, done)
    remaining = [RACE_THREADS - 1]
    count_lock = threading.Lock()

    def victim():
        try:
            return tracer.run(limiter.allow, key)
        finally:
            reached.set()

    def other():
        reached.wait(5.0)
        try:
            return limiter.allow(key)
        finally:
            with count_lock:
                remaining[0] -= 1
                if not remaining[0]:
                    done.set()

    try:
        outcomes = run_concurrently(
            [victim] + [other] * (RACE_THREADS - 1), timeout=10.0, what="allow calls"
        )
    except SpecFailure as failure:
        check.fail(failure.message, reproducer=False)
    return outcomes, tracer.where


@spec(
    level=4,
    rule="allow called from many threads at once never lets more than limit through",
    solo=True,
)
def test_threads_never_exceed_the_limit(learner, frozen_clock):
    path = learner.module.__file__
    folders = {os.path.dirname(path), os.path.dirname(os.path.realpath(path))}
    with learner.pause():
        for state, limit, others, expired, used in RACE_SCENARIOS:
            # How many learner lines one allow runs in this state: hold the victim at each.
            probe = _limiter_in(learner, frozen_clock, limit, others, expired, used, "probe")
            counter = _Tracer(folders)
            counter.run(probe.allow, "probe")
            for stop_at in range(1, min(counter.lines, RACE_MAX_POSITIONS) + 1):
                for repeat in range(RACE_REPEATS):
                    key = f"race-{stop_at}-{repeat}"
                    limiter = _limiter_in(learner, frozen_clock, limit, others, expired, used, key)
                    outcomes, where = _race(limiter, folders, stop_at, key)
                    held = f" (one was held at {where[0]}, line {where[1]})" if where else ""
                    scene = (
                        f"{RACE_THREADS} threads called allow({key!r}) at once on "
                        f"SlidingWindowLimiter({limit}, {RACE_WINDOW}), in {state}{held}"
                    )
                    errors = [o.error for o in outcomes if o.error is not None]
                    if errors:
                        error = errors[0]
                        check.fail(
                            f"{scene}, and allow raised {type(error).__name__}: {error}",
                            reproducer=False,
                        )
                    granted = sum(bool(o.value) for o in outcomes)
                    if used + granted > limit:
                        check.fail(
                            f"{scene}: {granted} of them got True, so {used + granted} "
                            f"requests of one key went through in one window, but the limit "
                            f"is {limit}",
                            reproducer=False,
                        )
                    if used + granted < limit:
                        check.fail(
                            f"{scene}: only {granted} of them got True, but the key had room "
                            f"for {limit - used} more request(s)",
                            reproducer=False,
                        )
