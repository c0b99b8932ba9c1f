"""The fixtures pykata gives every test: ``frozen_clock`` and ``flaky_service``.

This module is imported on every pytest run (the plugin imports it), so at the top it imports
only pytest and what pytest already imports. The clock, the service and freezegun are imported
inside the fixtures, only when a test asks for one.

The docstrings are what ``pytest --fixtures`` shows. It shows a docstring only up to its first
blank line, so each is written as one block, without blank lines, to be shown whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from pytest_pykata.clock import FakeClock
    from pytest_pykata.flaky import FlakyService


@pytest.fixture
def frozen_clock() -> Iterator[FakeClock]:
    """Fake time for this test: time moves only when you move it, and sleeping costs nothing.
    Fakes time.time, time.monotonic, time.perf_counter (and their _ns variants),
    time.localtime, time.gmtime, time.strftime, and (through freezegun) datetime.datetime.now(),
    utcnow(), today() and datetime.date.today(). time.sleep and asyncio.sleep return at once,
    advance the clock by the time asked and record it. Both import styles are faked,
    `import time; time.sleep(1)` and `from time import sleep, monotonic`, also in modules
    imported before the test started, and so are time functions your code captured at import
    (`def __init__(self, clock=time.monotonic)`, class attributes, closures); everything is
    restored after the test.
    The clock starts at 2026-01-01T00:00:00Z; time.monotonic() starts at 1000.0.
      frozen_clock.advance(seconds)   move every reading forward (by the exact float sum)
      frozen_clock.sleeps             every fake sleep in call order, e.g. [1.0, 2.0]
      frozen_clock.sleep_calls        the same as SleepCall(kind="sync"|"async", seconds, at)
      frozen_clock.monotonic(), .time(), .now(), .elapsed, .reset_records()
    asyncio.sleep runs in virtual time: concurrent tasks wake in the order of their wake-up
    times (a task sleeping 3 s wakes before one sleeping 5 s, and the clock ends 5 s later).
    The event loop's own clock stays real. Example:
        import time
        def fetch_with_retry(fetch):
            for delay in (1, 2):
                try:
                    return fetch()
                except ConnectionError:
                    time.sleep(delay)
            return fetch()
        def test_it_backs_off_one_then_two_seconds(frozen_clock, flaky_service):
            assert fetch_with_retry(flaky_service(fail=2)) == "ok"
            assert frozen_clock.sleeps == [1, 2]
            assert frozen_clock.elapsed == 3
    Full guide: docs/fixtures.md in the pykata repository.
    """
    from pytest_pykata.clock import FakeClock

    clock = FakeClock()
    clock.start()
    try:
        yield clock
    finally:
        clock.stop()


@pytest.fixture
def flaky_service(request: pytest.FixtureRequest) -> Callable[..., FlakyService]:
    """A factory for a fake dependency that fails in a chosen pattern and records every call.
      service = flaky_service(fail=2, exc=ConnectionError, result="ok")
          raises ConnectionError on calls 1 and 2, then returns "ok" (the defaults)
      flaky_service(pattern="FSF", exc=TimeoutError, result=42)   F raises exc, S returns result
      flaky_service(pattern=[ConnectionError("down"), "ok", TimeoutError])
          an exception class (made afresh per call) or instance is raised, any other value
          returned; exc may be a class or an instance too
    After the pattern ends, its last outcome repeats forever ("FFS": fail, fail, then succeed
    on every later call; "SF": succeed once, then fail forever).
      asynchronous=True   an async service, `await service(...)`; inspect.iscoroutinefunction
                          (and asyncio.iscoroutinefunction) is True for it
      latency=0.5         each call takes 0.5 s of fake time (async: in virtual time, so other
                          tasks run meanwhile); not recorded in frozen_clock.sleeps
    Records: service.calls (Call(args, kwargs, at, outcome) in call order), service.call_count,
    service.call_times (each call's start) and service.gaps (time between consecutive starts).
    Times are time.monotonic() readings of the frozen clock when the test uses frozen_clock
    (or another FakeClock runs); asking for latency starts frozen_clock if the test did not,
    so time is frozen from then on; otherwise they are real time.monotonic() readings.
    Example:
        def test_retry_gives_up_after_three_attempts(flaky_service, frozen_clock):
            service = flaky_service(fail=5)
            with pytest.raises(ConnectionError):
                retry(max_attempts=3, jitter=False)(service)("GET /")
            assert service.call_count == 3
            assert service.calls[0].args == ("GET /",)
            assert service.gaps == [1.0, 2.0]
    """

    def factory(
        fail: int | None = None,
        exc: type[BaseException] | BaseException = ConnectionError,
        result: Any = "ok",
        *,
        pattern: str | Sequence[Any] | None = None,
        asynchronous: bool = False,
        latency: float = 0.0,
    ) -> FlakyService:
        from pytest_pykata.flaky import check_latency, make_service

        clock = _clock_for_service(request, check_latency(latency))
        return make_service(
            fail,
            exc,
            result,
            pattern=pattern,
            asynchronous=asynchronous,
            latency=latency,
            clock=clock,
        )

    return factory


def _clock_for_service(request: pytest.FixtureRequest, latency: float) -> FakeClock | None:
    """The clock a new service is bound to, or None to read whichever runs at each call.

    A test that uses frozen_clock gets it (getfixturevalue sets it up if this factory is called
    before it was). Latency must not wait for real, so without any fake clock it starts
    frozen_clock for the rest of the test. Otherwise no clock is started behind the test's
    back: the service reads a FakeClock that runs when it is called, else the real clock.
    """
    from pytest_pykata.clock import active_clock

    if "frozen_clock" in request.fixturenames:
        return request.getfixturevalue("frozen_clock")
    if latency and active_clock() is None:
        return request.getfixturevalue("frozen_clock")
    return None
