"""The fake flaky service behind the ``flaky_service`` fixture.

A :class:`FlakyService` is a callable that fails in a chosen pattern and records every call
with the clock time it started, so a test can assert how code under test retried: how many
times, with which arguments, and how long it waited between calls.
"""

from __future__ import annotations

import inspect
import itertools
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pytest_pykata.clock import active_clock

if TYPE_CHECKING:
    from pytest_pykata.clock import FakeClock

_PATTERN_LETTERS = {"F": "fail", "S": "succeed"}


@dataclass(frozen=True)
class Call:
    """One call of a flaky service."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    at: float
    """The clock's ``time.monotonic()`` when the call started."""
    outcome: Any = field(default=None, compare=False)
    """The exception the call raised (the very object) or the value it returned."""

    @property
    def failed(self) -> bool:
        """Whether the call raised."""
        return isinstance(self.outcome, BaseException)


class FlakyService:
    """A callable that raises or returns, call after call, following a pattern.

    Each outcome of ``pattern`` is used once, in order; after the last one, the last one
    repeats forever. An exception class or instance in the pattern is raised (a class is
    instantiated afresh for each call), any other value is returned. ``latency`` seconds pass on
    the clock during each call (the call's ``at`` is when it started).
    """

    def __init__(
        self,
        pattern: Sequence[Any],
        *,
        latency: float = 0.0,
        clock: FakeClock | None = None,
        description: str | None = None,
    ) -> None:
        if isinstance(pattern, (str, bytes)) or not isinstance(pattern, Sequence):
            raise TypeError(f"pattern must be a list of outcomes, not {pattern!r}")
        if not pattern:
            raise ValueError("pattern must hold at least one outcome")
        self.pattern: tuple[Any, ...] = tuple(pattern)
        self.latency = check_latency(latency)
        self.calls: list[Call] = []
        """Every call in the order they started."""
        self._clock = clock
        self._description = description
        self._lock = threading.Lock()
        # Decorators under test copy these with functools.wraps, like a function's.
        self.__name__ = self.__qualname__ = "flaky_service"

    # -- records -----------------------------------------------------------------------------

    @property
    def call_count(self) -> int:
        """How many times the service was called."""
        return len(self.calls)

    @property
    def call_times(self) -> list[float]:
        """The ``at`` of every call: the clock's ``time.monotonic()`` when it started."""
        return [call.at for call in self.calls]

    @property
    def gaps(self) -> list[float]:
        """The time between the starts of consecutive calls (back-off plus latency)."""
        return [later - earlier for earlier, later in itertools.pairwise(self.call_times)]

    @property
    def clock(self) -> FakeClock | None:
        """The clock the service reads: its own, else the one running now, else none (real)."""
        return self._clock if self._clock is not None else active_clock()

    # -- calling -----------------------------------------------------------------------------

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        call = self._begin(args, kwargs)
        if self.latency:
            self._clock_for_latency().advance(self.latency)
        return self._end(call)

    def _begin(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Call:
        with self._lock:
            clock = self.clock
            at = clock.monotonic() if clock is not None else time.monotonic()
            number = len(self.calls) + 1
            outcome = self.pattern[min(number, len(self.pattern)) - 1]
            if isinstance(outcome, type) and issubclass(outcome, BaseException):
                outcome = _instantiate(outcome, f"flaky_service call #{number} fails")
            call = Call(args, dict(kwargs), at, outcome)
            self.calls.append(call)
            return call

    def _end(self, call: Call) -> Any:
        if call.failed:
            # A pattern may raise one exception instance many times: start a fresh traceback
            # each time rather than growing the old one.
            raise call.outcome.with_traceback(None)
        return call.outcome

    def _clock_for_latency(self) -> FakeClock:
        clock = self.clock
        if clock is None:
            raise RuntimeError(
                "flaky_service latency needs a fake clock: use the frozen_clock fixture"
            )
        return clock

    def __repr__(self) -> str:
        kind = "async " if inspect.iscoroutinefunction(self) else ""
        outcomes = ", ".join(_describe(outcome) for outcome in self.pattern)
        pattern = self._description or f"[{outcomes}]"
        latency = f", latency={self.latency!r}s" if self.latency else ""
        return (
            f"<{kind}flaky_service {pattern} (the last repeats){latency}, calls={self.call_count}>"
        )


async def _coroutine_signature(*args: Any, **kwargs: Any) -> Any:
    """Never called: its code object is what ``inspect`` looks at (see AsyncFlakyService)."""


class AsyncFlakyService(FlakyService):
    """A :class:`FlakyService` called as ``await service(...)``.

    Code under test often branches on ``inspect.iscoroutinefunction(func)``, and an object with
    an ``async def __call__`` is not a coroutine function in ``inspect``'s eyes. So the service
    marks itself: Python 3.12+ has ``inspect.markcoroutinefunction``; 3.11's ``inspect`` treats
    any callable with function-like attributes as a function and reads the coroutine flag from
    its ``__code__`` (the rule that lets Cython functions pass).
    """

    __code__ = _coroutine_signature.__code__
    __defaults__ = None
    __kwdefaults__ = None

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        call = self._begin(args, kwargs)
        if self.latency:
            # In virtual time, like asyncio.sleep, so other tasks run meanwhile; not recorded
            # as a sleep, since the code under test did not ask for it.
            await self._clock_for_latency().async_advance(self.latency)
        return self._end(call)


def _mark_coroutine_class() -> None:
    # Python 3.12+: mark the class, not each instance. A mark in an instance's __dict__ would
    # be copied by functools.wraps into any sync wrapper of the service, which would then pass
    # for a coroutine function too.
    mark = getattr(inspect, "markcoroutinefunction", None)
    if mark is None:
        return

    def probe() -> None: ...

    mark(probe)
    marker = getattr(probe, "_is_coroutine_marker", None)
    if marker is not None:
        AsyncFlakyService._is_coroutine_marker = marker  # type: ignore[attr-defined]


_mark_coroutine_class()


def make_service(
    fail: int | None = None,
    exc: type[BaseException] | BaseException = ConnectionError,
    result: Any = "ok",
    *,
    pattern: str | Sequence[Any] | None = None,
    asynchronous: bool = False,
    latency: float = 0.0,
    clock: FakeClock | None = None,
) -> FlakyService:
    """Build the service ``flaky_service(...)`` returns (see the fixture's documentation)."""
    if not (isinstance(exc, BaseException) or _is_exception_class(exc)):
        raise TypeError(f"exc must be an exception class or instance, not {exc!r}")
    description = None
    if pattern is None:
        count = 2 if fail is None else fail
        if isinstance(count, bool) or not isinstance(count, int):
            raise TypeError(f"fail must be an int, not {count!r}")
        if count < 0:
            raise ValueError(f"fail must be >= 0, not {count}")
        outcomes: list[Any] = [exc] * count + [result]
    elif fail is not None:
        raise TypeError("give fail or pattern, not both")
    elif isinstance(pattern, str):
        outcomes = _parse_letters(pattern, exc, result)
        description = repr(pattern)
    else:
        outcomes = list(pattern)
    cls = AsyncFlakyService if asynchronous else FlakyService
    return cls(outcomes, latency=latency, clock=clock, description=description)


def check_latency(latency: float) -> float:
    """A finite, non-negative latency in seconds."""
    if isinstance(latency, bool) or not isinstance(latency, (int, float)):
        raise TypeError(f"latency must be a number of seconds, not {latency!r}")
    if not 0 <= latency < float("inf"):
        raise ValueError(f"latency must be a finite number of seconds >= 0, not {latency!r}")
    return float(latency)


def _parse_letters(letters: str, exc: Any, result: Any) -> list[Any]:
    if not letters:
        raise ValueError("pattern must hold at least one letter, F (fail) or S (succeed)")
    bad = sorted(set(letters) - set(_PATTERN_LETTERS))
    if bad:
        raise ValueError(
            f"pattern letters are F (fail) and S (succeed); {letters!r} also has {bad}"
        )
    return [exc if letter == "F" else result for letter in letters]


def _is_exception_class(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseException)


def _instantiate(exc_class: type[BaseException], message: str) -> BaseException:
    try:
        return exc_class(message)
    except TypeError:  # an exception class whose constructor wants other arguments
        return exc_class()


def _describe(outcome: Any) -> str:
    if _is_exception_class(outcome):
        return outcome.__name__
    return repr(outcome)
