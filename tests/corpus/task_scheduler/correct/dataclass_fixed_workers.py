# pykata-corpus: correct
# style: TaskScheduler is a @dataclass (so instances are unhashable and compare by value);
#        tasks are order=True dataclasses pushed on a heap; `workers` fixed threads pull
#        attempts from a queue.Queue and report to another, ended by None sentinels; a failed
#        attempt goes straight back to the workers (under workers > 1 another thread may
#        retry it); graphlib used only to detect cycles, translated to our CycleError;
#        __len__/__iter__/__contains__ (an empty scheduler is falsy); statuses in reverse
#        add order; results replaced by a new dict at the end of run()
"""A dataclass-based task scheduler with a fixed crew of worker threads."""

from __future__ import annotations

import graphlib
import heapq
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any


class CycleError(ValueError):
    """The tasks' dependencies form a cycle."""


@dataclass(order=True)
class Task:
    priority: int
    seq: int
    task_id: str = field(compare=False)
    func: Callable[[], Any] = field(compare=False, repr=False)
    deps: tuple[str, ...] = field(compare=False, default=())
    max_retries: int = field(compare=False, default=0)


@dataclass
class TaskScheduler:
    tasks: dict[str, Task] = field(default_factory=dict)
    results: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.tasks)

    def __iter__(self) -> Iterator[str]:
        return iter(self.tasks)

    def __contains__(self, task_id: object) -> bool:
        return task_id in self.tasks

    def add_task(self, task_id, func, priority=0, dependencies=(), max_retries=0) -> None:
        if task_id in self:
            raise ValueError("task already added: " + task_id)
        deps = tuple(dict.fromkeys(dependencies))
        self.tasks[task_id] = Task(priority, len(self.tasks), task_id, func, deps, max_retries)

    def _check_graph(self) -> None:
        for task in self.tasks.values():
            for dep in task.deps:
                if dep not in self.tasks:
                    raise ValueError("unknown dependency " + dep + " of task " + task.task_id)
        sorter = graphlib.TopologicalSorter({t.task_id: t.deps for t in self.tasks.values()})
        try:
            sorter.prepare()
        except graphlib.CycleError as exc:
            raise CycleError(f"cycle: {' -> '.join(exc.args[1])}") from None

    def run(self, workers=1):
        if workers < 1:
            raise ValueError("need at least one worker")
        self._check_graph()
        jobs: queue.Queue[Task | None] = queue.Queue()
        reports: queue.Queue[tuple[Task, bool, Any]] = queue.Queue()

        def crew() -> None:
            while (task := jobs.get()) is not None:
                try:
                    reports.put((task, True, task.func()))
                except Exception as exc:
                    reports.put((task, False, exc))

        threads = [threading.Thread(target=crew, daemon=True) for _ in range(workers)]
        for t in threads:
            t.start()
        blocked = {t.task_id: set(t.deps) for t in self.tasks.values()}
        dependents: dict[str, list[Task]] = {tid: [] for tid in self.tasks}
        for t in self.tasks.values():
            for dep in t.deps:
                dependents[dep].append(t)
        heap = [t for t in self.tasks.values() if not t.deps]
        heapq.heapify(heap)
        outcome: dict[str, str] = {}
        values: dict[str, Any] = {}
        calls: dict[str, int] = {}
        in_flight = 0
        try:
            while heap or in_flight:
                while heap and in_flight < workers:
                    task = heapq.heappop(heap)
                    calls[task.task_id] = 1
                    jobs.put(task)
                    in_flight += 1
                task, ok, value = reports.get()
                if not ok and calls[task.task_id] <= task.max_retries:
                    calls[task.task_id] += 1
                    jobs.put(task)
                    continue
                in_flight -= 1
                if ok:
                    outcome[task.task_id] = "completed"
                    values[task.task_id] = value
                    for user in dependents[task.task_id]:
                        blocked[user.task_id].discard(task.task_id)
                        if not blocked[user.task_id]:
                            heapq.heappush(heap, user)
                else:
                    outcome[task.task_id] = "failed"
        finally:
            for _ in threads:
                jobs.put(None)
        self.results = values
        return {tid: outcome.get(tid, "skipped") for tid in reversed(self.tasks)}
