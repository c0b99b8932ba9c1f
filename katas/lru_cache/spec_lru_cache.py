"""Hidden specs of the lru_cache kata (see katas.md, "lru_cache").

Levels 1 and 3 compare the learner's ``LRUCache`` with ``ModelLRU`` below, a deliberately
simple (list-based) LRU cache written from the contract. Level 2 times the learner's cache
at two sizes and compares the growth, never the raw speed. Level 4 calls the learner's
decorator and ``functools.lru_cache`` side by side on the same calls: katas.md names
functools as the model of level 4.
"""

from __future__ import annotations

import functools
import gc
import random
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, rule

from pytest_pykata.concurrency import start
from pytest_pykata.spec import check, run_machine, spec, unwrap

# -- the model --------------------------------------------------------------------------------


class ModelLRU:
    """The contract of levels 1 and 3, as plainly as possible: keys least recent first."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.order: list[Any] = []
        self.values: dict[Any, Any] = {}

    def _touch(self, key: Any) -> None:
        self.order.remove(key)
        self.order.append(key)

    def get(self, key: Any) -> Any:
        if key not in self.values:
            return -1
        self._touch(key)
        return self.values[key]

    def put(self, key: Any, value: Any) -> None:
        if key in self.values:
            self._touch(key)
        else:
            if len(self.order) >= self.capacity:
                del self.values[self.order.pop(0)]
            self.order.append(key)
        self.values[key] = value

    def items(self) -> list[tuple[Any, Any]]:
        return [(key, self.values[key]) for key in self.order]


# -- levels 1 and 3: the cache against the model ----------------------------------------------

# Hashable keys of several types, no two of them equal (no 1 with 1.0 or True). -1 and -2 have
# the same hash in CPython; 0, "" and () are falsy. The first ones mix types, so even a small
# cache holds several kinds of key.
KEYS: list[Any] = [
    1,
    "a",
    (1, 2),
    2,
    "b",
    -1,
    frozenset({1, 2}),
    ("a",),
    -2,
    "",
    3,
    (0, (1,)),
    "key",
    10**20,
    0,
    "z",
    (2, 1),
    7,
    "c",
    (),
]
CAPACITIES = st.sampled_from([1, 2, 3, 4, 2, 3, 5, 8, 12])
# Each step is one integer, uniform over its range (drawing is most of a step's cost, and one
# rule per machine keeps Hypothesis from switching rules off for a whole example): it picks the
# operation, the key by its low bits, and the value put by the rest, an int from 0 up (0
# included: a falsy value is still a value). It shrinks towards 0: a put of the first key.
CODES = st.sampled_from(range(1 << 16))


class CacheMachine(RuleBasedStateMachine):
    """Random get/put on one cache, checked against the model after every get."""

    OPERATIONS = ("put", "get")

    def __init__(self, learner) -> None:
        super().__init__()
        self.learner = learner

    @initialize(capacity=CAPACITIES, extra=st.integers(0, 3))
    def make(self, capacity, extra):
        self.learner.name_results(LRUCache="cache")
        self.cache = self.learner.LRUCache(capacity)
        self.model = ModelLRU(capacity)
        # A few more keys than the capacity: gets hit often, and puts evict often.
        self.keys = KEYS[: capacity + 1 + extra]

    @rule(code=CODES)
    def step(self, code):
        code, operation = divmod(code, len(self.OPERATIONS))
        key = self.keys[(code & 63) % len(self.keys)]
        getattr(self, "do_" + self.OPERATIONS[operation])(key, code >> 6)

    def do_put(self, key, value):
        self.cache.put(key, value)
        self.model.put(key, value)

    def do_get(self, key, _):
        check.equal(self.cache.get(key), self.model.get(key))


class ContainerMachine(CacheMachine):
    """Level 3: the same cache, also read through len(), `in` and items()."""

    OPERATIONS = ("put", "get", "len", "contains", "items", "put", "get")

    # len() and `in` run on the cache itself, not through the recording proxy: Python's own
    # rules apply (`in` may work through __iter__), and the reproducer's assert line is the
    # call. A call that raises is written into the reproducer before the failure.
    def _look(self, source, look):
        try:
            return look(unwrap(self.cache))
        except Exception as exc:
            self.learner.line(source)
            check.fail(f"{source} raised {type(exc).__name__}: {exc}")

    def do_len(self, *_):
        source = f"len({self.learner.recorder.fmt(self.cache)})"
        check.equal(self._look(source, len), len(self.model.order), expr=source)

    def do_contains(self, key, _):
        fmt = self.learner.recorder.fmt
        expected = key in self.model.values  # and the model's recency stays as it is
        source = f"{fmt(key)} in {fmt(self.cache)}"
        found = self._look(source, lambda cache: key in cache)
        words = "is stored" if expected else "is not stored"
        check.that(
            found == expected,
            f"{source} returned {found!r}, but the key {words}",
            expr=source if expected else f"{fmt(key)} not in {fmt(self.cache)}",
        )

    def do_items(self, *_):
        check.that(
            callable(getattr(unwrap(self.cache), "items", None)),
            "LRUCache has no items() method",
            expr=f'hasattr({self.learner.recorder.fmt(self.cache)}, "items")',
        )
        check.equal(self.cache.items(), self.model.items())


@spec(
    level=1,
    rule="the classic example: a get refreshes a key, a full cache evicts the least recently used",
)
def test_the_classic_example(learner):
    learner.name_results(LRUCache="cache")
    cache = learner.LRUCache(2)
    cache.put(1, 1)
    cache.put(2, 2)
    check.equal(cache.get(1), 1)
    cache.put(3, 3)
    check.equal(cache.get(2), -1)
    cache.put(4, 4)
    check.equal(cache.get(1), -1)
    check.equal(cache.get(3), 3)
    check.equal(cache.get(4), 4)


@spec(level=1, rule="get and put keep the most recent keys and evict the least recently used")
def test_get_and_put_follow_the_model(learner):
    class Machine(CacheMachine):
        def __init__(self):
            super().__init__(learner)

    run_machine(Machine, max_examples=50, steps=40)


# -- level 2: constant time -------------------------------------------------------------------
#
# Two full caches, of 1,000 and of 100,000 keys, run the same steady workload in segments of
# SEGMENT operations, the small and the large one in turn, so a change in the machine's load
# hits both alike. What is compared is the median CPU time per operation of each size: CPU
# time, because other processes taking the CPU do not count in it (wall time on a busy 2-core
# machine varied 10x between identical runs; this process's CPU time, 1.5x); the median,
# because a segment that met a dict resize or a burst of cache misses is an outlier.
#
# The workload mixes get hits, get misses, updates and puts of new keys, each of which evicts.
# Hits and updates pick among the keys put during the last quarter-capacity new-key puts,
# which an LRU cache still holds whatever was read meanwhile: evicting such a key needs
# capacity - 1 keys more recent than it, and at most a quarter-capacity of them were put after
# it, at most another quarter-capacity touched since. So no model runs during the timing.
#
# A plain dict evicting next(iter(d)) slows down only as deleted slots pile up between two
# resizes of its entry table, so the first large segment is a warm-up that is not judged, and
# the judged ones cover more than the capacity in operations. Slow caches are judged from a
# partial run: a segment stops once it has used FACTOR times what the same number of
# operations took on the small cache (it is then known to be over the limit), or LARGE_CAP
# seconds; the run stops once most segments are over the limit.

_CPU = {"clock": time.process_time}  # in a dict: a running fake clock rebinds module names

SMALL, LARGE = 1_000, 100_000
SEGMENT = 25_000  # operations per timed segment
SMALL_SEGMENTS = 6  # judged segments of the small cache (after one warm-up segment)
LARGE_SEGMENTS = 5  # judged segments of the large cache (after one warm-up segment)
FACTOR = 6.0  # the most the time per operation may grow from 1,000 keys to 100,000
MIX = (20, 10, 10, 60)  # weights of: get hit, get miss, put update, put of a new key
HIT, MISS, UPDATE, NEW = range(4)
SMALL_CAP = 0.05  # CPU seconds one small segment may take (a slow cache is judged from a part)
LARGE_CAP = 0.15  # CPU seconds one large segment may take
FILL_CAP = 1.0  # CPU seconds the 100,000 puts that fill the large cache may take
CHUNK_SECONDS = 0.004  # the clock is read about this often (reading it costs ~1 µs)
SEED = 146


class _Workload:
    """One cache and the keys it holds: new keys are 0, 1, 2, ... in the order they were put."""

    def __init__(self, cache: Any, capacity: int, rng: random.Random) -> None:
        self.get = cache.get
        self.put = cache.put
        self.recent = max(1, capacity // 4)
        self.capacity = capacity
        self.next_key = 0
        self.rng = rng

    def plan(self, count: int) -> tuple[list[int], list[int]]:
        kinds = self.rng.choices(range(4), weights=MIX, k=count)
        keys: list[int] = []
        append = keys.append
        randrange = self.rng.randrange
        key, recent = self.next_key, self.recent
        for kind in kinds:
            if kind == NEW:
                append(key)
                key += 1
            elif kind == MISS:
                append(-1 - randrange(1 << 40))  # never put
            else:
                append(key - 1 - randrange(recent))  # still held, see above
        return kinds, keys

    def fill(self, budget: float) -> tuple[float, int]:
        keys = list(range(self.next_key, self.next_key + self.capacity))
        return self.timed([NEW] * self.capacity, keys, budget)

    def run(self, count: int, budget: float) -> tuple[float, int]:
        return self.timed(*self.plan(count), budget)

    def timed(self, kinds: list[int], keys: list[int], budget: float) -> tuple[float, int]:
        """Run the operations until done or ``budget`` CPU seconds; (seconds, operations)."""
        get, put, clock = self.get, self.put, _CPU["clock"]
        count, done, chunk, elapsed = len(kinds), 0, 16, 0.0
        begin = clock()
        while done < count and elapsed <= budget:
            stop = min(count, done + chunk)
            for kind, key in zip(kinds[done:stop], keys[done:stop], strict=True):
                if kind >= UPDATE:
                    put(key, key)
                else:
                    get(key)
            elapsed = clock() - begin
            done = stop
            pace = elapsed / done
            chunk = max(1, min(2 * chunk, 256, int(CHUNK_SECONDS / pace) if pace > 0 else 256))
        self.next_key += kinds[:done].count(NEW)
        return elapsed, done


@dataclass
class Timing:
    """What the constant-time measurement saw (seconds of CPU time per operation)."""

    small: list[float] = field(default_factory=list)
    large: list[float] = field(default_factory=list)
    stopped_early: int = 0  # large segments cut short by their budget
    fill: tuple[float, int] | None = None  # (seconds, puts) when the fill was cut short
    ratio: float = 0.0
    failure: str | None = None


def measure_constant_time(cls: Any, seed: int = SEED) -> Timing:
    """Time ``cls(1_000)`` against ``cls(100_000)``; ``failure`` says why it is not O(1)."""
    enabled = gc.isenabled()
    gc.disable()  # as timeit does: a collection is the interpreter's work, not the cache's
    try:
        return _measure(cls, random.Random(seed))
    finally:
        if enabled:
            gc.enable()


def _measure(cls: Any, rng: random.Random) -> Timing:
    timing = Timing()
    small = _Workload(cls(SMALL), SMALL, rng)
    small.fill(FILL_CAP)
    small.run(SEGMENT, SMALL_CAP)  # warm-up

    def small_segment() -> float:
        seconds, done = small.run(SEGMENT, SMALL_CAP)
        timing.small.append(seconds / done)
        return statistics.median(timing.small)

    reference = small_segment()
    large = _Workload(cls(LARGE), LARGE, rng)
    seconds, done = large.fill(min(FILL_CAP, 3 * FACTOR * LARGE * reference))
    if done < LARGE:
        timing.fill = (seconds, done)
        pace = seconds / done
        if pace > FACTOR * reference:
            timing.ratio = pace / reference
            timing.failure = (
                f"putting {LARGE:,} new keys into an empty LRUCache({LARGE}) took "
                f"{_us(pace)} per put for the first {done:,} keys, {timing.ratio:.0f}x the "
                f"{_us(reference)} per operation on a full cache of {SMALL:,} (CPU time; at "
                f"most {FACTOR:g}x is allowed): put does work that grows with the number of keys"
            )
            return timing
        # Slow but not growing: time what was filled.
    slow = 0
    for segment in range(LARGE_SEGMENTS + 1):
        seconds, done = large.run(SEGMENT, min(LARGE_CAP, FACTOR * SEGMENT * reference))
        if segment:  # the first one is the warm-up
            pace = seconds / done
            timing.large.append(pace)
            timing.stopped_early += done < SEGMENT
            slow += pace > FACTOR * reference
            if slow > LARGE_SEGMENTS // 2:
                break  # most segments are over the limit: the median will be too
        reference = small_segment()
    timing.ratio = statistics.median(timing.large) / statistics.median(timing.small)
    if timing.ratio > FACTOR:
        large_pace, small_pace = statistics.median(timing.large), statistics.median(timing.small)
        early = "; the slowest runs were stopped early" if timing.stopped_early else ""
        timing.failure = (
            f"get and put took {timing.ratio:.0f}x longer per operation on a full cache of "
            f"{LARGE:,} keys than on one of {SMALL:,} ({_us(large_pace)} against "
            f"{_us(small_pace)} of CPU time per operation; medians over runs of {SEGMENT:,} "
            "mixed gets and puts: hits, misses, updates and new keys that evict"
            f"{early}). At most {FACTOR:g}x is allowed: some operation does work that grows "
            "with the number of keys (a scan, list.remove, pop(0), min(), a rebuild...)"
        )
    return timing


MEASUREMENTS = 3  # an O(1) cache must pass one; an O(n) one fails them all


def judge_constant_time(cls: Any) -> Timing:
    """The level-2 verdict: up to MEASUREMENTS measurements, the first that passes wins.

    A loaded machine can slow the large cache's segments for a while (other processes evict
    its nodes from the CPU caches: seen once as 16x for the reference in a CI run whose two
    workers and their forked children kept both cores busy). That is a burst; an O(n) cache
    is slow every time, by 18x at least (a dict evicting next(iter(d))) and usually 80x or
    more. So a failed measurement is repeated with other keys, and only a cache that fails
    every one is judged not O(1). A correct cache pays for one measurement, as before.
    """
    timing = Timing()
    for attempt in range(MEASUREMENTS):
        timing = measure_constant_time(cls, seed=SEED + attempt)
        if timing.failure is None:
            return timing
    timing.failure = f"{timing.failure} (the same in each of {MEASUREMENTS} measurements)"
    return timing


def _us(seconds: float) -> str:
    micro = seconds * 1e6
    return f"{micro:.2f} µs" if micro < 10 else f"{micro:,.0f} µs"


@spec(
    level=2,
    rule="get and put are O(1): a full cache of 100,000 keys is about as fast as one of 1,000",
    solo=True,
)
def test_get_and_put_take_constant_time(learner):
    timing = judge_constant_time(learner.module.LRUCache)
    if timing.failure:
        check.fail(timing.failure, reproducer=False)


# -- level 3: a proper container --------------------------------------------------------------


@spec(level=3, rule="len() counts the keys, `in` does not refresh, items() is least recent first")
def test_container_follows_the_model(learner):
    class Machine(ContainerMachine):
        def __init__(self):
            super().__init__(learner)

    run_machine(Machine, max_examples=50, steps=40)


@spec(level=3, rule="LRUCache(0) and a negative capacity raise ValueError", max_examples=12)
@given(capacity=st.one_of(st.sampled_from([0, -1, -(2**70)]), st.integers(max_value=-1)))
def test_capacity_below_one_raises_value_error(learner, capacity):
    with check.raises(ValueError):
        learner.LRUCache(capacity)


@spec(
    level=3,
    rule="a capacity that is not an int (a float, a str, None) raises TypeError",
    max_examples=15,
)
@given(
    capacity=st.one_of(
        st.sampled_from([2.5, 1.0, 3.0, 100.0, "3", "", None]),
        st.floats(min_value=1.0, allow_nan=False, allow_infinity=False),
        st.text(max_size=4),
    )
)
def test_capacity_of_another_type_raises_type_error(learner, capacity):
    # Floats from 1 up: a negative float (or 0.0) is both "not an int" and "not positive",
    # so katas.md lets it raise either error.
    with check.raises(TypeError):
        learner.LRUCache(capacity)


# -- level 4: memoize, against functools.lru_cache --------------------------------------------

# The function the specs memoize. It counts its calls (so the return value shows whether a call
# reached it), returns None and -1 too (results a cache must keep like any other), and raises
# ValueError for an argument of -1. It has named parameters with defaults, so f(1), f(x=1) and
# f() are three different calls to functools, as katas.md says. The learner's copy is shown in
# the reproducer.
F_SOURCE = [
    "calls = []",
    "def f(x=0, y=0):",
    "    calls.append((x, y))",
    "    if x == -1 or y == -1:",
    '        raise ValueError("negative argument")',
    "    n = len(calls)",
    "    return (n, None, -1)[n % 3]",
]


def counting_function():
    calls = []

    def f(x=0, y=0):
        calls.append((x, y))
        if x == -1 or y == -1:
            raise ValueError("negative argument")
        n = len(calls)
        return (n, None, -1)[n % 3]

    return f


def memoized(learner, maxsize, fn, name, source):
    """The learner's ``lru_cache(maxsize=maxsize)`` applied to ``fn``, shown as ``source``."""
    learner.define(fn, name, source)
    learner.name_results(lru_cache="memoize", memoize="cached")
    memoize = learner.lru_cache(maxsize=maxsize)
    return memoize(fn)


class Differential:
    """The learner's memoized f and functools' memoized copy of f, called side by side."""

    def __init__(self, learner, maxsize, cached=None, reference=None):
        self.learner = learner
        if cached is None:
            cached = memoized(learner, maxsize, counting_function(), "f", F_SOURCE)
            reference = functools.lru_cache(maxsize=maxsize)(counting_function())
        self.cached = cached
        self.reference = reference

    @property
    def name(self) -> str:
        return self.learner.recorder.fmt(self.cached)

    def call(self, args=(), kwargs=None):
        kwargs = kwargs or {}
        try:
            expected = self.reference(*args, **kwargs)
        except (TypeError, ValueError) as exc:
            with check.raises(type(exc)):
                self.cached(*args, **kwargs)
        else:
            check.equal(self.cached(*args, **kwargs), expected)
        self.compare_info()

    def clear(self):
        self.cached.cache_clear()
        self.reference.cache_clear()
        self.compare_info()

    def compare_info(self):
        expected = tuple(self.reference.cache_info())
        got = self.cached.cache_info()
        check.equal(
            got,
            expected,
            message=(
                f"{self.name}.cache_info() returned {unwrap(got)!r}, expected {expected!r} "
                "(hits, misses, maxsize, currsize), as functools.lru_cache counts the same calls"
            ),
        )


ARG = st.integers(0, 4)
NEGATIVE = st.just(-1)


@st.composite
def calls_of(draw, positional, keyword=None):
    """(args, kwargs) of one call of f(x=0, y=0): positional ones first, then keywords for the
    parameters left, always x before y (the order of keywords is left free by katas.md)."""
    args = tuple(draw(st.lists(positional, max_size=2)))
    kwargs = {}
    if keyword is not None:
        for name in ("x", "y")[len(args) :]:
            if draw(st.booleans()):
                kwargs[name] = draw(keyword)
    return args, kwargs


POSITIONAL_CALLS = calls_of(ARG)
CLEAR = "clear"
UNHASHABLE = st.sampled_from([[1], [], {"a": 1}, {2}, [0, [1]]])


def play(learner, maxsize, actions):
    """Make the same calls (and cache_clear()s) on the learner's and functools' memoized f."""
    pair = Differential(learner, maxsize)
    for action in actions:
        if action == CLEAR:
            pair.clear()
        else:
            pair.call(*action)


def positional(*args):
    return (args, {})


@spec(
    level=4,
    rule="results are cached, hit, missed and evicted exactly as functools.lru_cache",
    max_examples=20,
)
@given(
    maxsize=st.sampled_from([1, 2, 3, 5, 128]),
    calls=st.lists(POSITIONAL_CALLS, min_size=1, max_size=25),
)
@example(maxsize=2, calls=[positional(n) for n in (0, 1, 0, 2, 1, 0)])  # a hit refreshes
@example(maxsize=2, calls=[positional(), positional(), positional()])  # None and -1 results
def test_memoizes_like_functools(learner, maxsize, calls):
    play(learner, maxsize, calls)


@spec(
    level=4,
    rule="keyword arguments are part of the key: f(1) and f(x=1) are two entries",
    max_examples=20,
)
@given(
    maxsize=st.sampled_from([2, 3, 128, None]),
    calls=st.lists(calls_of(st.integers(0, 2), st.integers(0, 2)), min_size=1, max_size=20),
)
@example(maxsize=128, calls=[positional(1), ((), {"x": 1}), positional(1), ((), {"x": 1})])
def test_keyword_arguments_are_part_of_the_key(learner, maxsize, calls):
    play(learner, maxsize, calls)


# Calls of f(x=0, y=0) whose arguments are alike once flattened: a key built as args plus
# kwargs items without a marker, or a lone argument taken as its own key whatever its type,
# makes two of them one entry. functools keeps them apart (a marker before keywords, and only
# a lone int or str is its own key), and so must the learner: each returns its own result.
LOOKALIKE_CALLS = [
    positional(1, 2),
    positional((1, 2)),
    ((), {"x": 1}),
    positional(("x", 1)),
    positional("x", 1),
    positional(1),
    positional((1,)),
    ((1,), {"y": 2}),
    positional(1, ("y", 2)),
    ((), {"x": 1, "y": 2}),
    positional(("x", 1), ("y", 2)),
]


@spec(
    level=4,
    rule="calls whose arguments look alike once flattened are different entries",
    max_examples=8,
)
@given(
    maxsize=st.sampled_from([None, 2, 3, 128]),
    calls=st.lists(st.sampled_from(LOOKALIKE_CALLS), min_size=2, max_size=12),
)
@example(maxsize=128, calls=LOOKALIKE_CALLS + LOOKALIKE_CALLS)
def test_lookalike_calls_are_different_entries(learner, maxsize, calls):
    play(learner, maxsize, calls)


@spec(level=4, rule="maxsize=None never evicts", max_examples=12)
@given(calls=st.lists(calls_of(st.integers(0, 40)), min_size=1, max_size=40))
@example(calls=[positional(n) for n in (*range(140), 0, 1)])
def test_maxsize_none_never_evicts(learner, calls):
    play(learner, None, calls)


@spec(
    level=4, rule="maxsize=0 caches nothing, and a negative maxsize behaves as 0", max_examples=12
)
@given(
    maxsize=st.sampled_from([0, -1, -3, -128]),
    calls=st.lists(calls_of(ARG, ARG), min_size=1, max_size=10),
)
@example(maxsize=0, calls=[positional(1), positional(1)])
@example(maxsize=-1, calls=[positional(1), positional(1)])
def test_maxsize_zero_or_negative_caches_nothing(learner, maxsize, calls):
    play(learner, maxsize, calls)


@spec(
    level=4,
    rule="an exception from the function propagates, is not cached, counts as a miss",
    max_examples=20,
)
@given(
    maxsize=st.sampled_from([None, 0, 1, 2, 128]),
    calls=st.lists(calls_of(st.one_of(ARG, NEGATIVE)), min_size=1, max_size=15),
)
@example(maxsize=2, calls=[positional(-1), positional(-1)])
@example(maxsize=1, calls=[positional(0), positional(-1), positional(0)])  # keeps f(0)
def test_exceptions_are_not_cached(learner, maxsize, calls):
    play(learner, maxsize, calls)


@spec(
    level=4,
    rule="cache_clear() empties the cache and resets its counts, as functools does",
    max_examples=15,
)
@given(
    maxsize=st.sampled_from([None, 1, 2, 128]),
    actions=st.lists(st.one_of(POSITIONAL_CALLS, st.just(CLEAR)), min_size=1, max_size=20),
)
@example(maxsize=2, actions=[positional(1), positional(1), CLEAR, positional(1)])
def test_cache_clear_empties_the_cache(learner, maxsize, actions):
    play(learner, maxsize, actions)


@spec(
    level=4,
    rule="unhashable arguments raise TypeError, and the function is not called",
    max_examples=15,
)
@given(
    maxsize=st.sampled_from([1, 2, 128]),
    calls=st.lists(
        st.one_of(
            POSITIONAL_CALLS,
            st.tuples(
                st.lists(st.one_of(ARG, UNHASHABLE), min_size=1, max_size=2), st.just({})
            ).map(lambda c: (tuple(c[0]), c[1])),
            st.tuples(st.just(()), st.fixed_dictionaries({"x": UNHASHABLE})),
        ),
        min_size=1,
        max_size=12,
    ),
)
@example(maxsize=2, calls=[positional([1]), positional(1)])
def test_unhashable_arguments_raise_type_error(learner, maxsize, calls):
    # Only with maxsize > 0: functools never builds a key when it caches nothing, so the
    # kata leaves unhashable arguments free there.
    play(learner, maxsize, calls)


@spec(
    level=4,
    rule="any mix of calls gives the results and counts of functools.lru_cache",
    max_examples=30,
)
@given(maxsize=st.sampled_from([None, 0, 1, 2, 3, 128, -1]), data=st.data())
def test_any_mix_of_calls_matches_functools(learner, maxsize, data):
    values = [ARG, NEGATIVE] + ([UNHASHABLE] if maxsize is not None and maxsize > 0 else [])
    call = calls_of(st.one_of(*values), st.one_of(ARG, NEGATIVE))
    play(learner, maxsize, data.draw(st.lists(st.one_of(call, st.just(CLEAR)), max_size=25)))


@spec(
    level=4,
    rule="cache_info() returns a named tuple (hits, misses, maxsize, currsize)",
    max_examples=8,
)
@given(maxsize=st.sampled_from([None, 0, 1, 2, 128, -5]), calls=st.lists(ARG, max_size=6))
def test_cache_info_is_a_named_tuple(learner, maxsize, calls):
    fn = counting_function()
    reference = functools.lru_cache(maxsize=maxsize)(counting_function())
    cached = memoized(learner, maxsize, fn, "f", F_SOURCE)
    for arg in calls:
        cached(arg)
        reference(arg)
    expected = reference.cache_info()
    name = learner.recorder.fmt(cached)
    info = unwrap(cached.cache_info())
    check.that(
        isinstance(info, tuple) and len(info) == 4,
        f"{name}.cache_info() returned {info!r}, expected a named tuple of 4 fields",
        expr=f"isinstance({name}.cache_info(), tuple) and len({name}.cache_info()) == 4",
    )
    for field_name in expected._fields:
        want = getattr(expected, field_name)
        got = getattr(info, field_name, "no such field")
        check.that(
            got == want,
            f"{name}.cache_info().{field_name} is {got!r}, expected {want!r}",
            expr=f"{name}.cache_info().{field_name} == {want!r}",
        )


# A second memoized function, with results of its own, for the specs that memoize two.
G_SOURCE = [
    "def g(x=0, y=0):",
    '    return ("g", x, y)',
]


def make_g():
    def g(x=0, y=0):
        return ("g", x, y)

    return g


def play_two(learner, maxsize, calls, one_decorator):
    """Memoize f and g, then make the same calls on them and on functools' copies of them.

    With ``one_decorator``, one ``lru_cache(maxsize=...)`` result decorates both functions
    (as a functools one can); otherwise each function gets its own ``lru_cache(...)`` call.
    Either way each function has a cache and counts of its own, as in functools.
    """
    f, g = counting_function(), make_g()
    learner.define(f, "f", F_SOURCE)
    learner.define(g, "g", G_SOURCE)
    learner.name_results(lru_cache="memoize", memoize="cached", memoize_2="cached_2")
    reference = functools.lru_cache(maxsize=maxsize)
    if one_decorator:
        memoize = learner.lru_cache(maxsize=maxsize)
        pairs = [(memoize(f), reference(counting_function())), (memoize(g), reference(make_g()))]
    else:
        pairs = [
            (learner.lru_cache(maxsize=maxsize)(f), reference(counting_function())),
            (learner.lru_cache(maxsize=maxsize)(g), reference(make_g())),
        ]
    both = [Differential(learner, maxsize, cached, ref) for cached, ref in pairs]
    for which, args in calls:
        both[which].call(args)
        both[1 - which].compare_info()


TWO_FUNCTION_CALLS = st.lists(
    st.tuples(st.sampled_from([0, 1]), st.lists(ARG, max_size=2).map(tuple)),
    min_size=2,
    max_size=16,
)


@spec(
    level=4,
    rule="each memoized function has its own cache, also when one lru_cache(...) decorates two",
    max_examples=12,
)
@given(
    maxsize=st.sampled_from([None, 1, 2, 128]),
    calls=TWO_FUNCTION_CALLS,
    one_decorator=st.booleans(),
)
@example(maxsize=128, calls=[(0, (1,)), (1, (1,)), (0, (1,)), (1, (1,))], one_decorator=False)
@example(maxsize=128, calls=[(0, (1,)), (1, (1,)), (0, (1,)), (1, (1,))], one_decorator=True)
def test_each_memoized_function_has_its_own_cache(learner, maxsize, calls, one_decorator):
    play_two(learner, maxsize, calls, one_decorator)


AREA_SOURCE = [
    "def area(width: int, height: int = 1) -> int:",
    '    """Multiply the width by the height."""',
    "    return width * height",
    'area.unit = "m2"',
]


def make_area():
    def area(width: int, height: int = 1) -> int:
        """Multiply the width by the height."""
        return width * height

    area.unit = "m2"
    return area


@spec(
    level=4,
    rule="the wrapper keeps the function's metadata, as functools.wraps does",
    max_examples=8,
)
@given(maxsize=st.sampled_from([None, 0, 2, 128]))
def test_wraps_metadata_is_kept(learner, maxsize):
    area = make_area()
    cached = memoized(learner, maxsize, area, "area", AREA_SOURCE)
    name = learner.recorder.fmt(cached)
    wrapper = unwrap(cached)
    for attribute in ("__name__", "__qualname__", "__doc__", "__module__", "__annotations__"):
        got = getattr(wrapper, attribute, "no such attribute")
        check.that(
            got == getattr(area, attribute),
            f"{name}.{attribute} is {got!r}, expected {getattr(area, attribute)!r}, "
            "the function's own (functools.wraps copies it)",
            expr=f"{name}.{attribute} == area.{attribute}",
        )
    check.that(
        getattr(wrapper, "__wrapped__", None) is area,
        f"{name}.__wrapped__ must be the decorated function (functools.wraps sets it)",
        expr=f"{name}.__wrapped__ is area",
    )
    check.that(
        getattr(wrapper, "unit", None) == "m2",
        f"{name}.unit is missing: functools.wraps copies the function's own attributes",
        expr=f'{name}.unit == "m2"',
    )
    check.equal(cached(3, 4), 12)


def fibonacci(n: int) -> int:
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


FIB_SOURCE = [
    "def fib(n):",
    "    return n if n < 2 else cached(n - 1) + cached(n - 2)",
]


_HUNG: set[int] = set()  # the recorders (one per spec run) whose recursive call never returned


@spec(
    level=4,
    rule="a memoized function may call itself, and is counted as functools counts it",
    max_examples=12,
)
@given(maxsize=st.sampled_from([None, 1, 2, 3, 128]), n=st.integers(0, 12))
def test_recursive_function(learner, maxsize, n):
    box: dict[str, Any] = {}

    def fib(k):
        return k if k < 2 else box["cached"](k - 1) + box["cached"](k - 2)

    def reference_fib(k):
        return k if k < 2 else reference(k - 1) + reference(k - 2)

    reference = functools.lru_cache(maxsize=maxsize)(reference_fib)
    cached = memoized(learner, maxsize, fib, "fib", FIB_SOURCE)
    if learner.recorder.fmt(cached) != "cached":  # the source above calls it by that name
        check.fail("the spec could not name the memoized function", reproducer=False)
    box["cached"] = unwrap(cached)
    reference(n)
    if id(learner.recorder) not in _HUNG:  # once hung, every example fails at once
        thread, outcome = start(cached, n)
        thread.join(10.0)
    if id(learner.recorder) in _HUNG or not outcome.finished:
        _HUNG.add(id(learner.recorder))
        check.fail(
            "a memoized fib that calls itself (cached(n) calls cached(n - 1)) did not return "
            "within 10 s: does the wrapper hold a lock while the function runs?",
            reproducer=False,
        )
    check.equal(outcome.result(), fibonacci(n))
    expected = tuple(reference.cache_info())
    check.equal(
        cached.cache_info(),
        expected,
        message=(
            f"cached.cache_info() returned {unwrap(cached).cache_info()!r} after cached({n}), "
            f"expected {expected!r}, as functools.lru_cache counts the same recursive calls"
        ),
    )


@spec(level=4, rule="a maxsize that is neither an int nor None raises TypeError", max_examples=5)
@given(maxsize=st.sampled_from([1.5, 2.0, "3", "big", 0.5]))
def test_maxsize_of_another_type_raises_type_error(learner, maxsize):
    # When lru_cache(maxsize) is called (as functools does) or when it decorates: either.
    fn = counting_function()
    learner.define(fn, "f", F_SOURCE)
    learner.name_results(lru_cache="memoize", memoize="cached")
    with check.raises(TypeError):
        memoize = learner.lru_cache(maxsize=maxsize)
        memoize(fn)
