"""The frozen_clock fixture and the FakeClock behind it.

Most tests write a learner-like module and a test file with ``pytester`` and run a real pytest
session, because the pitfalls live in how modules import the time functions and in what pytest
and Hypothesis time around a test. Sessions that would hang or take an hour if the fake broke
run in a subprocess with a timeout; in-process async tests guard themselves with a real
``asyncio.wait_for`` (the event loop's clock stays real).
"""

from __future__ import annotations

import asyncio
import datetime as datetime_module
import sys
import time

import pytest

from pytest_pykata.clock import DEFAULT_START, MONOTONIC_BASE, FakeClock, SleepCall

# Held in a dict, not as module-level names: a running clock rebinds module-level names.
REAL = {name: getattr(time, name) for name in ("sleep", "monotonic", "time", "perf_counter")}
REAL_DATETIME = datetime_module.datetime
REAL_ASYNC_SLEEP = asyncio.sleep
EPOCH_START = DEFAULT_START.timestamp()

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """A pytest session in this process, tests in file order."""
    return pytester.runpytest("-p", "no:randomly", *args)


def run_in_subprocess(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """A pytest session in a fresh process that cannot hang this one."""
    return pytester.runpytest_subprocess("-p", "no:randomly", *args, timeout=120)


# -- readings ------------------------------------------------------------------------------------


def test_time_monotonic_and_perf_counter_stand_still_until_the_clock_is_advanced(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import time

        def test_readings(frozen_clock):
            assert time.time() == 1767225600.0  # 2026-01-01T00:00:00Z
            assert time.monotonic() == 1000.0
            assert time.perf_counter() == 1000.0
            assert time.monotonic() == time.monotonic()
            frozen_clock.advance(1.5)
            assert time.time() == 1767225601.5
            assert time.monotonic() == 1001.5
            assert time.perf_counter() == 1001.5
            assert frozen_clock.elapsed == 1.5
            assert frozen_clock.monotonic() == time.monotonic()
            assert frozen_clock.time() == time.time()
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_monotonic_and_time_move_by_the_exact_float_sum_of_the_advances(
    pytester: pytest.Pytester,
) -> None:
    # freezegun keeps a datetime, rounded to the microsecond: 2**-10 s is 976.5625 us, so
    # twenty such steps read through freezegun would drift. The clock keeps a float.
    pytester.makepyfile(
        """
        import time
        from time import monotonic

        def test_exact(frozen_clock):
            t0, m0, p0 = time.time(), monotonic(), time.perf_counter()
            total = 0.0
            for _ in range(20):
                frozen_clock.advance(2**-10)
                total += 2**-10
                assert time.monotonic() - m0 == total
                assert time.time() - t0 == total
                assert time.perf_counter() - p0 == total
            assert monotonic() == 1000.0 + 20 * 2**-10
            assert frozen_clock.elapsed == 20 * 2**-10
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_datetime_now_utcnow_today_and_date_today_follow_advance(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        learner_dates="""
        import datetime
        from datetime import date, datetime as dt

        def stamps():
            return dt.now(), dt.utcnow(), dt.today(), date.today(), datetime.datetime.now()
        """
    )
    pytester.makepyfile(
        """
        import datetime
        import learner_dates  # imported before the clock starts

        def test_dates(frozen_clock):
            now, utcnow, today, date_today, module_now = learner_dates.stamps()
            start = datetime.datetime(2026, 1, 1)
            assert now == utcnow == today == module_now == start
            assert date_today == datetime.date(2026, 1, 1)
            frozen_clock.advance(36 * 3600 + 0.25)
            now, utcnow, today, date_today, module_now = learner_dates.stamps()
            later = datetime.datetime(2026, 1, 2, 12, 0, 0, 250000)
            assert now == utcnow == today == module_now == later
            assert date_today == datetime.date(2026, 1, 2)
            aware = datetime.datetime.now(datetime.timezone.utc)
            assert aware == later.replace(tzinfo=datetime.timezone.utc)
            assert frozen_clock.now() == aware
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_localtime_gmtime_and_strftime_read_the_fake_clock(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import time
        from time import strftime

        def test_struct_times(frozen_clock):
            frozen_clock.advance(3 * 3600)
            assert time.gmtime()[:6] == (2026, 1, 1, 3, 0, 0)
            assert time.localtime() == time.localtime(time.time())
            assert strftime("%Y-%m-%d") == time.strftime("%Y-%m-%d", time.localtime(time.time()))
            assert time.gmtime(0)[:3] == (1970, 1, 1)  # an explicit time is converted as usual
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_the_ns_variants_agree_with_the_float_readings() -> None:
    with FakeClock() as clock:
        clock.advance(0.25)
        assert time.time_ns() == int(EPOCH_START) * 10**9 + 250_000_000
        assert time.monotonic_ns() == 1000 * 10**9 + 250_000_000
        assert time.perf_counter_ns() == time.monotonic_ns()


# -- time.sleep, both import styles ------------------------------------------------------------


def test_sleep_through_import_time_is_fake_advances_the_clock_and_is_recorded(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import time

        def test_sleep(frozen_clock):
            time.sleep(2)
            time.sleep(0.5)
            assert time.monotonic() == 1002.5
            assert frozen_clock.sleeps == [2.0, 0.5]
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_sleep_from_time_import_in_a_module_imported_before_the_clock_started_is_fake(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        learner_early="""
        from time import monotonic, sleep

        def wait_and_read(seconds):
            start = monotonic()
            sleep(seconds)
            return monotonic() - start
        """
    )
    pytester.makepyfile(
        """
        import learner_early  # imported at collection, before frozen_clock starts

        def test_sleep(frozen_clock):
            assert learner_early.wait_and_read(30) == 30
            assert frozen_clock.sleeps == [30]
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_sleep_from_time_import_in_a_module_imported_after_the_clock_started_is_fake(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        learner_late="""
        from time import monotonic, sleep

        def wait_and_read(seconds):
            start = monotonic()
            sleep(seconds)
            return monotonic() - start
        """
    )
    pytester.makepyfile(
        """
        def test_sleep(frozen_clock):
            import learner_late  # imported while the clock runs

            assert learner_late.wait_and_read(30) == 30
            assert frozen_clock.sleeps == [30]
        """
    )
    run(pytester).assert_outcomes(passed=1)


CAPTURED_AT_IMPORT = """
import asyncio
import dataclasses
import time
from collections.abc import Callable


def waited(seconds, clock=time.monotonic, sleep=time.sleep):
    start = clock()
    sleep(seconds)
    return clock() - start


def keyword_only(*, clock=time.monotonic):
    return clock()


async def async_waited(seconds, sleep=asyncio.sleep):
    await sleep(seconds)


def _make_reader(clock):
    def read():
        return clock()
    return read


read_clock = _make_reader(time.monotonic)  # a closure made at import


class Limiter:
    clock = time.monotonic  # a builtin in a class body: self.clock() does not bind
    pause = staticmethod(time.sleep)

    def __init__(self, clock=time.monotonic):
        self.injected = clock

    def now(self):
        return self.clock()

    @property
    def later(self, wait=time.sleep):
        return None


@dataclasses.dataclass
class Breaker:
    clock: Callable[[], float] = time.monotonic
"""


def test_time_functions_captured_at_import_by_learner_code_are_fake_too(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(captured=CAPTURED_AT_IMPORT)
    pytester.makepyfile(
        """
        import asyncio
        import time

        import captured  # imported at collection, before frozen_clock starts

        REAL = {"monotonic": time.monotonic, "sleep": time.sleep}

        def test_captured(frozen_clock):
            assert captured.waited(30) == 30
            assert frozen_clock.sleeps == [30]
            assert captured.keyword_only() == frozen_clock.monotonic()
            asyncio.run(captured.async_waited(7))
            assert frozen_clock.sleeps == [30, 7]
            assert captured.read_clock() == frozen_clock.monotonic()
            limiter = captured.Limiter()
            assert limiter.now() == limiter.injected() == frozen_clock.monotonic()
            limiter.pause(5)
            assert frozen_clock.sleeps == [30, 7, 5]
            assert captured.Breaker().clock() == frozen_clock.monotonic()
            frozen_clock.advance(2)
            assert captured.Breaker().clock() == limiter.now() == frozen_clock.monotonic()

        def test_all_real_again_after_the_clock_stopped():
            assert captured.waited.__defaults__ == (REAL["monotonic"], REAL["sleep"])
            assert captured.keyword_only.__kwdefaults__ == {"clock": REAL["monotonic"]}
            assert captured.Limiter.__dict__["clock"] is REAL["monotonic"]
            assert captured.Limiter.__dict__["pause"].__func__ is REAL["sleep"]
            assert captured.Limiter.__init__.__defaults__ == (REAL["monotonic"],)
            assert captured.Breaker().clock is REAL["monotonic"]
            assert captured.read_clock.__closure__[0].cell_contents is REAL["monotonic"]
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_libraries_keep_the_time_functions_they_captured(pytester: pytest.Pytester) -> None:
    # Only the code under test is searched: the standard library's own captured defaults
    # (threading, queue, sched...) and installed packages keep the real clock.
    pytester.makepyfile(
        """
        import sched
        import time

        def test_sched_keeps_its_real_timefunc(frozen_clock):
            assert sched.scheduler.__init__.__defaults__[0] is not frozen_clock.monotonic
            assert sched.scheduler.__init__.__defaults__[0] is not time.monotonic
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_nothing_leaks_after_the_test_the_real_functions_are_back_in_time_and_in_learner_modules(
    pytester: pytest.Pytester,
) -> None:
    for name in ("learner_before", "learner_after"):
        pytester.makepyfile(
            **{
                name: """
                from asyncio import sleep as async_sleep
                from datetime import datetime
                from time import monotonic, sleep
                """
            }
        )
    pytester.makepyfile(
        """
        import asyncio
        import datetime
        import time

        import learner_before

        REAL = {"sleep": time.sleep, "monotonic": time.monotonic,
                "datetime": datetime.datetime, "async_sleep": asyncio.sleep}

        def test_uses_the_clock(frozen_clock):
            import learner_after

            for module in (learner_before, learner_after):
                assert module.sleep is time.sleep is not REAL["sleep"]
                assert module.monotonic is time.monotonic is not REAL["monotonic"]
                assert module.async_sleep is asyncio.sleep is not REAL["async_sleep"]
                assert module.datetime is datetime.datetime is not REAL["datetime"]

        def test_after_the_clock_stopped():
            import learner_after

            assert time.sleep is REAL["sleep"] and time.monotonic is REAL["monotonic"]
            assert asyncio.sleep is asyncio.tasks.sleep is REAL["async_sleep"]
            assert datetime.datetime is REAL["datetime"]
            for module in (learner_before, learner_after):
                assert module.sleep is REAL["sleep"]
                assert module.monotonic is REAL["monotonic"]
                assert module.async_sleep is REAL["async_sleep"]
                assert module.datetime is REAL["datetime"]
        """
    )
    run(pytester).assert_outcomes(passed=2)
    # ... and in this process, which ran that session.
    assert time.sleep is REAL["sleep"] and time.monotonic is REAL["monotonic"]
    assert datetime_module.datetime is REAL_DATETIME
    assert asyncio.sleep is REAL_ASYNC_SLEEP


def test_a_reference_that_escapes_the_module_scan_falls_back_to_the_real_function_after_stop() -> (
    None
):
    with FakeClock():
        kept = time.monotonic  # e.g. a default argument or a closure: no scan can see it
        assert kept() == MONOTONIC_BASE
    assert kept() != MONOTONIC_BASE
    assert abs(kept() - REAL["monotonic"]()) < 60


def test_negative_sleep_raises_value_error_and_a_non_number_raises_type_error_like_the_real_one(
    pytester: pytest.Pytester,
) -> None:
    with pytest.raises(ValueError) as real_negative:
        REAL["sleep"](-1)
    with pytest.raises(TypeError) as real_text:
        REAL["sleep"]("x")
    pytester.makepyfile(
        f"""
        import math
        import time

        import pytest

        def test_errors(frozen_clock):
            with pytest.raises(ValueError, match="^{real_negative.value}$"):
                time.sleep(-1)
            with pytest.raises(TypeError, match="^{real_text.value}$"):
                time.sleep("x")
            with pytest.raises(ValueError):
                time.sleep(math.nan)
            time.sleep(0)
            assert frozen_clock.sleeps == [0.0]
            assert frozen_clock.elapsed == 0
        """
    )
    run(pytester).assert_outcomes(passed=1)


# -- no real time ------------------------------------------------------------------------------


def test_a_test_that_fake_sleeps_an_hour_takes_under_a_second_of_real_time(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import time

        REAL = {"perf_counter": time.perf_counter}  # in a dict: kept from the clock's scan

        def test_sleeps_an_hour(frozen_clock):
            started = REAL["perf_counter"]()
            for _ in range(60):
                time.sleep(60)
            assert frozen_clock.elapsed == 3600
            assert REAL["perf_counter"]() - started < 1.0
        """
    )
    result = run_in_subprocess(pytester, "--durations=0", "-vv")
    result.assert_outcomes(passed=1)
    # pytest keeps its own real clock: the reported duration is real, not 3600 s.
    (line,) = [line for line in result.outlines if "call" in line and "test_sleeps_an_hour" in line]
    assert float(line.split("s", 1)[0]) < 1.0


# -- asyncio.sleep -----------------------------------------------------------------------------


def test_asyncio_sleep_returns_at_once_advances_the_clock_records_the_sleep_and_returns_result(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import asyncio
        import inspect
        import time

        REAL = {"perf_counter": time.perf_counter}

        def test_async_sleep(frozen_clock):
            async def main():
                return await asyncio.sleep(600, result="done")

            started = REAL["perf_counter"]()
            assert asyncio.run(asyncio.wait_for(main(), timeout=10)) == "done"
            assert REAL["perf_counter"]() - started < 1.0
            assert frozen_clock.elapsed == 600
            assert frozen_clock.sleeps == [600]
            assert frozen_clock.sleep_calls[0].kind == "async"
            assert inspect.iscoroutinefunction(asyncio.sleep)
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_tasks_wake_in_virtual_time_order_b_sleeping_3_wakes_before_a_sleeping_5(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import asyncio
        import time

        def test_order(frozen_clock):
            woke = []

            async def sleeper(name, seconds):
                await asyncio.sleep(seconds)
                woke.append((name, time.monotonic() - 1000.0))

            async def main():
                task_a = asyncio.create_task(sleeper("A", 5))
                task_b = asyncio.create_task(sleeper("B", 3))  # started after A
                await asyncio.gather(task_a, task_b)

            asyncio.run(asyncio.wait_for(main(), timeout=10))
            assert woke == [("B", 3.0), ("A", 5.0)]
            assert frozen_clock.elapsed == 5  # not 8
            assert frozen_clock.sleeps == [5, 3]  # in call order

        def test_gather_of_bare_sleeps_and_a_second_asyncio_run(frozen_clock):
            async def main():
                return await asyncio.gather(asyncio.sleep(2, "x"), asyncio.sleep(1, "y"))

            assert asyncio.run(asyncio.wait_for(main(), timeout=10)) == ["x", "y"]
            assert frozen_clock.elapsed == 2
            assert asyncio.run(asyncio.wait_for(main(), timeout=10)) == ["x", "y"]
            assert frozen_clock.elapsed == 4
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_a_ticker_task_interleaves_with_a_long_sleeper_in_virtual_time(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import asyncio
        from asyncio import sleep
        from time import monotonic

        def test_ticker(frozen_clock):
            events = []

            async def ticker():
                for _ in range(8):
                    await sleep(1)
                    events.append(("tick", monotonic() - 1000.0))

            async def long_sleeper():
                await asyncio.sleep(5.5)
                events.append(("long", monotonic() - 1000.0))

            async def main():
                await asyncio.gather(ticker(), long_sleeper())

            asyncio.run(asyncio.wait_for(main(), timeout=10))
            ticks = [("tick", float(n)) for n in range(1, 9)]
            assert events == ticks[:5] + [("long", 5.5)] + ticks[5:]
            assert frozen_clock.elapsed == 8
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_a_cancelled_asyncio_sleep_is_dropped_and_does_not_move_the_clock(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import asyncio

        def test_cancel(frozen_clock):
            async def main():
                doomed = asyncio.create_task(asyncio.sleep(100))
                await asyncio.sleep(0)  # let it start sleeping
                doomed.cancel()
                await asyncio.sleep(1)
                try:
                    await doomed
                except asyncio.CancelledError:
                    return "cancelled"

            assert asyncio.run(asyncio.wait_for(main(), timeout=10)) == "cancelled"
            assert frozen_clock.elapsed == 1  # the cancelled 100 s never passed
            assert frozen_clock.sleeps == [0, 100, 1]  # asked, so recorded, in call order
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_negative_asyncio_sleep_counts_as_zero_and_sleep_zero_only_yields_once(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import asyncio

        def test_zero(frozen_clock):
            order = []

            async def other():
                order.append("other")

            async def main():
                task = asyncio.create_task(other())
                assert await asyncio.sleep(-1, result="r") == "r"  # no error, like the real one
                order.append("after sleep(-1)")
                await asyncio.sleep(0)
                await task

            asyncio.run(asyncio.wait_for(main(), timeout=10))
            assert order == ["other", "after sleep(-1)"]
            assert frozen_clock.elapsed == 0
            assert frozen_clock.sleeps == [-1, 0]
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_a_task_busy_waiting_with_sleep_zero_cannot_hang_a_sleeper(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import asyncio

        def test_poll(frozen_clock):
            done = []

            async def sleeper():
                await asyncio.sleep(2)
                done.append(True)

            async def poller():
                while not done:
                    await asyncio.sleep(0)

            async def main():
                await asyncio.gather(sleeper(), poller())

            asyncio.run(asyncio.wait_for(main(), timeout=10))
            assert frozen_clock.elapsed == 2
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_the_event_loop_clock_stays_real_so_asyncio_timeouts_still_fire(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import asyncio

        import pytest

        def test_timeout(frozen_clock):
            async def main():
                never = asyncio.get_running_loop().create_future()
                await asyncio.wait_for(never, timeout=0.05)

            with pytest.raises(asyncio.TimeoutError):
                asyncio.run(main())
            assert frozen_clock.elapsed == 0
        """
    )
    run_in_subprocess(pytester).assert_outcomes(passed=1)


# -- threads, Hypothesis, pytest ---------------------------------------------------------------


def test_threads_sleeping_concurrently_all_advance_the_clock_and_all_sleeps_are_recorded(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import threading
        import time
        from time import sleep

        def test_threads(frozen_clock):
            barrier = threading.Barrier(8)

            def worker():
                barrier.wait()
                for _ in range(100):
                    sleep(0.25)

            threads = [threading.Thread(target=worker) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert len(frozen_clock.sleeps) == 800
            assert frozen_clock.elapsed == 200.0  # every sum of 0.25s is exact
            assert time.monotonic() == 1200.0
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_hypothesis_deadlines_stay_real_while_learner_code_in_a_given_test_sees_fake_time(
    pytester: pytest.Pytester,
) -> None:
    # Hypothesis times each example with time.perf_counter(); if it read the fake clock, an
    # example that fake-sleeps an hour would exceed its deadline.
    pytester.makepyfile(
        learner_wait="""
        import time

        def nap_and_stamp():
            time.sleep(3600)
            return time.monotonic(), time.strftime("%Y")
        """
    )
    pytester.makepyfile(
        """
        from hypothesis import HealthCheck, given, settings, strategies as st

        import learner_wait

        # The clock is shared by every example, so the test reads it relatively.
        @settings(
            max_examples=20,
            deadline=500,
            suppress_health_check=[HealthCheck.function_scoped_fixture],
        )
        @given(st.integers())
        def test_naps(frozen_clock, n):
            before = frozen_clock.monotonic()
            stamp, year = learner_wait.nap_and_stamp()
            assert stamp == before + 3600
            assert year == "2026"
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_stdlib_timeouts_stay_real_while_sleeps_handed_to_threads_are_fake(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import asyncio
        import queue
        import threading
        import time

        import pytest

        def test_timeouts(frozen_clock):
            with pytest.raises(queue.Empty):
                queue.Queue().get(timeout=0.05)  # would never time out on a frozen clock
            assert not threading.Event().wait(0.05)
            thread = threading.Thread(target=time.sleep, args=(30,))
            thread.start()
            thread.join()

            async def main():
                await asyncio.to_thread(time.sleep, 60)

            asyncio.run(asyncio.wait_for(main(), timeout=10))
            assert frozen_clock.sleeps == [30, 60]
        """
    )
    run_in_subprocess(pytester).assert_outcomes(passed=1)


def test_an_async_test_run_by_the_anyio_plugin_can_use_frozen_clock(
    pytester: pytest.Pytester,
) -> None:
    pytest.importorskip("anyio")
    pytester.makepyfile(
        """
        import asyncio

        import pytest

        @pytest.fixture
        def anyio_backend():
            return "asyncio"

        @pytest.mark.anyio
        async def test_async(frozen_clock):
            started = frozen_clock.elapsed
            await asyncio.gather(asyncio.sleep(5), asyncio.sleep(3))
            assert frozen_clock.elapsed - started == 5
        """
    )
    run(pytester).assert_outcomes(passed=1)


class _LoopWithoutReadyQueue:
    """An event loop as the sleepers see it when the loop has no ``_ready`` (uvloop, say)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._real = loop

    def call_soon(self, callback: object, *args: object) -> object:
        return self._real.call_soon(callback, *args)  # type: ignore[arg-type]


def test_on_a_loop_without_a_ready_queue_sleepers_still_wake_in_virtual_time_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pytest_pykata import clock as clock_module

    real_init = clock_module._Sleepers.__init__

    def init(self: object, clock: FakeClock, loop: asyncio.AbstractEventLoop) -> None:
        real_init(self, clock, loop)  # type: ignore[arg-type]
        proxy = _LoopWithoutReadyQueue(loop)
        self._loop = lambda: proxy  # type: ignore[attr-defined]

    monkeypatch.setattr(clock_module._Sleepers, "__init__", init)
    woke: list[tuple[str, float]] = []

    async def sleeper(name: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        woke.append((name, clock.elapsed))

    async def main() -> None:
        await asyncio.gather(sleeper("A", 5), sleeper("B", 3), sleeper("C", 4))

    with FakeClock() as clock:
        asyncio.run(asyncio.wait_for(main(), timeout=10))
    assert woke == [("B", 3.0), ("C", 4.0), ("A", 5.0)]


# -- the clock object --------------------------------------------------------------------------


def test_starting_a_running_clock_again_or_a_second_clock_raises_runtime_error() -> None:
    clock = FakeClock()
    with clock:
        with pytest.raises(RuntimeError, match="already running"):
            clock.start()
        with pytest.raises(RuntimeError, match="another FakeClock"):
            FakeClock().start()
    assert not clock.running
    clock.stop()  # stopping a stopped clock does nothing


def test_advance_rejects_negative_nan_and_non_numbers() -> None:
    clock = FakeClock()
    for bad in (-1, -0.001, float("nan")):
        with pytest.raises(ValueError):
            clock.advance(bad)
    for wrong in ("1", None, True):
        with pytest.raises(TypeError):
            clock.advance(wrong)  # type: ignore[arg-type]
    assert clock.elapsed == 0


def test_reset_records_clears_the_sleeps_but_does_not_rewind_time() -> None:
    with FakeClock() as clock:
        time.sleep(1)
        clock.reset_records()
        assert clock.sleeps == [] and clock.sleep_calls == []
        assert clock.elapsed == 1
        time.sleep(2)
        assert clock.sleeps == [2]


def test_sleep_calls_record_the_kind_the_duration_and_the_monotonic_reading_at_the_start() -> None:
    async def main() -> None:
        await asyncio.sleep(0.5)

    with FakeClock() as clock:
        clock.advance(10)
        time.sleep(1)
        asyncio.run(main())
    assert clock.sleep_calls == [
        SleepCall("sync", 1.0, MONOTONIC_BASE + 10),
        SleepCall("async", 0.5, MONOTONIC_BASE + 11),
    ]
    assert clock.sleeps == [1.0, 0.5]


@pytest.mark.parametrize(
    "start",
    [
        "2030-06-15T12:00:00Z",
        "2030-06-15T14:00:00+02:00",
        datetime_module.datetime(2030, 6, 15, 12),
    ],
)
def test_the_clock_starts_at_the_instant_given_naive_meaning_utc(start: object) -> None:
    with FakeClock(start) as clock:  # type: ignore[arg-type]
        assert datetime_module.datetime.now() == datetime_module.datetime(2030, 6, 15, 12)
        assert time.time() == clock.time() == 1907755200.0  # 2030-06-15T12:00:00Z


def test_the_repr_says_where_the_clock_is_and_whether_it_runs() -> None:
    clock = FakeClock()
    clock.advance(90)
    assert repr(clock) == "<FakeClock 2026-01-01T00:01:30Z elapsed=90.0s sleeps=0 stopped>"


# -- the plugin --------------------------------------------------------------------------------


def test_pytest_fixtures_lists_both_fixtures_with_their_whole_docs(
    pytester: pytest.Pytester,
) -> None:
    result = pytester.runpytest("--fixtures")
    assert result.ret == 0
    result.stdout.fnmatch_lines(
        [
            "frozen_clock -- *fixtures.py:*",
            "    Fake time for this test:*",
            "*from time import sleep*",
            "*frozen_clock.advance(seconds)*",
            "*frozen_clock.sleeps*",
            "*Example:*",
            "*def test_it_backs_off_one_then_two_seconds(frozen_clock, flaky_service):*",
            "*assert frozen_clock.sleeps == [[]1, 2[]]*",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "flaky_service -- *fixtures.py:*",
            "    A factory for a fake dependency*",
            "*pattern=*",
            "*asynchronous=True*",
            "*latency=0.5*",
            "*service.gaps*",
            "*Example:*",
            "*assert service.call_count == 3*",
        ]
    )


def test_the_example_in_the_frozen_clock_docs_passes(pytester: pytest.Pytester) -> None:
    from pytest_pykata.fixtures import frozen_clock

    doc = frozen_clock.__doc__ or ""
    example = doc.split("Example:", 1)[1].split("Full guide", 1)[0]
    pytester.makepyfile(example)
    run(pytester).assert_outcomes(passed=1)


def test_the_fixtures_work_in_a_plain_project_that_does_not_use_kata(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import time

        def test_plain(frozen_clock, flaky_service):
            service = flaky_service(fail=1)
            try:
                service()
            except ConnectionError:
                time.sleep(1)
            assert service() == "ok"
            assert service.gaps == [1.0]
        """
    )
    # A fresh process, so the plugin is loaded from its entry point as a user's run loads it.
    run_in_subprocess(pytester).assert_outcomes(passed=1)


def test_importing_the_plugin_fixtures_imports_no_freezegun_asyncio_or_hypothesis(
    pytester: pytest.Pytester,
) -> None:
    code = (
        "import sys, pytest_pykata.fixtures; "
        "print([m for m in ('freezegun', 'asyncio', 'hypothesis') if m in sys.modules])"
    )
    result = pytester.run(sys.executable, "-c", code, timeout=60)
    assert result.ret == 0
    assert result.outlines[-1] == "[]"
