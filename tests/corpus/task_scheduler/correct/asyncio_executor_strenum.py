# pykata-corpus: correct
# style: an asyncio dispatcher (asyncio.wait FIRST_COMPLETED over run_in_executor futures on
#        a per-run ThreadPoolExecutor) for every worker count; Tarjan SCC for cycles.
#        StrEnum statuses; CycleError subclasses graphlib.CycleError; the unknown-dependency
#        error is also a KeyError (str() is its repr); run(*, workers) keyword-only; results
#        is a read-only property returning a copy; add order from a module-wide counter;
#        add_task returns the scheduler (chaining)
"""Task scheduler driven by an asyncio event loop, tasks running on executor threads."""

from __future__ import annotations

import asyncio
import enum
import graphlib
import heapq
import itertools
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

__all__ = ["CycleError", "Status", "TaskScheduler"]

_sequence = itertools.count()  # add order across every scheduler: only the order matters


class CycleError(graphlib.CycleError):
    """A dependency cycle (graphlib's own is a ValueError, so this is one too)."""


class UnknownDependencyError(KeyError, ValueError):
    """A dependency names a task that was never added."""


class DuplicateTaskError(ValueError):
    """A task id was added twice."""


class Status(enum.StrEnum):
    COMPLETED = "completed"
    FAILED = "failed"
    SKIPPED = "skipped"


class TaskScheduler:
    def __init__(self) -> None:
        self._tasks: dict[str, tuple[Callable[[], Any], int, frozenset[str], int, int]] = {}
        self._results: dict[str, Any] = {}

    @property
    def results(self) -> dict[str, Any]:
        return dict(self._results)

    def add_task(
        self,
        task_id: str,
        func: Callable[[], Any],
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> TaskScheduler:
        if task_id in self._tasks:
            raise DuplicateTaskError(f"duplicate task id {task_id!r}")
        deps = frozenset(dependencies)
        self._tasks[task_id] = (func, priority, deps, max_retries, next(_sequence))
        return self

    # -- checks ----------------------------------------------------------------------------

    def _check(self) -> None:
        for tid, (_, _, deps, _, _) in self._tasks.items():
            for dep in sorted(deps):
                if dep not in self._tasks:
                    raise UnknownDependencyError(f"task {tid!r} depends on unknown task {dep!r}")
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        stack: list[str] = []
        on_stack: set[str] = set()
        counter = itertools.count()

        def strongconnect(v: str) -> None:
            index[v] = low[v] = next(counter)
            stack.append(v)
            on_stack.add(v)
            for w in self._tasks[v][2]:
                if w not in index:
                    strongconnect(w)
                    low[v] = min(low[v], low[w])
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
            if low[v] == index[v]:
                component = []
                while True:
                    w = stack.pop()
                    on_stack.discard(w)
                    component.append(w)
                    if w == v:
                        break
                if len(component) > 1 or v in self._tasks[v][2]:
                    raise CycleError("nodes are in a cycle", component)

        for v in self._tasks:
            if v not in index:
                strongconnect(v)

    # -- running ---------------------------------------------------------------------------

    def run(self, *, workers: int = 1) -> dict[str, Status]:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self._check()
        self._results = {}
        if not self._tasks:
            return {}
        return asyncio.run(self._dispatch(workers))

    def _attempts(self, tid: str) -> tuple[bool, Any]:
        func, _, _, retries, _ = self._tasks[tid]
        for _ in range(retries + 1):
            try:
                return True, func()
            except Exception:
                continue
        return False, None

    async def _dispatch(self, workers: int) -> dict[str, Status]:
        loop = asyncio.get_running_loop()
        missing = {tid: len(spec[2]) for tid, spec in self._tasks.items()}
        users: dict[str, list[str]] = {tid: [] for tid in self._tasks}
        for tid, spec in self._tasks.items():
            for dep in spec[2]:
                users[dep].append(tid)
        ready = [(s[1], s[4], tid) for tid, s in self._tasks.items() if not missing[tid]]
        heapq.heapify(ready)
        statuses: dict[str, Status] = {}
        running: dict[asyncio.Future[tuple[bool, Any]], str] = {}
        with ThreadPoolExecutor(max_workers=workers) as pool:
            while ready or running:
                while ready and len(running) < workers:
                    tid = heapq.heappop(ready)[2]
                    running[loop.run_in_executor(pool, self._attempts, tid)] = tid
                done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for fut in done:
                    tid = running.pop(fut)
                    ok, value = fut.result()
                    if not ok:
                        statuses[tid] = Status.FAILED
                        continue
                    statuses[tid] = Status.COMPLETED
                    self._results[tid] = value
                    for user in users[tid]:
                        missing[user] -= 1
                        if not missing[user]:
                            spec = self._tasks[user]
                            heapq.heappush(ready, (spec[1], spec[4], user))
        return {tid: statuses.get(tid, Status.SKIPPED) for tid in self._tasks}
