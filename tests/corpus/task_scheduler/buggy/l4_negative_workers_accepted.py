# pykata-corpus: buggy level=4
# bug: only workers == 0 is rejected; a negative count runs like workers=1
"""Task scheduler: dependency order, priorities, retries, a thread pool."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any


class CycleError(ValueError):
    """The task graph has a cycle."""


class TaskScheduler:
    """Runs tasks in dependency order, lowest priority number first."""

    def __init__(self) -> None:
        self.results: dict[str, Any] = {}
        self._funcs: dict[str, Callable[[], Any]] = {}
        self._priority: dict[str, int] = {}
        self._deps: dict[str, tuple[str, ...]] = {}
        self._retries: dict[str, int] = {}
        self._index: dict[str, int] = {}

    def add_task(
        self,
        task_id: str,
        func: Callable[[], Any],
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> None:
        """Add a task that runs once all of ``dependencies`` completed."""
        if not isinstance(task_id, str):
            raise TypeError(f"task_id must be a str, not {type(task_id).__name__}")
        if not callable(func):
            raise TypeError("func must be callable")
        if not isinstance(priority, int):
            raise TypeError("priority must be an int")
        if not isinstance(max_retries, int):
            raise TypeError("max_retries must be an int")
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        deps = tuple(dict.fromkeys(dependencies))
        if task_id in self._funcs:
            raise ValueError(f"task {task_id!r} already added")
        self._index[task_id] = len(self._index)
        self._funcs[task_id] = func
        self._priority[task_id] = priority
        self._deps[task_id] = deps
        self._retries[task_id] = max_retries

    def run(self, workers: int = 1) -> dict[str, str]:
        """Run every task; return each task's status."""
        if not isinstance(workers, int):
            raise TypeError("workers must be an int")
        if workers == 0:
            raise ValueError("workers must not be 0")
        workers = max(workers, 1)
        self._check_graph()
        self.results = {}
        status: dict[str, str] = {}
        waiting = {task_id: len(deps) for task_id, deps in self._deps.items()}
        dependents: dict[str, list[str]] = {task_id: [] for task_id in self._deps}
        for task_id, deps in self._deps.items():
            for dep in deps:
                dependents[dep].append(task_id)
        ready = [self._key(task_id) for task_id, count in waiting.items() if count == 0]
        heapq.heapify(ready)
        running: dict[Future[tuple[bool, Any]], str] = {}
        with ThreadPoolExecutor(max_workers=workers) as pool:
            while ready or running:
                while ready and len(running) < workers:
                    task_id = heapq.heappop(ready)[-1]
                    running[pool.submit(self._call, task_id)] = task_id
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    task_id = running.pop(future)
                    ok, value = future.result()
                    if not ok:
                        status[task_id] = "failed"
                        continue
                    status[task_id] = "completed"
                    self.results[task_id] = value
                    for child in dependents[task_id]:
                        waiting[child] -= 1
                        if waiting[child] == 0:
                            heapq.heappush(ready, self._key(child))
        # Whatever never became ready sits behind a failed task.
        for task_id in self._deps:
            status.setdefault(task_id, "skipped")
        return status

    def _key(self, task_id: str) -> tuple[int, int, str]:
        return (self._priority[task_id], self._index[task_id], task_id)

    def _call(self, task_id: str) -> tuple[bool, Any]:
        """Call the task, retrying at once; (True, value) or (False, None)."""
        for _ in range(self._retries[task_id] + 1):
            try:
                return True, self._funcs[task_id]()
            except Exception:
                continue
        return False, None

    def _check_graph(self) -> None:
        for task_id, deps in self._deps.items():
            for dep in deps:
                if dep not in self._deps:
                    raise ValueError(f"task {task_id!r} depends on unknown task {dep!r}")
        # Kahn's algorithm on paper: whatever cannot be peeled off is on or behind a cycle.
        waiting = {task_id: len(deps) for task_id, deps in self._deps.items()}
        dependents: dict[str, list[str]] = {task_id: [] for task_id in self._deps}
        for task_id, deps in self._deps.items():
            for dep in deps:
                dependents[dep].append(task_id)
        free = [task_id for task_id, count in waiting.items() if count == 0]
        peeled = 0
        while free:
            task_id = free.pop()
            peeled += 1
            for child in dependents[task_id]:
                waiting[child] -= 1
                if waiting[child] == 0:
                    free.append(child)
        if peeled < len(self._deps):
            stuck = sorted(task_id for task_id, count in waiting.items() if count > 0)
            raise CycleError(f"tasks on or behind a dependency cycle: {stuck}")
