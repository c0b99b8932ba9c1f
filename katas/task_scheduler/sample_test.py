"""Example tests for the task_scheduler kata: run them with plain `pytest` in this folder.

They show a few concrete cases per level. The hidden specs (`pytest --kata task_scheduler`)
check much more, on many random graphs. Add your own tests here as you go.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from task_scheduler import CycleError, TaskScheduler

TIMEOUT = 5.0  # seconds a parallel test waits before it gives up; a correct run never waits


class Log:
    """Makes task functions that record, in order, every call they get."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def task(self, name: str, value: Any = None) -> Callable[[], Any]:
        def func() -> Any:
            self.calls.append(name)
            return value

        return func

    def failing(self, name: str, times: int, value: Any = None) -> Callable[[], Any]:
        """A task that raises on its first ``times`` calls, then returns ``value``."""

        def func() -> Any:
            self.calls.append(name)
            if self.calls.count(name) <= times:
                raise RuntimeError(f"{name} failed")
            return value

        return func


# Level 1: Order


def test_a_task_runs_after_its_dependencies() -> None:
    log = Log()
    scheduler = TaskScheduler()
    scheduler.add_task("deploy", log.task("deploy"), dependencies=["test", "build"])
    scheduler.add_task("test", log.task("test"), dependencies=["build"])
    scheduler.add_task("build", log.task("build"))

    assert scheduler.run() == {"deploy": "completed", "test": "completed", "build": "completed"}
    assert log.calls == ["build", "test", "deploy"]


def test_the_lowest_priority_number_runs_first() -> None:
    log = Log()
    scheduler = TaskScheduler()
    scheduler.add_task("later", log.task("later"), priority=5)
    scheduler.add_task("first", log.task("first"), priority=-1)
    scheduler.add_task("second", log.task("second"))

    scheduler.run()

    assert log.calls == ["first", "second", "later"]


def test_equal_priorities_run_in_the_order_they_were_added() -> None:
    log = Log()
    scheduler = TaskScheduler()
    for name in ["zeta", "alpha", "mu"]:
        scheduler.add_task(name, log.task(name), priority=1)

    scheduler.run()

    assert log.calls == ["zeta", "alpha", "mu"]


def test_priority_only_chooses_among_the_tasks_that_are_ready() -> None:
    log = Log()
    scheduler = TaskScheduler()
    scheduler.add_task("deploy", log.task("deploy"), dependencies=["test", "build"])
    scheduler.add_task("test", log.task("test"), priority=1, dependencies=["build"])
    scheduler.add_task("lint", log.task("lint"), priority=2)
    scheduler.add_task("build", log.task("build"))

    scheduler.run()

    # lint is ready from the start, but whenever it is, a lower number is ready too.
    assert log.calls == ["build", "test", "deploy", "lint"]


def test_results_hold_what_each_task_returned() -> None:
    log = Log()
    scheduler = TaskScheduler()
    scheduler.add_task("answer", log.task("answer", 42))
    scheduler.add_task("nothing", log.task("nothing"))

    scheduler.run()

    assert scheduler.results == {"answer": 42, "nothing": None}


# Level 2: Bad graphs


def test_a_cycle_raises_before_any_task_runs() -> None:
    log = Log()
    scheduler = TaskScheduler()
    scheduler.add_task("free", log.task("free"))
    scheduler.add_task("egg", log.task("egg"), dependencies=["chicken"])
    scheduler.add_task("chicken", log.task("chicken"), dependencies=["egg"])

    with pytest.raises(CycleError):
        scheduler.run()
    assert log.calls == []


def test_a_task_that_depends_on_itself_is_a_cycle() -> None:
    scheduler = TaskScheduler()
    scheduler.add_task("narcissus", Log().task("narcissus"), dependencies=["narcissus"])

    with pytest.raises(CycleError):
        scheduler.run()


def test_an_unknown_dependency_is_named() -> None:
    log = Log()
    scheduler = TaskScheduler()
    scheduler.add_task("build", log.task("build"), dependencies=["checkout"])

    with pytest.raises(ValueError, match="checkout"):
        scheduler.run()
    assert log.calls == []


def test_an_id_can_be_added_only_once() -> None:
    log = Log()
    scheduler = TaskScheduler()
    scheduler.add_task("build", log.task("first build"))

    with pytest.raises(ValueError):
        scheduler.add_task("build", log.task("second build"))
    assert scheduler.run() == {"build": "completed"}
    assert log.calls == ["first build"]


def test_an_empty_scheduler_has_nothing_to_do() -> None:
    assert TaskScheduler().run() == {}


# Level 3: Failures


def test_a_flaky_task_is_retried_at_once() -> None:
    log = Log()
    scheduler = TaskScheduler()
    scheduler.add_task("flaky", log.failing("flaky", times=2, value="ok"), max_retries=2)
    scheduler.add_task("other", log.task("other"), priority=1)

    assert scheduler.run() == {"flaky": "completed", "other": "completed"}
    assert log.calls == ["flaky", "flaky", "flaky", "other"]
    assert scheduler.results["flaky"] == "ok"


def test_everything_downstream_of_a_failed_task_is_skipped() -> None:
    log = Log()
    scheduler = TaskScheduler()
    scheduler.add_task("build", log.failing("build", times=99), max_retries=1)
    scheduler.add_task("test", log.task("test"), dependencies=["build"])
    scheduler.add_task("deploy", log.task("deploy"), dependencies=["test"])
    scheduler.add_task("lint", log.task("lint", "clean"))

    statuses = scheduler.run()

    assert statuses == {
        "build": "failed",
        "test": "skipped",
        "deploy": "skipped",
        "lint": "completed",
    }
    assert log.calls == ["build", "build", "lint"]
    assert scheduler.results == {"lint": "clean"}


# Level 4: Parallel


def test_two_ready_tasks_run_at_the_same_time() -> None:
    # Each task waits until the other one has started too: that only works in parallel.
    both_started = threading.Barrier(2, timeout=TIMEOUT)
    scheduler = TaskScheduler()
    scheduler.add_task("left", both_started.wait)
    scheduler.add_task("right", both_started.wait)

    assert scheduler.run(workers=2) == {"left": "completed", "right": "completed"}


def test_never_more_tasks_at_once_than_workers() -> None:
    lock = threading.Lock()
    running = 0
    most = 0

    def task() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        with lock:
            running -= 1

    scheduler = TaskScheduler()
    for number in range(8):
        scheduler.add_task(f"task{number}", task)

    assert set(scheduler.run(workers=3).values()) == {"completed"}
    assert most <= 3


def test_workers_must_be_at_least_one() -> None:
    scheduler = TaskScheduler()
    scheduler.add_task("build", Log().task("build"))

    with pytest.raises(ValueError):
        scheduler.run(workers=0)
