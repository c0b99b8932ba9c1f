"""The flaky_service fixture: patterns, records, latency, async, and its clock."""

from __future__ import annotations

import asyncio
import functools
import inspect
import threading
import time

import pytest

from pytest_pykata.clock import FakeClock
from pytest_pykata.flaky import Call, make_service

REAL = {"monotonic": time.monotonic}  # in a dict: a running clock rebinds module-level names


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """A pytest session in this process, tests in file order."""
    return pytester.runpytest("-p", "no:randomly", *args)


def outcomes(service: object, calls: int) -> list[object]:
    """What each of ``calls`` calls did: the value returned or the exception's class."""
    seen: list[object] = []
    for _ in range(calls):
        try:
            seen.append(service())  # type: ignore[operator]
        except Exception as exc:
            seen.append(type(exc))
    return seen


# -- patterns ----------------------------------------------------------------------------------


def test_by_default_it_fails_twice_with_connection_error_then_returns_ok_forever(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import pytest

        def test_default(flaky_service):
            service = flaky_service()
            for _ in range(2):
                with pytest.raises(ConnectionError, match="flaky_service call #"):
                    service()
            assert [service() for _ in range(5)] == ["ok"] * 5
            assert service.call_count == 7
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_fail_exc_and_result_choose_how_many_failures_which_exception_and_what_comes_back() -> None:
    service = make_service(fail=3, exc=TimeoutError, result={"id": 1})
    assert outcomes(service, 5) == [TimeoutError] * 3 + [{"id": 1}] * 2
    assert outcomes(make_service(fail=0), 2) == ["ok", "ok"]


def test_a_letter_pattern_fails_on_f_and_succeeds_on_s_and_its_last_outcome_repeats() -> None:
    service = make_service(pattern="FSF", exc=TimeoutError, result=42)
    assert outcomes(service, 5) == [TimeoutError, 42, TimeoutError, TimeoutError, TimeoutError]
    assert outcomes(make_service(pattern="SF"), 3) == ["ok", ConnectionError, ConnectionError]


def test_a_list_pattern_raises_exception_classes_and_instances_and_returns_other_values() -> None:
    down = ConnectionError("down")
    service = make_service(pattern=[down, "ok", TimeoutError, None, KeyError])
    assert outcomes(service, 6) == [ConnectionError, "ok", TimeoutError, None, KeyError, KeyError]
    assert service.calls[0].outcome is down
    assert isinstance(service.calls[2].outcome, TimeoutError)  # the class, instantiated


def test_each_failure_records_the_exception_object_it_raised_so_identity_can_be_checked() -> None:
    service = make_service(fail=3)
    raised = []
    for _ in range(3):
        with pytest.raises(ConnectionError) as info:
            service()
        raised.append(info.value)
    assert [call.outcome for call in service.calls] == raised
    assert len({id(exc) for exc in raised}) == 3  # a class is instantiated afresh per call
    assert all(call.failed for call in service.calls)


def test_exc_may_be_an_instance_which_is_raised_itself_on_every_failure() -> None:
    boom = TimeoutError("boom")
    service = make_service(fail=2, exc=boom)
    for _ in range(2):
        with pytest.raises(TimeoutError) as info:
            service()
        assert info.value is boom
        # raised again with a fresh traceback, not one that grows with every call
        assert len(list(_walk(info.value.__traceback__))) < 5
    assert service() == "ok"


def _walk(tb: object) -> object:
    while tb is not None:
        yield tb
        tb = tb.tb_next  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"pattern": ""}, ValueError),
        ({"pattern": []}, ValueError),
        ({"pattern": "FXS"}, ValueError),
        ({"fail": -1}, ValueError),
        ({"fail": 1.5}, TypeError),
        ({"fail": 2, "pattern": "FS"}, TypeError),
        ({"exc": "ConnectionError"}, TypeError),
        ({"exc": int}, TypeError),
        ({"latency": -1}, ValueError),
        ({"latency": float("inf")}, ValueError),
        ({"latency": "1"}, TypeError),
    ],
)
def test_bad_arguments_are_rejected_with_the_usual_exception_types(
    kwargs: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error):
        make_service(**kwargs)  # type: ignore[arg-type]


# -- records and the clock ---------------------------------------------------------------------


def test_calls_record_arguments_and_frozen_clock_times_so_back_off_can_be_asserted(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        learner_retry="""
        from time import sleep

        def call_with_retry(func, *args, **kwargs):
            delay = 1.0
            for _ in range(3):
                try:
                    return func(*args, **kwargs)
                except ConnectionError:
                    sleep(delay)
                    delay *= 2
            return func(*args, **kwargs)
        """
    )
    pytester.makepyfile(
        """
        from learner_retry import call_with_retry

        def test_back_off(flaky_service, frozen_clock):
            service = flaky_service(fail=3, result="payload")
            assert call_with_retry(service, "GET", path="/a") == "payload"
            assert service.call_count == 4
            assert service.calls[0].args == ("GET",)
            assert service.calls[0].kwargs == {"path": "/a"}
            assert service.call_times == [1000.0, 1001.0, 1003.0, 1007.0]
            assert service.gaps == [1.0, 2.0, 4.0]
            assert frozen_clock.sleeps == [1.0, 2.0, 4.0]
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_a_service_made_before_frozen_clock_was_set_up_still_uses_it(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.fixture
        def service(flaky_service):
            return flaky_service(fail=1)

        def test_order(service, frozen_clock):
            frozen_clock.advance(5)
            try:
                service()
            except ConnectionError:
                pass
            assert service.call_times == [1005.0]
            assert service.clock is frozen_clock
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_without_a_fake_clock_call_times_are_real_monotonic_readings(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import time

        def test_real(flaky_service):
            service = flaky_service(fail=0)
            before = time.monotonic()
            service()
            service()
            after = time.monotonic()
            assert before <= service.call_times[0] <= service.call_times[1] <= after
            assert service.clock is None
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_a_service_without_its_own_clock_reads_a_fake_clock_running_when_it_is_called() -> None:
    service = make_service(fail=0)
    with FakeClock() as clock:
        clock.advance(2)
        service()
    assert service.call_times == [1002.0]


def test_sync_latency_advances_the_frozen_clock_and_is_not_recorded_as_a_sleep(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import time

        def test_latency(flaky_service, frozen_clock):
            service = flaky_service(fail=0, latency=0.5)
            service()
            time.sleep(1)
            service()
            assert time.monotonic() == 1002.0
            assert service.call_times == [1000.0, 1001.5]
            assert service.gaps == [1.5]
            assert frozen_clock.sleeps == [1]  # latency is the service's time, not a sleep
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_latency_in_a_test_without_frozen_clock_freezes_time_instead_of_waiting(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import time

        REAL = {"perf_counter": time.perf_counter}

        def test_latency(flaky_service, request):
            started = REAL["perf_counter"]()
            service = flaky_service(fail=0, latency=3600)
            assert "frozen_clock" in request.fixturenames  # started for the rest of the test
            service()
            service()
            assert service.gaps == [3600.0]
            assert time.monotonic() == 1000.0 + 7200
            assert REAL["perf_counter"]() - started < 1.0
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_threads_calling_the_service_at_once_are_all_recorded(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import threading

        def test_threads(flaky_service, frozen_clock):
            service = flaky_service(fail=100)
            failures = []
            barrier = threading.Barrier(8)

            def worker():
                barrier.wait()
                for _ in range(50):
                    try:
                        service()
                    except ConnectionError:
                        failures.append(1)

            threads = [threading.Thread(target=worker) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            assert service.call_count == 400
            assert len(failures) == 100  # exactly the first 100 calls failed
        """
    )
    run(pytester).assert_outcomes(passed=1)


# -- async -------------------------------------------------------------------------------------


def test_an_async_service_is_a_coroutine_function_so_code_that_checks_takes_the_async_path(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        learner_wrap="""
        import asyncio
        import functools
        import inspect

        def logged(func):
            if inspect.iscoroutinefunction(func):
                @functools.wraps(func)
                async def wrapper(*args, **kwargs):
                    return ("async", await func(*args, **kwargs))
                return wrapper

            @functools.wraps(func)
            def wrapper(*args, **kwargs):
                return ("sync", func(*args, **kwargs))
            return wrapper
        """
    )
    pytester.makepyfile(
        """
        import asyncio
        import inspect

        import pytest

        from learner_wrap import logged

        def test_async(flaky_service):
            service = flaky_service(fail=1, asynchronous=True)
            assert inspect.iscoroutinefunction(service)
            assert asyncio.iscoroutinefunction(service)
            wrapped = logged(service)
            assert wrapped.__name__ == "flaky_service"
            with pytest.raises(ConnectionError):
                asyncio.run(wrapped(1))
            assert asyncio.run(wrapped(2)) == ("async", "ok")
            assert [call.args for call in service.calls] == [(1,), (2,)]

        def test_sync_is_not(flaky_service):
            service = flaky_service(fail=0)
            assert not inspect.iscoroutinefunction(service)
            assert logged(service)() == ("sync", "ok")
        """
    )
    run(pytester).assert_outcomes(passed=2)


def test_an_async_retry_with_asyncio_sleep_is_recorded_with_its_gaps(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        learner_aretry="""
        from asyncio import sleep

        async def call_with_retry(func):
            for delay in (1, 2):
                try:
                    return await func()
                except TimeoutError:
                    await sleep(delay)
            return await func()
        """
    )
    pytester.makepyfile(
        """
        import asyncio

        from learner_aretry import call_with_retry

        def test_async_back_off(flaky_service, frozen_clock):
            service = flaky_service(pattern="FFS", exc=TimeoutError, asynchronous=True)
            result = asyncio.run(asyncio.wait_for(call_with_retry(service), timeout=10))
            assert result == "ok"
            assert service.gaps == [1.0, 2.0]
            assert frozen_clock.sleeps == [1, 2]
            assert [call.failed for call in service.calls] == [True, True, False]
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_async_latency_runs_in_virtual_time_so_concurrent_calls_overlap(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import asyncio
        import time

        def test_overlap(flaky_service, frozen_clock):
            service = flaky_service(fail=0, asynchronous=True, latency=1.0)
            finished = []

            async def client(name):
                await service(name)
                finished.append((name, time.monotonic()))

            async def ticker():
                for _ in range(3):
                    await asyncio.sleep(0.25)
                    finished.append(("tick", time.monotonic()))

            async def main():
                await asyncio.gather(client("a"), client("b"), ticker())

            asyncio.run(asyncio.wait_for(main(), timeout=10))
            assert finished == [
                ("tick", 1000.25), ("tick", 1000.5), ("tick", 1000.75),
                ("a", 1001.0), ("b", 1001.0),
            ]
            assert frozen_clock.elapsed == 1.0  # both calls took the same second
            assert service.call_times == [1000.0, 1000.0]
            assert frozen_clock.sleeps == [0.25, 0.25, 0.25]
        """
    )
    run(pytester).assert_outcomes(passed=1)


# -- presentation ------------------------------------------------------------------------------


def test_the_repr_shows_the_pattern_latency_and_number_of_calls() -> None:
    service = make_service(fail=2)
    with pytest.raises(ConnectionError):
        service()
    assert repr(service) == (
        "<flaky_service [ConnectionError, ConnectionError, 'ok'] (the last repeats), calls=1>"
    )
    letters = make_service(pattern="FS", asynchronous=True, latency=0.5)
    assert repr(letters) == ("<async flaky_service 'FS' (the last repeats), latency=0.5s, calls=0>")


def test_functools_wraps_copies_a_readable_name_from_the_service() -> None:
    service = make_service(fail=0)

    @functools.wraps(service)
    def wrapper() -> object:
        return service()

    assert wrapper.__name__ == "flaky_service"
    assert wrapper() == "ok"
    assert str(inspect.signature(make_service(asynchronous=True))) == "(*args, **kwargs)"


def test_call_records_compare_by_arguments_and_time() -> None:
    assert Call((1,), {}, 1000.0, "ok") == Call((1,), {}, 1000.0, ValueError())


def test_calls_from_threads_without_a_clock_read_the_real_clock() -> None:
    service = make_service(fail=0)
    threads = [threading.Thread(target=service) for _ in range(4)]
    before = REAL["monotonic"]()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(before <= at <= REAL["monotonic"]() for at in service.call_times)
    assert asyncio.iscoroutinefunction(service) is False
