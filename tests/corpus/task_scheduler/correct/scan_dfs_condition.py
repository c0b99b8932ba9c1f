# pykata-corpus: correct
# style: O(n^2) scan for the best ready task, recursive DFS, peer threads on a Condition
#        cycles checked before unknown dependencies; the calling thread is one of the workers,
#        so workers=1 runs everything on it
"""A task scheduler written the plain way: scan, pick, run, repeat.

Every worker, the calling thread included, loops: under the lock, find the best ready task
(lowest priority number, then first added) by scanning the pending ones, claim it, run it
outside the lock, then record the outcome and wake the others. A worker stops when nothing
is ready and nothing is running, because then nothing can ever become ready again.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["CycleError", "TaskScheduler"]


class CycleError(ValueError):
    """Some tasks depend on each other in a circle."""


@dataclass
class _Task:
    task_id: str
    func: Callable[[], Any]
    priority: int
    dependencies: list[str]
    max_retries: int


class TaskScheduler:
    """Tasks with dependencies, priorities and retries, run by one or more workers."""

    def __init__(self) -> None:
        self.results: dict[str, Any] = {}
        self._tasks: list[_Task] = []  # in add order, which is the tie-break
        self._ids: set[str] = set()

    def add_task(
        self,
        task_id: str,
        func: Callable[[], Any],
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> None:
        """Add a task; it will run after every task named in ``dependencies`` completed."""
        if not isinstance(task_id, str):
            raise TypeError(f"task id must be a str, got {task_id!r}")
        if task_id in self._ids:
            raise ValueError(f"there is already a task {task_id!r}")
        if not callable(func):
            raise TypeError(f"task {task_id!r}: func is not callable")
        if not isinstance(priority, int):
            raise TypeError(f"task {task_id!r}: priority must be an int")
        if not isinstance(max_retries, int):
            raise TypeError(f"task {task_id!r}: max_retries must be an int")
        if max_retries < 0:
            raise ValueError(f"task {task_id!r}: max_retries must not be negative")
        deps: list[str] = []
        for dep in dependencies:
            if dep not in deps:
                deps.append(dep)
        self._tasks.append(_Task(task_id, func, priority, deps, max_retries))
        self._ids.add(task_id)

    def run(self, workers: int = 1) -> dict[str, str]:
        """Run the tasks with up to ``workers`` at once; return each one's status."""
        if not isinstance(workers, int):
            raise TypeError("workers must be an int")
        if workers < 1:
            raise ValueError("need at least one worker")
        self._check_cycles()
        for task in self._tasks:
            for dep in task.dependencies:
                if dep not in self._ids:
                    raise ValueError(f"{task.task_id!r} needs {dep!r}, which is not a task")

        self.results = {}
        self._status: dict[str, str] = {}
        self._pending = list(self._tasks)
        self._running = 0
        self._crash: BaseException | None = None
        self._cond = threading.Condition()

        helpers = [
            threading.Thread(target=self._worker, name=f"worker-{n}", daemon=True)
            for n in range(1, workers)
        ]
        for helper in helpers:
            helper.start()
        self._worker()
        for helper in helpers:
            helper.join()
        if self._crash is not None:
            raise self._crash
        for task in self._pending:
            self._status[task.task_id] = "skipped"
        return {task.task_id: self._status[task.task_id] for task in self._tasks}

    def _worker(self) -> None:
        """Claim the best ready task, run it, record it; until nothing more can run."""
        while True:
            with self._cond:
                while True:
                    if self._crash is not None:
                        return
                    task = self._best_ready()
                    if task is not None:
                        break
                    if self._running == 0:
                        self._cond.notify_all()
                        return
                    self._cond.wait()
                self._pending.remove(task)
                self._running += 1
            try:
                ok, value = self._attempt(task)
            except BaseException as exc:  # not a task failure: stop everybody
                with self._cond:
                    self._crash = exc
                    self._running -= 1
                    self._cond.notify_all()
                return
            with self._cond:
                self._running -= 1
                if ok:
                    self._status[task.task_id] = "completed"
                    self.results[task.task_id] = value
                else:
                    self._status[task.task_id] = "failed"
                self._cond.notify_all()

    def _best_ready(self) -> _Task | None:
        """The pending task to run next, or None; the caller holds the lock."""
        best = None
        for task in self._pending:  # add order, so the first of equal priority wins
            if all(self._status.get(dep) == "completed" for dep in task.dependencies) and (
                best is None or task.priority < best.priority
            ):
                best = task
        return best

    @staticmethod
    def _attempt(task: _Task) -> tuple[bool, Any]:
        tries = task.max_retries + 1
        while tries:
            tries -= 1
            try:
                return True, task.func()
            except Exception:
                pass
        return False, None

    def _check_cycles(self) -> None:
        """Depth-first search; reaching a grey (in progress) task again means a cycle."""
        deps = {task.task_id: task.dependencies for task in self._tasks}
        colour: dict[str, str] = {}

        def visit(task_id: str, path: list[str]) -> None:
            colour[task_id] = "grey"
            for dep in deps.get(task_id, ()):  # unknown ids are reported after this
                if colour.get(dep) == "grey":
                    cycle = [*path[path.index(dep) :], dep]
                    raise CycleError("dependency cycle: " + " -> ".join(cycle))
                if dep in deps and dep not in colour:
                    visit(dep, [*path, dep])
            colour[task_id] = "black"

        for task_id in deps:
            if task_id not in colour:
                visit(task_id, [task_id])
