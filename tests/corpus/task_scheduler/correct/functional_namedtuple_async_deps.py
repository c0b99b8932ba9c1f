# pykata-corpus: correct
# style: module-level pure functions over an immutable tuple of NamedTuples (add_task
#        rebuilds the tuple); one stable sort by priority up front, then each step rescans it
#        for the first task whose dependencies are done; cycles by a recursive walk carrying
#        its path, memoising acyclic tasks; workers > 1: one asyncio coroutine per task that
#        awaits its dependencies' futures, then an asyncio.Semaphore, then asyncio.to_thread
#        on a default executor sized to `workers`. Cycles are checked before unknown ids;
#        the unknown id is named in ValueError args, not in one formatted string
"""A functional-style task scheduler."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, NamedTuple


class CycleError(ValueError):
    pass


class Task(NamedTuple):
    id: str
    func: Callable[[], Any]
    priority: int
    deps: frozenset[str]
    retries: int


def find_cycle(tasks: tuple[Task, ...]) -> list[str] | None:
    deps = {t.id: t.deps for t in tasks}
    clean: set[str] = set()

    def walk(tid: str, path: tuple[str, ...]) -> list[str] | None:
        if tid in path:
            return [*path[path.index(tid) :], tid]
        if tid in clean or tid not in deps:
            return None
        for dep in deps[tid]:
            found = walk(dep, (*path, tid))
            if found:
                return found
        clean.add(tid)
        return None

    for t in tasks:
        found = walk(t.id, ())
        if found:
            return found
    return None


def find_unknown(tasks: tuple[Task, ...]) -> tuple[str, str] | None:
    ids = {t.id for t in tasks}
    for t in tasks:
        for dep in t.deps:
            if dep not in ids:
                return t.id, dep
    return None


def attempt(task: Task) -> tuple[bool, Any]:
    for _ in range(task.retries + 1):
        try:
            return True, task.func()
        except Exception:
            pass
    return False, None


def run_in_order(tasks: tuple[Task, ...]) -> tuple[dict[str, str], dict[str, Any]]:
    by_priority = sorted(tasks, key=lambda t: t.priority)  # stable: ties keep add order
    status: dict[str, str] = {}
    results: dict[str, Any] = {}
    while True:
        nxt = next(
            (
                t
                for t in by_priority
                if t.id not in status and all(status.get(d) == "completed" for d in t.deps)
            ),
            None,
        )
        if nxt is None:
            break
        ok, value = attempt(nxt)
        status[nxt.id] = "completed" if ok else "failed"
        if ok:
            results[nxt.id] = value
    return {t.id: status.get(t.id, "skipped") for t in tasks}, results


async def run_concurrently(
    tasks: tuple[Task, ...], workers: int
) -> tuple[dict[str, str], dict[str, Any]]:
    asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(workers))
    slots = asyncio.Semaphore(workers)
    done: dict[str, asyncio.Future[bool]] = {
        t.id: asyncio.get_running_loop().create_future() for t in tasks
    }
    status: dict[str, str] = {}
    results: dict[str, Any] = {}

    async def one(task: Task) -> None:
        oks = [await done[d] for d in task.deps]
        if not all(oks):
            status[task.id] = "skipped"
            done[task.id].set_result(False)
            return
        async with slots:
            ok, value = await asyncio.to_thread(attempt, task)
        status[task.id] = "completed" if ok else "failed"
        if ok:
            results[task.id] = value
        done[task.id].set_result(ok)

    await asyncio.gather(*(one(t) for t in tasks))
    return {t.id: status[t.id] for t in tasks}, results


class TaskScheduler:
    def __init__(self) -> None:
        self._tasks: tuple[Task, ...] = ()
        self.results: dict[str, Any] = {}

    def add_task(
        self,
        task_id: str,
        func: Callable[[], Any],
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> None:
        if any(t.id == task_id for t in self._tasks):
            raise ValueError("duplicate task id", task_id)
        task = Task(task_id, func, priority, frozenset(dependencies), max_retries)
        self._tasks = (*self._tasks, task)

    def run(self, workers: int = 1) -> dict[str, str]:
        if workers < 1:
            raise ValueError("workers must be at least 1", workers)
        cycle = find_cycle(self._tasks)
        if cycle:
            raise CycleError("dependency cycle", cycle)
        unknown = find_unknown(self._tasks)
        if unknown:
            raise ValueError("unknown dependency", *unknown)
        if workers == 1:
            statuses, self.results = run_in_order(self._tasks)
        else:
            statuses, self.results = asyncio.run(run_concurrently(self._tasks, workers))
        return statuses
