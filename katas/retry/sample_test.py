"""Example tests for your retry.py: run them with ``pytest test_retry.py``, and add your own.

They are a starting point, not the judge: ``pytest --kata retry`` runs the hidden specs, level
by level. Two pykata fixtures keep them fast: ``frozen_clock`` makes ``time.sleep`` and
``asyncio.sleep`` return at once and records every wait in ``frozen_clock.sleeps``;
``flaky_service(fail=n, exc=..., result=...)`` builds a function that fails ``n`` times, then
returns ``result``. Use ``frozen_clock`` in every test that may back off, or it sleeps for real.
"""

from __future__ import annotations

import asyncio
import inspect

import pytest
from retry import retry

# Level 1: Try again


def test_it_returns_the_result_once_the_service_recovers(frozen_clock, flaky_service):
    service = flaky_service(fail=2, exc=ConnectionError, result="ok")
    assert retry(max_attempts=3)(service)() == "ok"
    assert service.call_count == 3


def test_it_reraises_the_last_exception_itself(frozen_clock):
    raised = []

    def always_down():
        error = ConnectionError(f"attempt {len(raised) + 1}")
        raised.append(error)
        raise error

    with pytest.raises(ConnectionError) as excinfo:
        retry(max_attempts=4)(always_down)()
    assert len(raised) == 4  # max_attempts counts calls, not retries
    assert excinfo.value is raised[-1]  # the very object, not a copy or a new exception


def test_other_exceptions_propagate_at_once(frozen_clock, flaky_service):
    service = flaky_service(fail=5, exc=KeyError)
    with pytest.raises(KeyError):
        retry(max_attempts=3, exceptions=(ConnectionError,))(service)()
    assert service.call_count == 1


def test_it_passes_the_same_arguments_every_time(frozen_clock):
    seen = []

    def add(a, b, *, scale=1):
        seen.append((a, b, scale))
        if len(seen) < 2:
            raise TimeoutError
        return (a + b) * scale

    assert retry()(add)(1, 2, scale=10) == 30
    assert seen == [(1, 2, 10), (1, 2, 10)]


def test_it_keeps_the_function_metadata():
    def fetch_profile(user_id):
        """Fetch a user's profile."""

    wrapped = retry(max_attempts=2)(fetch_profile)
    assert wrapped.__name__ == "fetch_profile"
    assert wrapped.__doc__ == "Fetch a user's profile."
    assert wrapped.__wrapped__ is fetch_profile


def test_every_call_gets_all_its_attempts(frozen_clock):
    outcomes = iter([ConnectionError(), ConnectionError(), "first", ConnectionError(), "second"])

    def fetch():
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    call = retry(max_attempts=3)(fetch)
    assert call() == "first"
    assert call() == "second"  # the second call starts from attempt 1 again


# Level 2: Back off


def test_the_delay_doubles_after_each_failure(frozen_clock, flaky_service):
    service = flaky_service(fail=3, exc=ConnectionError, result="ok")
    retry(max_attempts=4, initial_delay=1.0, exponential_base=2.0, jitter=False)(service)()
    assert frozen_clock.sleeps == pytest.approx([1.0, 2.0, 4.0])
    assert service.gaps == pytest.approx([1.0, 2.0, 4.0])


def test_no_delay_is_longer_than_max_delay(frozen_clock, flaky_service):
    service = flaky_service(fail=5, exc=ConnectionError, result="ok")
    retry(max_attempts=6, initial_delay=1.0, max_delay=5.0, jitter=False)(service)()
    assert frozen_clock.sleeps == pytest.approx([1.0, 2.0, 4.0, 5.0, 5.0])


def test_it_never_sleeps_after_the_last_attempt(frozen_clock, flaky_service):
    service = flaky_service(fail=10, exc=ConnectionError)
    with pytest.raises(ConnectionError):
        retry(max_attempts=3, jitter=False)(service)()
    assert frozen_clock.sleeps == pytest.approx([1.0, 2.0])


# Level 3: Jitter and hooks


def test_jitter_stays_between_zero_and_the_capped_delay(frozen_clock, flaky_service):
    service = flaky_service(fail=5, exc=ConnectionError, result="ok")
    retry(max_attempts=6, initial_delay=1.0, max_delay=5.0)(service)()
    caps = [1.0, 2.0, 4.0, 5.0, 5.0]
    assert len(frozen_clock.sleeps) == len(caps)
    for delay, cap in zip(frozen_clock.sleeps, caps, strict=True):
        assert 0 <= delay <= cap


def test_jitter_is_random_over_the_whole_range(frozen_clock, flaky_service):
    service = flaky_service(fail=100, exc=ConnectionError, result="ok")
    retry(max_attempts=101, initial_delay=1.0, max_delay=1.0)(service)()
    delays = frozen_clock.sleeps
    assert len(set(delays)) > 90  # not the same few values over and over
    assert min(delays) < 0.25 and max(delays) > 0.75  # spread over all of [0, 1]


def test_on_retry_hears_about_every_failure_that_is_retried(frozen_clock):
    raised, heard = [], []

    def always_down():
        raised.append(TimeoutError(f"attempt {len(raised) + 1}"))
        raise raised[-1]

    hooked = retry(
        max_attempts=3, on_retry=lambda exception, attempt: heard.append((exception, attempt))
    )
    with pytest.raises(TimeoutError):
        hooked(always_down)()
    assert [attempt for _, attempt in heard] == [1, 2]  # not for the final failure
    assert heard[0][0] is raised[0]
    assert heard[1][0] is raised[1]


@pytest.mark.parametrize(
    ("settings", "error"),
    [
        ({"max_attempts": 0}, ValueError),
        ({"initial_delay": -1.0}, ValueError),
        ({"initial_delay": 5.0, "max_delay": 1.0}, ValueError),
        ({"exponential_base": 0.5}, ValueError),
        ({"exceptions": [ConnectionError]}, TypeError),
        ({"exceptions": "ConnectionError"}, TypeError),
    ],
)
def test_bad_settings_are_refused_when_the_decorator_is_created(settings, error):
    # When retry(...) is called or when it decorates: both are "creating the decorator".
    with pytest.raises(error):
        retry(**settings)(lambda: None)


# Level 4: Async


def test_an_async_function_is_retried_with_asyncio_sleep(frozen_clock, flaky_service):
    service = flaky_service(fail=2, exc=ConnectionError, result="ok", asynchronous=True)
    call = retry(max_attempts=3, jitter=False)(service)
    assert inspect.iscoroutinefunction(call)
    assert asyncio.run(call()) == "ok"
    assert service.call_count == 3
    assert frozen_clock.sleeps == pytest.approx([1.0, 2.0])


def test_other_tasks_run_during_the_back_off(frozen_clock):
    log = []

    async def fetch():
        log.append("attempt")
        if log.count("attempt") == 1:
            raise ConnectionError
        return "ok"

    async def other_task():
        log.append("other task")

    async def main():
        other = asyncio.create_task(other_task())
        result = await retry(max_attempts=2, jitter=False)(fetch)()
        await other
        return result

    assert asyncio.run(main()) == "ok"
    assert log == ["attempt", "other task", "attempt"]  # it ran while retry slept
