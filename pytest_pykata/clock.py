"""The fake clock behind the ``frozen_clock`` fixture.

One :class:`FakeClock` owns fake time while it runs: ``time.time``, ``time.monotonic`` and
``time.perf_counter`` (and their ``_ns`` variants), ``time.localtime``, ``time.gmtime``,
``time.strftime``, ``time.sleep`` and ``asyncio.sleep``; freezegun fakes ``datetime``.

Every reading is served from one float, the seconds advanced since the start, so readings move
by exactly the float sum of the advances (freezegun alone keeps a datetime, rounded to the
microsecond). Importing this module is cheap: freezegun, which imports asyncio, is imported by
:meth:`FakeClock.start`.
"""

from __future__ import annotations

import contextlib
import functools
import heapq
import itertools
import math
import numbers
import operator
import sys
import threading
import time
import types
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable

T = TypeVar("T")

DEFAULT_START = datetime(2026, 1, 1, tzinfo=UTC)
"""Where a clock starts when no start is given."""

MONOTONIC_BASE = 1000.0
"""``time.monotonic()`` and ``time.perf_counter()`` at the start. Not 0, so code that treats a
zero timestamp as "never" (``if self.last_call:``) fails the way it would on a real clock."""

RUNNER_MODULES: tuple[str, ...] = (
    "pytest",  # pytest itself, pytest_pykata and every pytest_* plugin
    "_pytest",
    "pluggy",
    "xdist",
    "execnet",
    "hypothesis",
    "_hypothesis",
    "freezegun",
    "subprocess",  # Popen.wait(timeout) polls with time.sleep against a real deadline
)
"""Module-name prefixes whose own calls always get the real time functions, sleeps included:
the test runner and Hypothesis time real work (durations, deadlines), and pykata's own code
must keep real timeouts. Only the direct caller counts: learner code called from a Hypothesis
test is faked."""

REAL_CLOCK_MODULES: tuple[str, ...] = (
    *RUNNER_MODULES,
    "asyncio",  # the event loop's own clock, loop.time()
    "concurrent",
    "threading",
    "queue",
    "multiprocessing",
    "selectors",
)
"""Prefixes whose clock *readings* stay real, so ``Condition.wait(timeout)``, ``queue.get(
timeout=...)`` and the event loop still time out; names they took with ``from time import
...`` are never rebound. Their sleeps are faked (``Thread(target=time.sleep)`` or
``asyncio.to_thread(time.sleep, 5)`` must not wait for real)."""

_TIME_NAMES = (
    "time",
    "time_ns",
    "monotonic",
    "monotonic_ns",
    "perf_counter",
    "perf_counter_ns",
    "localtime",
    "gmtime",
    "strftime",
    "sleep",
)


def _real_time_functions() -> dict[str, Any]:
    """The real time functions, even when this module is imported under a freeze_time."""
    reals = {name: getattr(time, name) for name in _TIME_NAMES}
    freezegun_api = sys.modules.get("freezegun.api")
    if freezegun_api is not None:  # it keeps the real ones as real_<name> (not sleep)
        for name in reals:
            reals[name] = getattr(freezegun_api, f"real_{name}", reals[name])
    return reals


_REAL = _real_time_functions()
_real_localtime = _REAL["localtime"]
_real_gmtime = _REAL["gmtime"]
_real_strftime = _REAL["strftime"]
_real_sleep = _REAL["sleep"]
_real_async_sleep: Any = None  # asyncio.sleep, captured by the first start()
_asyncio: Any = None  # the asyncio module, imported by the first start()

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MONOTONIC_BASE_NS = 1000 * 10**9
_MAX_SLEEP = (2**63 - 1) / 1e9  # what fits in CPython's nanosecond time type
_BUSY_PASSES_BEFORE_WAKING = 1000
_QUIET_PASSES_WITHOUT_READY_QUEUE = 10

_active: FakeClock | None = None
_start_lock = threading.Lock()


def _import_asyncio() -> Any:
    """asyncio, imported on first use (~80 ms), with the real ``asyncio.sleep`` captured."""
    global _asyncio, _real_async_sleep
    if _asyncio is None:
        import asyncio

        _asyncio = asyncio
    if _real_async_sleep is None:  # before any clock ran, so it is the real one
        _real_async_sleep = _asyncio.tasks.sleep
    return _asyncio


@dataclass(frozen=True)
class SleepCall:
    """One fake sleep: which kind, the duration asked, and when it started."""

    kind: Literal["sync", "async"]
    seconds: float
    at: float
    """``time.monotonic()`` when the sleep started."""


def active_clock() -> FakeClock | None:
    """The :class:`FakeClock` running now, or ``None``."""
    return _active


class FakeClock:
    """Fake time for one test: readings that move only when advanced, sleeps that return at once.

    ``start()`` installs it (``with FakeClock() as clock:`` too), ``stop()`` undoes everything.
    Only one clock runs at a time. All methods are safe to call from several threads.
    """

    def __init__(self, start: datetime | str | None = None) -> None:
        self._start = _parse_start(start)
        self._start_naive = self._start.replace(tzinfo=None)
        self._epoch = (self._start - _EPOCH).total_seconds()
        self._epoch_ns = (self._start - _EPOCH) // timedelta(microseconds=1) * 1000
        self._elapsed = 0.0
        self._lock = threading.Lock()
        self.sleeps: list[float] = []
        """Every fake sleep, ``time.sleep`` and ``asyncio.sleep``, in call order: the duration
        asked."""
        self.sleep_calls: list[SleepCall] = []
        """Every fake sleep with its kind and start time, in call order."""
        self._running = False
        self._patches: _Patches | None = None
        self._factory: Any = None  # freezegun's frozen-datetime factory while running
        self._loops: weakref.WeakKeyDictionary[Any, _Sleepers] = weakref.WeakKeyDictionary()

    # -- starting and stopping -------------------------------------------------------------

    def start(self) -> None:
        """Install the fakes. Raises ``RuntimeError`` if this or another clock is running."""
        global _active
        with _start_lock:
            if self._running:
                raise RuntimeError("this FakeClock is already running")
            if _active is not None:
                raise RuntimeError("another FakeClock is already running: stop it first")
            self._patches = _Patches.install(self)
            self._running = True
            _active = self

    def stop(self) -> None:
        """Undo every patch, also in modules imported while the clock ran. Idempotent."""
        global _active
        with _start_lock:
            if not self._running:
                return
            _active = None  # any straggling call to a fake now gets the real function
            self._running = False
            patches, self._patches = self._patches, None
            self._factory = None
            if patches is not None:
                patches.undo()

    def __enter__(self) -> FakeClock:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the fakes are installed."""
        return self._running

    # -- readings ----------------------------------------------------------------------------

    @property
    def elapsed(self) -> float:
        """Seconds advanced since the start (the float sum of every advance and sleep)."""
        return self._elapsed

    def time(self) -> float:
        """What ``time.time()`` returns now."""
        return self._epoch + self._elapsed

    def time_ns(self) -> int:
        """What ``time.time_ns()`` returns now."""
        return self._epoch_ns + round(self._elapsed * 1e9)

    def monotonic(self) -> float:
        """What ``time.monotonic()`` returns now."""
        return MONOTONIC_BASE + self._elapsed

    def monotonic_ns(self) -> int:
        """What ``time.monotonic_ns()`` returns now."""
        return _MONOTONIC_BASE_NS + round(self._elapsed * 1e9)

    def perf_counter(self) -> float:
        """What ``time.perf_counter()`` returns now (the same clock as ``monotonic``)."""
        return MONOTONIC_BASE + self._elapsed

    def perf_counter_ns(self) -> int:
        """What ``time.perf_counter_ns()`` returns now."""
        return _MONOTONIC_BASE_NS + round(self._elapsed * 1e9)

    def now(self) -> datetime:
        """The fake instant as an aware UTC datetime (microsecond resolution)."""
        return self._start + timedelta(seconds=self._elapsed)

    # -- moving time -------------------------------------------------------------------------

    def advance(self, seconds: float) -> None:
        """Move every reading forward by ``seconds`` at once, recording no sleep."""
        delta = _check_duration(seconds)
        with self._lock:
            self._set_elapsed(self._elapsed + delta)

    def sleep(self, seconds: float) -> None:
        """What the fake ``time.sleep`` does: check like the real one, record, advance."""
        value = _check_sleep(seconds)
        with self._lock:
            self._record("sync", value)
            self._set_elapsed(self._elapsed + value)

    async def async_sleep(self, delay: float, result: T = None) -> T:  # type: ignore[assignment]
        """What the fake ``asyncio.sleep`` does: record, then wait in virtual time.

        Sleepers of one event loop wake in order of their wake-up times, each when the loop has
        nothing else ready, and the clock jumps to that time. ``delay <= 0`` yields once.
        """
        if delay <= 0:  # also the TypeError the real one raises for a non-number
            with self._lock:
                self._record("async", delay)
            _import_asyncio()
            return await _real_async_sleep(0, result)
        if math.isnan(delay):
            raise ValueError("sleep length must not be NaN")
        with self._lock:
            self._record("async", delay)
        await self._wait_virtual(float(delay))
        return result

    async def async_advance(self, seconds: float) -> None:
        """Advance in virtual time like ``async_sleep``, letting other tasks run first, but
        record no sleep (``flaky_service`` latency uses it)."""
        delta = _check_duration(seconds)
        if delta == 0:
            _import_asyncio()
            await _real_async_sleep(0)
            return
        await self._wait_virtual(delta)

    def reset_records(self) -> None:
        """Forget the recorded sleeps. Time is not rewound."""
        with self._lock:
            self.sleeps.clear()
            self.sleep_calls.clear()

    def __repr__(self) -> str:
        state = "running" if self._running else "stopped"
        instant = self.now().isoformat().replace("+00:00", "Z")
        return f"<FakeClock {instant} elapsed={self._elapsed!r}s sleeps={len(self.sleeps)} {state}>"

    # -- internals ---------------------------------------------------------------------------

    def _record(self, kind: Literal["sync", "async"], seconds: float) -> None:
        seconds = float(seconds)
        self.sleeps.append(seconds)
        self.sleep_calls.append(SleepCall(kind, seconds, self.monotonic()))

    def _set_elapsed(self, elapsed: float) -> None:
        """Move to ``elapsed`` (caller holds the lock), keeping freezegun's datetime in step."""
        if self._factory is not None:
            try:
                instant = self._start_naive + timedelta(seconds=elapsed)
            except OverflowError:
                # time.time()/monotonic() keep counting in floats; only datetime stops at its
                # maximum (year 9999): code that sleeps for millennia is still judged.
                instant = datetime.max
            # An absolute target, so microsecond rounding never accumulates.
            self._factory.move_to(instant)
        self._elapsed = elapsed

    def _advance_to(self, elapsed: float) -> None:
        """Wake-up of a virtual sleeper: move forward to ``elapsed``, never back."""
        with self._lock:
            if elapsed > self._elapsed:
                self._set_elapsed(elapsed)

    async def _wait_virtual(self, delay: float) -> None:
        loop = _import_asyncio().get_running_loop()
        future = loop.create_future()
        with self._lock:
            wake_at = self._elapsed + delay
            sleepers = self._loops.get(loop)
            if sleepers is None:
                sleepers = self._loops[loop] = _Sleepers(self, loop)
        sleepers.add(wake_at, future)
        await future  # a cancelled task cancels the future; the driver then drops it


class _Sleepers:
    """The virtual sleepers of one event loop, woken in (wake time, arrival) order.

    A driver callback runs on the loop. It wakes the earliest sleeper only when the loop has
    nothing else ready, so every task that can run before that wake-up has run (and registered
    its own sleep) first: the order of wake-ups is the order of a real clock.
    """

    def __init__(self, clock: FakeClock, loop: asyncio.AbstractEventLoop) -> None:
        self._clock = clock
        self._loop = weakref.ref(loop)  # the loop keys a WeakKeyDictionary: no strong ref
        self._heap: list[tuple[float, int, asyncio.Future[None]]] = []
        self._arrival = itertools.count()
        self._driver_scheduled = False
        self._busy_passes = 0
        self._added = 0
        self._added_seen = -1
        self._quiet_passes = 0

    def add(self, wake_at: float, future: asyncio.Future[None]) -> None:
        heapq.heappush(self._heap, (wake_at, next(self._arrival), future))
        self._added += 1
        self._schedule_driver()

    def _schedule_driver(self) -> None:
        loop = self._loop()
        if loop is not None and not self._driver_scheduled:
            self._driver_scheduled = True
            loop.call_soon(self._drive)

    def _drive(self) -> None:
        self._driver_scheduled = False
        heap = self._heap
        while heap and heap[0][2].done():  # cancelled sleepers are dropped
            heapq.heappop(heap)
        if not heap:
            return
        if not self._loop_is_idle():
            self._schedule_driver()
            return
        wake_at, _, future = heapq.heappop(heap)
        self._clock._advance_to(wake_at)
        future.set_result(None)
        if heap:
            self._schedule_driver()

    def _loop_is_idle(self) -> bool:
        ready = getattr(self._loop(), "_ready", None)
        if ready is not None:  # asyncio's own loops: the queue of ready callbacks
            idle = len(ready) == 0
        elif self._added != self._added_seen:  # other loops: wait for passes with no new sleep
            self._added_seen, self._quiet_passes, idle = self._added, 0, False
        else:
            self._quiet_passes += 1
            idle = self._quiet_passes >= _QUIET_PASSES_WITHOUT_READY_QUEUE
        if not idle:
            # A task polling with ``await asyncio.sleep(0)`` keeps the loop busy forever; wake
            # the earliest sleeper anyway after a while, so that cannot hang.
            self._busy_passes += 1
            idle = self._busy_passes >= _BUSY_PASSES_BEFORE_WAKING
        if idle:
            self._busy_passes = self._quiet_passes = 0
        return idle


# -- the fakes installed in the time and asyncio modules ---------------------------------------
# Module-level functions that serve the running clock, or the real function when none runs:
# a reference that escapes stop() (a default argument, a closure) stays harmless.


def _called_from(prefixes: tuple[str, ...]) -> bool:
    """Whether the code that called the fake (two frames up) lives in one of ``prefixes``."""
    try:
        name = sys._getframe(2).f_globals.get("__name__")
    except ValueError:  # called straight from C with no Python frame above
        return False
    return isinstance(name, str) and name.startswith(prefixes)


def _fake_reader(name: str) -> Callable[[], Any]:
    """The fake of ``time.<name>`` (a reading without arguments): ``FakeClock.<name>``."""
    real, read = _REAL[name], getattr(FakeClock, name)

    def fake() -> Any:
        clock = _active
        if clock is None or _called_from(REAL_CLOCK_MODULES):
            return real()
        return read(clock)

    fake.__name__ = fake.__qualname__ = f"fake_{name}"
    fake.__doc__ = f"time.{name} while a FakeClock runs."
    return fake


_fake_time = _fake_reader("time")
_fake_time_ns = _fake_reader("time_ns")
_fake_monotonic = _fake_reader("monotonic")
_fake_monotonic_ns = _fake_reader("monotonic_ns")
_fake_perf_counter = _fake_reader("perf_counter")
_fake_perf_counter_ns = _fake_reader("perf_counter_ns")


def _fake_localtime(secs: float | None = None) -> time.struct_time:
    clock = _active
    if secs is not None or clock is None or _called_from(REAL_CLOCK_MODULES):
        return _real_localtime(secs)
    return _real_localtime(clock.time())


def _fake_gmtime(secs: float | None = None) -> time.struct_time:
    clock = _active
    if secs is not None or clock is None or _called_from(REAL_CLOCK_MODULES):
        return _real_gmtime(secs)
    return _real_gmtime(clock.time())


def _fake_strftime(format: str, t: Any = None) -> str:
    if t is not None:
        return _real_strftime(format, t)
    clock = _active
    if clock is None or _called_from(REAL_CLOCK_MODULES):
        return _real_strftime(format)
    return _real_strftime(format, _real_localtime(clock.time()))


def _fake_sleep(seconds: float) -> None:
    clock = _active
    if clock is None or _called_from(RUNNER_MODULES):
        _real_sleep(seconds)
        return
    clock.sleep(seconds)


async def _fake_async_sleep(delay: float, result: T = None) -> T:  # type: ignore[assignment]
    clock = _active
    if clock is None or _called_from(RUNNER_MODULES):
        return await _real_async_sleep(delay, result)
    return await clock.async_sleep(delay, result)


_FAKES: dict[str, Callable[..., Any]] = {
    "time": _fake_time,
    "time_ns": _fake_time_ns,
    "monotonic": _fake_monotonic,
    "monotonic_ns": _fake_monotonic_ns,
    "perf_counter": _fake_perf_counter,
    "perf_counter_ns": _fake_perf_counter_ns,
    "localtime": _fake_localtime,
    "gmtime": _fake_gmtime,
    "strftime": _fake_strftime,
    "sleep": _fake_sleep,
}


# -- installing and undoing --------------------------------------------------------------------

_module_namespace = types.ModuleType.__dict__["__dict__"].__get__  # skips a lazy module's hooks
_NEVER_REBIND = frozenset({"time", "datetime", "_datetime", __name__})
_Change = tuple[dict[str, Any], str, Any, Any]  # namespace, name, old value, new value


class _Patches:
    """Everything one running clock changed, and how to undo it."""

    def __init__(self) -> None:
        self.freezer: Any = None
        self.time_before: dict[str, Any] = {}
        self.async_sleep_before: tuple[Any, Any] = (None, None)
        self.changes: list[_Change] = []
        self.installed: dict[str, Any] = {}  # name on the time module -> our fake
        self.captured: list[Callable[[], None]] = []  # undoers of _rebind_captured

    @classmethod
    def install(cls, clock: FakeClock) -> _Patches:
        # Imported here: freezegun costs ~140 ms and imports asyncio.
        import freezegun.api
        from freezegun import freeze_time

        asyncio = _import_asyncio()
        self = cls()
        self.time_before = {name: getattr(time, name) for name in _TIME_NAMES}
        self.async_sleep_before = (asyncio.sleep, asyncio.tasks.sleep)
        # freezegun fakes datetime. Its ignore list is a tuple of name prefixes; "" matches
        # every module, which skips freezegun's own scan of sys.modules (slow in big sessions,
        # freezegun issue 69) and its call-stack check, which would serve the real time to
        # learner code called from a Hypothesis test (it looks 5 frames up). Our single scan
        # below rebinds the datetime classes too. real_asyncio: the loop reads the real clock.
        self.freezer = freeze_time(clock._start_naive, ignore=[""], real_asyncio=True)
        clock._factory = self.freezer.start()
        try:
            with clock._lock:
                clock._set_elapsed(clock._elapsed)
            for name, fake in _FAKES.items():
                setattr(time, name, fake)
            asyncio.sleep = asyncio.tasks.sleep = _fake_async_sleep  # type: ignore[assignment]
            mapping = self._start_mapping(freezegun.api)
            self.changes = _rebind(mapping, REAL_CLOCK_MODULES)
            self.captured = _rebind_captured(mapping, REAL_CLOCK_MODULES)
        except BaseException:
            clock._factory = None
            self.undo()
            raise
        return self

    def _start_mapping(self, fg: Any) -> dict[int, tuple[Any, Any]]:
        """id(value a module may hold) -> (that value, what to put instead)."""
        mapping: dict[int, tuple[Any, Any]] = {}
        for name, fake in _FAKES.items():
            freezegun_fake = getattr(fg, f"fake_{name}", None)
            for old in (_REAL[name], self.time_before[name], freezegun_fake):
                if old is not None and old is not fake:
                    mapping[id(old)] = (old, fake)
        for old in (_real_async_sleep, *self.async_sleep_before):
            if old is not _fake_async_sleep:
                mapping[id(old)] = (old, _fake_async_sleep)
        mapping[id(fg.real_datetime)] = (fg.real_datetime, fg.FakeDatetime)
        mapping[id(fg.real_date)] = (fg.real_date, fg.FakeDate)
        return mapping

    def undo(self) -> None:
        """Restore what ``install`` changed, then rebind leftovers anywhere in sys.modules."""
        import datetime as datetime_module

        import freezegun.api as fg

        for restore in reversed(self.captured):
            restore()
        self.captured = []
        for namespace, name, old, new in reversed(self.changes):
            if namespace.get(name) is new:
                namespace[name] = old
        self.changes = []
        if self.freezer is not None:
            self.freezer.stop()
            self.freezer = None
        for name, value in self.time_before.items():
            setattr(time, name, value)
        if self.async_sleep_before[0] is not None:
            _asyncio.sleep, _asyncio.tasks.sleep = self.async_sleep_before
        # Modules imported while the clock ran took our fakes (``from time import sleep``):
        # send each back to what the source module holds now. Every module, none skipped.
        leftovers: dict[int, tuple[Any, Any]] = {}
        for name, fake in _FAKES.items():
            leftovers[id(fake)] = (fake, self.time_before[name])
        if self.async_sleep_before[0] is not None:
            leftovers[id(_fake_async_sleep)] = (_fake_async_sleep, self.async_sleep_before[1])
        for fake, now in (
            (fg.FakeDatetime, datetime_module.datetime),
            (fg.FakeDate, datetime_module.date),
        ):
            if fake is not now:  # still the fake when an outer freeze_time runs: keep it
                leftovers[id(fake)] = (fake, now)
        _rebind(leftovers, ("freezegun",))  # freezegun.api holds FakeDatetime by design


def _rebind(mapping: dict[int, tuple[Any, Any]], skip: tuple[str, ...]) -> list[_Change]:
    """Replace, in every module's namespace, each value found in ``mapping``.

    Most modules hold none of the values: ``isdisjoint`` over ``map(id, ...)`` answers that in
    C, so a session with a thousand modules is scanned in a couple of milliseconds.
    """
    wanted = frozenset(mapping)
    changes: list[_Change] = []
    for module_name, module in list(sys.modules.items()):
        if (
            not isinstance(module, types.ModuleType)
            or not isinstance(module_name, str)
            or module_name in _NEVER_REBIND
            or module_name.startswith(skip)
        ):
            continue
        namespace = _module_namespace(module)
        if wanted.isdisjoint(map(id, namespace.values())):
            continue
        for name, value in list(namespace.items()):
            hit = mapping.get(id(value))
            if hit is not None and hit[0] is value:
                namespace[name] = hit[1]
                changes.append((namespace, name, value, hit[1]))
    return changes


@functools.cache
def _library_folders() -> tuple[str, ...]:
    """Where the standard library and installed packages live: not the user's own code."""
    import site
    import sysconfig

    folders = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    paths = sysconfig.get_paths()
    folders.update(paths[key] for key in ("stdlib", "platstdlib", "purelib", "platlib"))
    with contextlib.suppress(AttributeError):  # site has no getsitepackages in some venvs
        folders.update(site.getsitepackages())
    return tuple(str(Path(f).resolve()) for f in folders if f)


def _user_modules(skip: tuple[str, ...]) -> list[types.ModuleType]:
    """Modules loaded from files outside the standard library and site-packages: the code
    under test (a learner's module, a project's own package), never the runner's."""
    libraries = _library_folders()
    found = []
    for module_name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None) if isinstance(module, types.ModuleType) else None
        if (
            not isinstance(file, str)
            or not isinstance(module_name, str)
            or module_name in _NEVER_REBIND
            or module_name.startswith(skip)
        ):
            continue
        if not _is_library_file(file, libraries):
            found.append(module)
    return found


@functools.lru_cache(maxsize=4096)
def _is_library_file(file: str, libraries: tuple[str, ...]) -> bool:
    try:
        return str(Path(file).resolve()).startswith(libraries)
    except (OSError, ValueError):
        return True


def _rebind_captured(
    mapping: dict[int, tuple[Any, Any]], skip: tuple[str, ...]
) -> list[Callable[[], None]]:
    """Replace the real time functions that user code captured at import time.

    ``def __init__(self, clock=time.monotonic)``, a dataclass field defaulting to
    ``time.monotonic``, ``_sleep = staticmethod(time.sleep)`` in a class body, or a closure
    made at import all hold the function itself, which no module namespace shows. katas.md
    says time comes from ``time.monotonic()``, and injecting the clock this way is good
    practice, so such code must see the fake clock too. Only modules of the code under test
    are searched (functions' defaults and closures, classes' attributes), never libraries.
    Returns the undoers.
    """
    undo: list[Callable[[], None]] = []

    def swap(value: Any) -> Any:
        hit = mapping.get(id(value))
        return hit[1] if hit is not None and hit[0] is value else None

    def function(func: types.FunctionType) -> None:
        for attr in ("__defaults__", "__kwdefaults__"):
            old = getattr(func, attr)
            if not old:
                continue
            if isinstance(old, dict):
                new = {k: swap(v) or v for k, v in old.items()}
                changed = any(new[k] is not old[k] for k in old)
            else:
                new = tuple(swap(v) or v for v in old)
                changed = any(a is not b for a, b in zip(new, old, strict=True))
            if changed:
                setattr(func, attr, new)
                undo.append(lambda f=func, a=attr, o=old: setattr(f, a, o))
        for cell in func.__closure__ or ():
            with contextlib.suppress(ValueError):  # an empty cell
                fake = swap(cell.cell_contents)
                if fake is not None:
                    old = cell.cell_contents
                    cell.cell_contents = fake
                    undo.append(lambda c=cell, o=old: setattr(c, "cell_contents", o))

    def klass(cls: type, seen: set[int]) -> None:
        if id(cls) in seen:
            return
        seen.add(id(cls))
        for name, attr in list(vars(cls).items()):
            inner = attr.__func__ if isinstance(attr, staticmethod) else attr
            fake = swap(inner)
            if fake is not None:
                # A builtin in a class body does not bind to the instance; a Python function
                # would, so the fake goes in as a staticmethod (self.clock() keeps working).
                new = staticmethod(fake) if isinstance(fake, types.FunctionType) else fake
                with contextlib.suppress(AttributeError, TypeError):
                    setattr(cls, name, new)
                    undo.append(lambda c=cls, n=name, o=attr: setattr(c, n, o))
            elif isinstance(inner, types.FunctionType):
                function(inner)
            elif isinstance(inner, classmethod) and isinstance(inner.__func__, types.FunctionType):
                function(inner.__func__)
            elif isinstance(inner, property):
                for accessor in (inner.fget, inner.fset, inner.fdel):
                    if isinstance(accessor, types.FunctionType):
                        function(accessor)
            elif isinstance(attr, type) and attr.__module__ == cls.__module__:
                klass(attr, seen)

    seen: set[int] = set()
    for module in _user_modules(skip):
        for value in list(_module_namespace(module).values()):
            if isinstance(value, types.FunctionType) and value.__module__ == module.__name__:
                function(value)
            elif isinstance(value, type) and value.__module__ == module.__name__:
                klass(value, seen)
    return undo


# -- argument checks ---------------------------------------------------------------------------


def _parse_start(start: datetime | str | None) -> datetime:
    """An aware UTC datetime from a datetime (naive means UTC), an ISO string, or None."""
    if start is None:
        return DEFAULT_START
    if isinstance(start, str):
        start = datetime.fromisoformat(start)
    elif not isinstance(start, datetime):
        raise TypeError(f"start must be a datetime, an ISO 8601 string or None, not {start!r}")
    if start.tzinfo is None:
        return start.replace(tzinfo=UTC)
    return start.astimezone(UTC)


def _check_duration(seconds: float) -> float:
    """A finite, non-negative number of seconds, as a float."""
    if isinstance(seconds, bool) or not isinstance(seconds, numbers.Real):
        raise TypeError(f"seconds must be a number, not {seconds!r}")
    value = float(seconds)
    if math.isnan(value) or value < 0:
        raise ValueError(f"cannot advance the clock by {seconds!r} seconds (must be >= 0)")
    if math.isinf(value):
        raise OverflowError("cannot advance the clock by an infinite time")
    return value


def _check_sleep(seconds: Any) -> float:
    """Reject what the real ``time.sleep`` rejects, with its exception types and messages."""
    value = seconds if isinstance(seconds, float) else operator.index(seconds)
    if math.isnan(value):
        raise ValueError("Invalid value NaN (not a number)")
    if value < 0:
        raise ValueError("sleep length must be non-negative")
    if value > _MAX_SLEEP:
        raise OverflowError("timestamp too large to convert to C _PyTime_t")
    return float(value)
