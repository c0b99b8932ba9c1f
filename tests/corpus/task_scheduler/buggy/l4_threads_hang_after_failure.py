# pykata-corpus: buggy level=4
# bug: with workers > 1, a failed task never sets its Event, so its dependents wait for it
#      for ever and run() never returns (a deadlock; workers=1 is a plain loop and is fine)
"""A task scheduler that keeps to what the contract asks, and no more."""

from __future__ import annotations

import heapq
import threading
from collections.abc import Callable, Iterable
from typing import Any


class CycleError(ValueError):
    """The dependencies cannot all be satisfied (a cycle, or a task that does not exist)."""


class TaskScheduler:
    """Tasks with dependencies, priorities and retries."""

    def __init__(self) -> None:
        self.results: dict[str, Any] = {}
        self._tasks: dict[str, tuple[Callable[[], Any], int, Iterable[str], int, int]] = {}

    def add_task(
        self,
        task_id: str,
        func: Callable[[], Any],
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> None:
        if task_id in self._tasks:
            raise ValueError(f"duplicate task {task_id!r}")
        self._tasks[task_id] = (func, priority, dependencies, max_retries, len(self._tasks))

    def _deps(self, task_id: str) -> set[str]:
        return set(self._tasks[task_id][2])

    def run(self, workers: int = 1) -> dict[str, str]:
        if not self._tasks:
            return {}
        if workers < 1:
            raise ValueError("at least one worker is needed")
        self._validate()
        if workers == 1:
            status = self._run_in_order()
        else:
            status = self._run_on_threads(workers)
        return dict(sorted(status.items()))

    def _validate(self) -> None:
        for task_id in self._tasks:
            for dep in self._deps(task_id):
                if dep not in self._tasks:
                    raise CycleError(f"{task_id!r} can never run: {dep!r} is not a task")
        depth: dict[str, int | None] = {}  # None while being computed

        def measure(task_id: str) -> int:
            if task_id in depth:
                known = depth[task_id]
                if known is None:
                    raise CycleError(f"{task_id!r} depends on itself")
                return known
            depth[task_id] = None
            depth[task_id] = 1 + max((measure(d) for d in self._deps(task_id)), default=0)
            return depth[task_id]  # type: ignore[return-value]

        for task_id in self._tasks:
            measure(task_id)

    def _attempt(self, task_id: str) -> tuple[bool, Any]:
        func, _, _, retries, _ = self._tasks[task_id]
        tries = 0
        while True:
            tries += 1
            try:
                return True, func()
            except Exception:
                if tries > retries:
                    return False, None

    def _run_in_order(self) -> dict[str, str]:
        status: dict[str, str] = {}
        left = {task_id: self._deps(task_id) for task_id in self._tasks}
        heap = [self._key(t) for t, deps in left.items() if not deps]
        heapq.heapify(heap)
        while heap:
            task_id = heapq.heappop(heap)[2]
            ok, value = self._attempt(task_id)
            if not ok:
                status[task_id] = "failed"
                continue
            status[task_id] = "completed"
            self.results[task_id] = value
            for other, deps in left.items():
                if task_id in deps:
                    deps.discard(task_id)
                    if not deps:
                        heapq.heappush(heap, self._key(other))
        return {task_id: status.get(task_id, "skipped") for task_id in self._tasks}

    def _key(self, task_id: str) -> tuple[int, int, str]:
        _, priority, _, _, index = self._tasks[task_id]
        return (priority, index, task_id)

    def _run_on_threads(self, workers: int) -> dict[str, str]:
        slots = threading.Semaphore(workers)
        finished = {task_id: threading.Event() for task_id in self._tasks}
        status: dict[str, str] = {}
        lock = threading.Lock()

        def body(task_id: str) -> None:
            deps = self._deps(task_id)
            for dep in deps:
                finished[dep].wait()
            if all(status[dep] == "completed" for dep in deps):
                with slots:
                    ok, value = self._attempt(task_id)
                with lock:
                    status[task_id] = "completed" if ok else "failed"
                    if ok:
                        self.results[task_id] = value
                if not ok:
                    return  # nothing left to announce: the dependents wait for ever
            else:
                status[task_id] = "skipped"
            finished[task_id].set()

        threads = [threading.Thread(target=body, args=(t,), daemon=True) for t in self._tasks]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return status
