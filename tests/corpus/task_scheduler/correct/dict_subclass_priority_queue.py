# pykata-corpus: correct
# style: TaskScheduler *is* a dict (task id -> task record), so it is unhashable and an
#        empty one is falsy; `workers` threads (one for workers=1, the caller only waits)
#        share a queue.PriorityQueue of ready tasks keyed (priority, add index); the worker
#        that completes a task queues its newly ready dependents itself before taking the
#        next; +inf sentinels end the run. Cycles found by following, from every task, its
#        first unfinished dependency (a "chase" that must reach a finished task). Every
#        BaseException of a task is caught and counts as a failure (KeyboardInterrupt too).
"""A task scheduler that is a mapping of its tasks."""

from __future__ import annotations

import math
import queue
import threading
from types import SimpleNamespace
from typing import Any


class CycleError(ValueError):
    """The dependencies of some tasks form a loop."""


class TaskScheduler(dict):
    def __init__(self) -> None:
        super().__init__()
        self.results: dict[str, Any] = {}

    def add_task(self, task_id, func, priority=0, dependencies=(), max_retries=0):
        if task_id in self:
            raise ValueError(f"{task_id} is taken")
        self[task_id] = SimpleNamespace(
            func=func,
            priority=priority,
            deps=set(dependencies),
            retries=max_retries,
            index=len(self),
        )

    def _validate(self) -> None:
        for tid, task in self.items():
            for dep in task.deps:
                if dep not in self:
                    raise ValueError(f"{tid} depends on {dep}, which is not a task")
        settled: set[str] = set()
        for start in self:
            if start in settled:
                continue
            path = [start]
            while path:
                current = path[-1]
                pending = [d for d in self[current].deps if d not in settled]
                if not pending:
                    settled.add(path.pop())
                elif pending[0] in path:
                    raise CycleError(f"cycle: {[*path[path.index(pending[0]) :], pending[0]]}")
                else:
                    path.append(pending[0])

    def run(self, workers=1):
        if workers < 1:
            raise ValueError(f"workers={workers}: must be 1 or more")
        self._validate()
        self.results = {}
        status = {tid: "skipped" for tid in self}
        blocked = {tid: len(task.deps) for tid, task in self.items()}
        users: dict[str, list[str]] = {tid: [] for tid in self}
        for tid, task in self.items():
            for dep in task.deps:
                users[dep].append(tid)
        lock = threading.Lock()
        ready: queue.PriorityQueue[tuple[float, int, str]] = queue.PriorityQueue()
        outstanding = 0
        for tid, task in self.items():
            if not task.deps:
                ready.put((task.priority, task.index, tid))
                outstanding += 1
        if not outstanding:
            return status

        def worker() -> None:
            nonlocal outstanding
            while True:
                priority, _, tid = ready.get()
                if priority == math.inf:
                    return
                task = self[tid]
                ok, value = False, None
                for _ in range(task.retries + 1):
                    try:
                        ok, value = True, task.func()
                        break
                    except BaseException:
                        continue
                with lock:
                    if ok:
                        status[tid] = "completed"
                        self.results[tid] = value
                        for user in users[tid]:
                            blocked[user] -= 1
                            if not blocked[user]:
                                ready.put((self[user].priority, self[user].index, user))
                                outstanding += 1
                    else:
                        status[tid] = "failed"
                    outstanding -= 1
                    if not outstanding:
                        for _ in range(workers):
                            ready.put((math.inf, 0, ""))

        crew = [threading.Thread(target=worker, name=f"task-worker-{i}") for i in range(workers)]
        for thread in crew:
            thread.start()
        for thread in crew:
            thread.join()
        return status
