# pykata-corpus: correct
# style: a caller-thread loop for workers=1, a pool with done-callbacks for workers>1
#        cycles by a breadth-first search from each task back to itself; skips propagated eagerly;
#        results cleared in place; statuses in the order they were decided
"""Task scheduler with a sequential path and a parallel path sharing one bookkeeping class."""

from __future__ import annotations

import heapq
import queue
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

__all__ = ["CycleError", "TaskScheduler"]


class CycleError(ValueError):
    """A task depends, directly or through others, on itself."""


class _Book:
    """The state of one run: who is waiting on whom, what is ready, what happened."""

    def __init__(self, scheduler: TaskScheduler) -> None:
        self.s = scheduler
        self.status: dict[str, str] = {}
        self.waiting = {t: len(deps) for t, deps in scheduler._deps.items()}
        self.children: dict[str, list[str]] = {t: [] for t in scheduler._deps}
        for task_id, deps in scheduler._deps.items():
            for dep in deps:
                self.children[dep].append(task_id)
        self.heap = [scheduler._order_key(t) for t, n in self.waiting.items() if n == 0]
        heapq.heapify(self.heap)

    def pop(self) -> str:
        return heapq.heappop(self.heap)[-1]

    def record(self, task_id: str, ok: bool, value: Any) -> None:
        if not ok:
            self.status[task_id] = "failed"
            self._skip_downstream(task_id)
            return
        self.status[task_id] = "completed"
        self.s.results[task_id] = value
        for child in self.children[task_id]:
            self.waiting[child] -= 1
            if self.waiting[child] == 0:
                heapq.heappush(self.heap, self.s._order_key(child))

    def _skip_downstream(self, task_id: str) -> None:
        stack = list(self.children[task_id])
        while stack:
            child = stack.pop()
            if child not in self.status:
                self.status[child] = "skipped"
                stack.extend(self.children[child])


class TaskScheduler:
    """Run callables by dependency and priority, retrying failures, on 1..n threads."""

    def __init__(self) -> None:
        self.results: dict[str, Any] = {}
        self._funcs: dict[str, Callable[[], Any]] = {}
        self._deps: dict[str, tuple[str, ...]] = {}
        self._prio: dict[str, int] = {}
        self._retries: dict[str, int] = {}
        self._seq: dict[str, int] = {}

    def add_task(
        self,
        task_id: str,
        func: Callable[[], Any],
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> None:
        """Add a task. Raises TypeError for wrong types, ValueError for a reused id."""
        if not isinstance(task_id, str):
            raise TypeError("task_id must be a str")
        if not callable(func):
            raise TypeError("func must be callable")
        if not isinstance(priority, int):
            raise TypeError("priority must be an int")
        if not isinstance(max_retries, int):
            raise TypeError("max_retries must be an int")
        if max_retries < 0:
            raise ValueError("max_retries must not be negative")
        deps = tuple(sorted(set(dependencies)))
        if task_id in self._funcs:
            raise ValueError(f"task id {task_id!r} is taken")
        self._funcs[task_id] = func
        self._deps[task_id] = deps
        self._prio[task_id] = priority
        self._retries[task_id] = max_retries
        self._seq[task_id] = len(self._seq)

    def run(self, workers: int = 1) -> dict[str, str]:
        """Run everything; ``workers=1`` runs on the calling thread."""
        if not isinstance(workers, int):
            raise TypeError("workers must be an int")
        if workers < 1:
            raise ValueError("workers must be positive")
        self._check()
        self.results.clear()
        book = _Book(self)
        if workers == 1:
            while book.heap:
                task_id = book.pop()
                book.record(task_id, *self._attempt(task_id))
        else:
            self._run_parallel(book, workers)
        return book.status

    def _run_parallel(self, book: _Book, workers: int) -> None:
        finished: queue.SimpleQueue[tuple[str, Future[tuple[bool, Any]]]] = queue.SimpleQueue()
        in_flight = 0
        with ThreadPoolExecutor(max_workers=workers) as pool:
            while book.heap or in_flight:
                while book.heap and in_flight < workers:
                    task_id = book.pop()
                    future = pool.submit(self._attempt, task_id)
                    future.add_done_callback(lambda f, t=task_id: finished.put((t, f)))
                    in_flight += 1
                task_id, future = finished.get()
                in_flight -= 1
                book.record(task_id, *future.result())

    def _order_key(self, task_id: str) -> tuple[int, int, str]:
        return (self._prio[task_id], self._seq[task_id], task_id)

    def _attempt(self, task_id: str) -> tuple[bool, Any]:
        attempts_left = self._retries[task_id] + 1
        while attempts_left > 0:
            attempts_left -= 1
            try:
                return True, self._funcs[task_id]()
            except Exception:
                if attempts_left == 0:
                    return False, None
        raise AssertionError("unreachable")

    def _check(self) -> None:
        """Unknown dependencies, then cycles: can any task reach itself through its deps?"""
        for task_id, deps in self._deps.items():
            unknown = [dep for dep in deps if dep not in self._deps]
            if unknown:
                raise ValueError(f"unknown dependency {unknown[0]!r} of task {task_id!r}")
        for task_id, deps in self._deps.items():
            seen: set[str] = set()
            frontier = deque(deps)
            while frontier:
                current = frontier.popleft()
                if current == task_id:
                    raise CycleError(f"task {task_id!r} depends on itself through its dependencies")
                if current not in seen:
                    seen.add(current)
                    frontier.extend(self._deps[current])
