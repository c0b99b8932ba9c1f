"""Reference solution of the task_scheduler kata.

A ``TaskScheduler`` holds tasks (a callable each) with priorities and dependencies and runs
them all in dependency order:

- whenever several tasks are ready, the lowest ``priority`` number runs first, ties in the
  order of ``add_task`` (a heap keyed by ``(priority, insertion index)``);
- the graph is checked before anything runs: an unknown dependency raises ``ValueError``, a
  cycle (a task depending on itself included) raises ``CycleError``;
- a task that raises is retried at once, up to ``max_retries`` more times; if it still fails
  it is ``"failed"`` and every task downstream of it is ``"skipped"`` and never called;
- ``run(workers=n)`` runs up to ``n`` tasks at once on a thread pool.

One dispatcher loop serves every worker count: it hands the best ready tasks to the pool
while a worker is free, then waits for the first one to finish. With one worker that is
exactly the sequential order; with more, a freed worker picks up the best ready task at once.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

__all__ = ["CycleError", "TaskScheduler"]

logger = logging.getLogger(__name__)

COMPLETED = "completed"
FAILED = "failed"
SKIPPED = "skipped"


class CycleError(ValueError):
    """The dependency graph has a cycle (a task that depends on itself included)."""


@dataclass(frozen=True)
class _Task:
    """One task as added: everything ``run`` needs to schedule and call it."""

    task_id: str
    func: Callable[[], Any]
    priority: int
    dependencies: tuple[str, ...]
    max_retries: int
    index: int

    @property
    def key(self) -> tuple[int, int]:
        """The order among ready tasks: lowest priority number, then first added."""
        return (self.priority, self.index)


@dataclass(frozen=True)
class _Outcome:
    """What calling a task (with its retries) came to."""

    ok: bool
    value: Any = None


class TaskScheduler:
    """Run tasks in dependency order, by priority, with retries, on one or more threads.

    ``results`` maps the id of every task that completed in the last ``run`` to the value its
    function returned; failed and skipped tasks have no entry.
    """

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
        """Add a task; ``run`` calls ``func()`` once every task in ``dependencies`` completed.

        Dependencies may name tasks that are added later: the graph is checked by ``run``.
        A dependency named twice counts once. A rejected call leaves the scheduler unchanged.

        Raises:
            TypeError: ``task_id`` is not a str, ``func`` is not callable, ``priority`` or
                ``max_retries`` is not an int, or ``dependencies`` is a str or not iterable.
            ValueError: ``task_id`` was already added, or ``max_retries`` is negative.
        """
        if not isinstance(task_id, str):
            raise TypeError(f"task_id must be a str, not {type(task_id).__name__}")
        if not callable(func):
            raise TypeError(f"func of task {task_id!r} must be callable, not {func!r}")
        if not isinstance(priority, int):
            raise TypeError(f"priority must be an int, not {type(priority).__name__}")
        if not isinstance(max_retries, int):
            raise TypeError(f"max_retries must be an int, not {type(max_retries).__name__}")
        if max_retries < 0:
            raise ValueError(f"max_retries must be 0 or more, not {max_retries}")
        if isinstance(dependencies, str):
            raise TypeError(
                f"dependencies of task {task_id!r} must be an iterable of task ids, "
                f"not the single str {dependencies!r}"
            )
        # A snapshot, in first-seen order and without repeats: later changes to the
        # caller's list do not reach the scheduler.
        deps = tuple(dict.fromkeys(dependencies))
        if task_id in self._tasks:
            raise ValueError(f"task {task_id!r} was already added")
        self._tasks[task_id] = _Task(
            task_id=task_id,
            func=func,
            priority=priority,
            dependencies=deps,
            max_retries=max_retries,
            index=len(self._tasks),
        )

    def run(self, workers: int = 1) -> dict[str, str]:
        """Run every task and return ``{task_id: "completed" | "failed" | "skipped"}``.

        Up to ``workers`` tasks run at once. The graph is checked before any task is called.
        A task's own exception never escapes: the task is retried, then marked failed.

        Raises:
            TypeError: ``workers`` is not an int.
            ValueError: ``workers`` is less than 1, or a task depends on an unknown task.
            CycleError: the dependencies form a cycle.
        """
        if not isinstance(workers, int):
            raise TypeError(f"workers must be an int, not {type(workers).__name__}")
        if workers < 1:
            raise ValueError(f"workers must be 1 or more, not {workers}")
        self._check_graph()
        self.results = {}
        if not self._tasks:
            return {}

        statuses: dict[str, str] = {}
        waiting = {task.task_id: len(task.dependencies) for task in self._tasks.values()}
        dependents: dict[str, list[_Task]] = {task_id: [] for task_id in self._tasks}
        for task in self._tasks.values():
            for dep in task.dependencies:
                dependents[dep].append(task)
        ready = [(task.key, task.task_id) for task in self._tasks.values() if not task.dependencies]
        heapq.heapify(ready)

        running: dict[Future[_Outcome], _Task] = {}
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="task") as pool:
            while ready or running:
                while ready and len(running) < workers:
                    task = self._tasks[heapq.heappop(ready)[1]]
                    running[pool.submit(self._call, task)] = task
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    task = running.pop(future)
                    outcome = future.result()
                    if not outcome.ok:
                        statuses[task.task_id] = FAILED
                        continue
                    statuses[task.task_id] = COMPLETED
                    self.results[task.task_id] = outcome.value
                    for child in dependents[task.task_id]:
                        waiting[child.task_id] -= 1
                        if waiting[child.task_id] == 0:
                            heapq.heappush(ready, (child.key, child.task_id))
        # The graph has no cycle, so a task that never became ready waits, directly or
        # through other such tasks, on a task that failed.
        return {task_id: statuses.get(task_id, SKIPPED) for task_id in self._tasks}

    @staticmethod
    def _call(task: _Task) -> _Outcome:
        """Call the task's function, retrying at once on an exception, at most retries+1 times."""
        attempts = task.max_retries + 1
        for attempt in range(1, attempts + 1):
            try:
                return _Outcome(ok=True, value=task.func())
            except Exception as exc:
                if attempt == attempts:
                    logger.warning(
                        "task %r failed after %d attempt(s): %r", task.task_id, attempts, exc
                    )
                else:
                    logger.debug("task %r failed attempt %d: %r", task.task_id, attempt, exc)
        return _Outcome(ok=False)

    def _check_graph(self) -> None:
        """Raise ValueError for an unknown dependency, CycleError for a cycle."""
        for task in self._tasks.values():
            for dep in task.dependencies:
                if dep not in self._tasks:
                    raise ValueError(f"task {task.task_id!r} depends on unknown task {dep!r}")
        cycle = self._find_cycle()
        if cycle is not None:
            path = " -> ".join(repr(task_id) for task_id in cycle)
            raise CycleError(f"tasks depend on each other in a cycle: {path}")

    def _find_cycle(self) -> list[str] | None:
        """One cycle of the graph as ``[a, b, ..., a]`` (each depends on the next), or None.

        A depth-first search with an explicit stack (no recursion limit on long chains):
        meeting a task that is still on the current path closes a cycle.
        """
        on_path: dict[str, int] = {}  # task id -> position on the current path
        finished: set[str] = set()
        for root in self._tasks:
            if root in finished:
                continue
            path = [root]
            on_path[root] = 0
            stack = [iter(self._tasks[root].dependencies)]
            while stack:
                dep = next(stack[-1], None)
                if dep is None:
                    stack.pop()
                    done = path.pop()
                    del on_path[done]
                    finished.add(done)
                elif dep in on_path:
                    return [*path[on_path[dep] :], dep]
                elif dep not in finished:
                    on_path[dep] = len(path)
                    path.append(dep)
                    stack.append(iter(self._tasks[dep].dependencies))
        return None
