# pykata-corpus: correct
# style: graphlib.TopologicalSorter + priority heap, a hand-made thread per task
#        graphlib's own CycleError re-exported; threads report back through a queue;
#        statuses in completion order
"""Task scheduler on top of ``graphlib.TopologicalSorter``.

The sorter tracks which tasks are ready; this module only decides which of the ready ones
goes next (lowest priority number, then first added) and runs them on plain threads, at most
``workers`` alive at once. A task that fails is never reported ``done()`` to the sorter, so
everything downstream of it simply never becomes ready and ends up skipped.
"""

from __future__ import annotations

import heapq
import queue
import threading
from collections.abc import Callable, Iterable
from graphlib import CycleError, TopologicalSorter
from typing import Any, NamedTuple

__all__ = ["CycleError", "TaskScheduler"]


class _Task(NamedTuple):
    func: Callable[[], Any]
    priority: int
    dependencies: frozenset[str]
    max_retries: int
    index: int


class _Report(NamedTuple):
    task_id: str
    ok: bool
    value: Any
    crash: BaseException | None = None


class TaskScheduler:
    """Run tasks in dependency order, lowest priority number first, on up to n threads."""

    def __init__(self) -> None:
        self.results: dict[str, Any] = {}
        self._tasks: dict[str, _Task] = {}

    def add_task(
        self,
        task_id: str,
        func: Callable[[], Any],
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> None:
        """Register ``func`` under ``task_id``; it runs after all of ``dependencies``."""
        if not isinstance(task_id, str):
            raise TypeError("task_id must be a str")
        if not callable(func):
            raise TypeError("func must be callable")
        if not isinstance(priority, int):
            raise TypeError("priority must be an int")
        if not isinstance(max_retries, int):
            raise TypeError("max_retries must be an int")
        if max_retries < 0:
            raise ValueError("max_retries cannot be negative")
        if isinstance(dependencies, str):
            raise TypeError("dependencies must be an iterable of task ids, not a str")
        deps = frozenset(dependencies)
        if task_id in self._tasks:
            raise ValueError(f"duplicate task id {task_id!r}")
        self._tasks[task_id] = _Task(func, priority, deps, max_retries, len(self._tasks))

    def run(self, workers: int = 1) -> dict[str, str]:
        """Run all tasks; return ``{task_id: "completed" | "failed" | "skipped"}``."""
        if not isinstance(workers, int):
            raise TypeError("workers must be an int")
        if workers < 1:
            raise ValueError("workers must be at least 1")
        for task_id, task in self._tasks.items():
            unknown = sorted(task.dependencies - self._tasks.keys())
            if unknown:
                raise ValueError(f"task {task_id!r} depends on unknown task(s) {unknown}")
        sorter = TopologicalSorter({tid: task.dependencies for tid, task in self._tasks.items()})
        sorter.prepare()  # raises graphlib.CycleError before anything runs

        self.results = {}
        statuses: dict[str, str] = {}
        ready: list[tuple[int, int, str]] = []
        reports: queue.SimpleQueue[_Report] = queue.SimpleQueue()
        threads: list[threading.Thread] = []

        def collect_ready() -> None:
            for tid in sorter.get_ready():
                task = self._tasks[tid]
                heapq.heappush(ready, (task.priority, task.index, tid))

        collect_ready()
        alive = 0
        while ready or alive:
            while ready and alive < workers:
                tid = heapq.heappop(ready)[2]
                thread = threading.Thread(
                    target=self._work, args=(tid, reports), name=f"task-{tid}", daemon=True
                )
                thread.start()
                threads.append(thread)
                alive += 1
            report = reports.get()
            alive -= 1
            if report.crash is not None:
                raise report.crash
            if report.ok:
                statuses[report.task_id] = "completed"
                self.results[report.task_id] = report.value
                sorter.done(report.task_id)
                collect_ready()
            else:
                statuses[report.task_id] = "failed"
        for thread in threads:
            thread.join()
        for tid in self._tasks:
            statuses.setdefault(tid, "skipped")
        return statuses

    def _work(self, task_id: str, reports: queue.SimpleQueue[_Report]) -> None:
        """Thread body: call the task (with its retries) and report how it went."""
        task = self._tasks[task_id]
        try:
            for _ in range(task.max_retries + 1):
                try:
                    value = task.func()
                except Exception:
                    continue
                reports.put(_Report(task_id, True, value))
                return
            reports.put(_Report(task_id, False, None))
        except BaseException as exc:  # KeyboardInterrupt and friends: stop the whole run
            reports.put(_Report(task_id, False, None, exc))
