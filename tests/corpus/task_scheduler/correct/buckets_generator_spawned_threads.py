# pykata-corpus: correct
# style: the graph bookkeeping (dependents, in-degrees) is built incrementally in add_task,
#        forward references parked until their task arrives; priority buckets (a dict of
#        per-priority heaps of add indices); the one-worker order is a generator fed each
#        outcome with send(); workers > 1 spawn a fresh threading.Thread per task under a
#        Condition-guarded counter; recursive three-state DFS; progress print()ed to stdout;
#        add_task returns the task id
"""Task scheduler with incremental bookkeeping and priority buckets."""

from __future__ import annotations

import heapq
import threading
from collections import defaultdict
from collections.abc import Callable, Generator, Iterable
from typing import Any


class CycleError(ValueError):
    """Raised when the tasks' dependencies loop back on themselves."""


class _Buckets:
    """Ready tasks: one heap of add indices per priority."""

    def __init__(self) -> None:
        self._by_priority: dict[int, list[int]] = defaultdict(list)

    def put(self, priority: int, index: int) -> None:
        heapq.heappush(self._by_priority[priority], index)

    def take(self) -> int:
        best = min(p for p, heap in self._by_priority.items() if heap)
        return heapq.heappop(self._by_priority[best])

    def __bool__(self) -> bool:
        return any(self._by_priority.values())


class TaskScheduler:
    def __init__(self) -> None:
        self.results: dict[str, Any] = {}
        self._ids: list[str] = []
        self._where: dict[str, int] = {}
        self._funcs: list[Callable[[], Any]] = []
        self._priority: list[int] = []
        self._retries: list[int] = []
        self._deps: list[frozenset[str]] = []
        self._dependents: dict[str, list[str]] = defaultdict(list)  # may name unknown ids

    def add_task(
        self,
        task_id: str,
        func: Callable[[], Any],
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> str:
        if task_id in self._where:
            raise ValueError(f"{task_id!r} is already a task")
        deps = frozenset(dependencies)
        self._where[task_id] = len(self._ids)
        self._ids.append(task_id)
        self._funcs.append(func)
        self._priority.append(priority)
        self._retries.append(max_retries)
        self._deps.append(deps)
        for dep in deps:
            self._dependents[dep].append(task_id)
        return task_id

    def _validate(self) -> None:
        for dep, users in self._dependents.items():
            if dep not in self._where:
                raise ValueError(f"{users[0]!r} needs {dep!r}, which was never added")
        state: dict[str, str] = {}

        def visit(tid: str) -> None:
            state[tid] = "open"
            for dep in self._deps[self._where[tid]]:
                if state.get(dep) == "open":
                    raise CycleError(f"{tid!r} depends on {dep!r}, which leads back to it")
                if dep not in state:
                    visit(dep)
            state[tid] = "closed"

        for tid in self._ids:
            if tid not in state:
                visit(tid)

    def _attempt(self, i: int) -> tuple[bool, Any]:
        for _ in range(self._retries[i] + 1):
            try:
                return True, self._funcs[i]()
            except Exception as exc:
                print(f"task {self._ids[i]!r} raised {exc!r}")
        return False, None

    def _order(self) -> Generator[int, bool, None]:
        """Yields the index of the next task to run; send() True if it completed."""
        missing = [len(d) for d in self._deps]
        ready = _Buckets()
        for i, count in enumerate(missing):
            if not count:
                ready.put(self._priority[i], i)
        while ready:
            i = ready.take()
            if (yield i):
                for user in self._dependents.get(self._ids[i], ()):
                    j = self._where[user]
                    missing[j] -= 1
                    if not missing[j]:
                        ready.put(self._priority[j], j)

    def run(self, workers: int = 1) -> dict[str, str]:
        if workers < 1:
            raise ValueError("workers < 1")
        self._validate()
        self.results = {}
        statuses = dict.fromkeys(self._ids, "skipped")
        if workers == 1:
            plan = self._order()
            outcome = None
            try:
                while True:
                    i = plan.send(outcome)
                    ok, value = self._attempt(i)
                    self._record(i, ok, value, statuses)
                    outcome = ok
            except StopIteration:
                pass
            return statuses
        return self._parallel(workers, statuses)

    def _record(self, i: int, ok: bool, value: Any, statuses: dict[str, str]) -> None:
        tid = self._ids[i]
        if ok:
            statuses[tid] = "completed"
            self.results[tid] = value
        else:
            statuses[tid] = "failed"
        print(f"task {tid!r}: {statuses[tid]}")

    def _parallel(self, workers: int, statuses: dict[str, str]) -> dict[str, str]:
        cond = threading.Condition()
        missing = [len(d) for d in self._deps]
        ready = _Buckets()
        for i, count in enumerate(missing):
            if not count:
                ready.put(self._priority[i], i)
        active = 0

        def body(i: int) -> None:
            nonlocal active
            ok, value = self._attempt(i)
            with cond:
                self._record(i, ok, value, statuses)
                if ok:
                    for user in self._dependents.get(self._ids[i], ()):
                        j = self._where[user]
                        missing[j] -= 1
                        if not missing[j]:
                            ready.put(self._priority[j], j)
                active -= 1
                cond.notify()

        with cond:
            while True:
                while ready and active < workers:
                    active += 1
                    threading.Thread(target=body, args=(ready.take(),)).start()
                if not active:
                    break
                cond.wait()
        return statuses
