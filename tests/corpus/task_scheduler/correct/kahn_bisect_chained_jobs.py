# pykata-corpus: correct
# style: Kahn with a bisect-sorted ready list, event-driven pool jobs chaining the next
#        cycles by a dry run of Kahn naming the stuck tasks; statuses keyed in id order;
#        a second run() raises RuntimeError
"""Event-driven task scheduler on a ``ThreadPoolExecutor``.

Nobody polls: ``run`` starts the first jobs and waits. Each job calls its task (retrying at
once), then, under the scheduler's lock, records the outcome, makes the tasks it unblocked
ready, and starts as many ready tasks as there are free workers, best first. The last job
to finish, when nothing is ready, wakes ``run`` up.
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

__all__ = ["CycleError", "TaskScheduler"]


class CycleError(ValueError):
    """The dependencies cannot be ordered: they go round in a cycle."""


class TaskScheduler:
    """Schedules callables by dependency and priority; runs them once, with retries."""

    def __init__(self) -> None:
        self.results: dict[str, Any] = {}
        self._func: dict[str, Callable[[], Any]] = {}
        self._rank: dict[str, tuple[int, int]] = {}  # (priority, add index): lower goes first
        self._needs: dict[str, set[str]] = {}
        self._retries: dict[str, int] = {}
        self._has_run = False

    def add_task(
        self,
        task_id: str,
        func: Callable[[], Any],
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> None:
        """Add a task with its priority, dependencies and number of retries."""
        checks = (
            (isinstance(task_id, str), "task_id must be a str"),
            (callable(func), "func must be callable"),
            (isinstance(priority, int), "priority must be an int"),
            (isinstance(max_retries, int), "max_retries must be an int"),
        )
        for ok, message in checks:
            if not ok:
                raise TypeError(message)
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        needs = set(dependencies)
        if task_id in self._func:
            raise ValueError(f"{task_id!r} is already a task")
        self._rank[task_id] = (priority, len(self._rank))
        self._func[task_id] = func
        self._needs[task_id] = needs
        self._retries[task_id] = max_retries

    def run(self, workers: int = 1) -> dict[str, str]:
        """Run every task once; return ``{task_id: status}``."""
        if not isinstance(workers, int):
            raise TypeError("workers must be an int")
        if workers < 1:
            raise ValueError("workers must be >= 1")
        if self._has_run:
            raise RuntimeError("a TaskScheduler runs once; create a new one")
        self._validate()
        self._has_run = True
        self.results = {}
        if not self._func:
            return {}

        self._lock = threading.Lock()
        self._settled = threading.Event()
        self._status: dict[str, str] = {}
        self._missing = {task_id: len(needs) for task_id, needs in self._needs.items()}
        self._users: dict[str, list[str]] = {task_id: [] for task_id in self._needs}
        for task_id, needs in self._needs.items():
            for dep in needs:
                self._users[dep].append(task_id)
        self._ready = sorted((self._rank[t], t) for t, n in self._missing.items() if n == 0)
        self._busy = 0
        self._workers = workers
        self._crash: BaseException | None = None

        with ThreadPoolExecutor(max_workers=workers) as self._pool:
            with self._lock:
                self._dispatch()
            self._settled.wait()
        if self._crash is not None:
            raise self._crash
        return {t: self._status.get(t, "skipped") for t in sorted(self._func)}

    def _dispatch(self) -> None:
        """Start the best ready tasks while workers are free; caller holds the lock."""
        while self._ready and self._busy < self._workers:
            _, task_id = self._ready.pop(0)
            self._busy += 1
            self._pool.submit(self._job, task_id)
        if self._busy == 0:
            self._settled.set()

    def _job(self, task_id: str) -> None:
        try:
            ok, value = self._attempt(task_id)
        except BaseException as exc:  # not a task failure: abort the run
            with self._lock:
                self._crash = exc
                self._settled.set()
            return
        with self._lock:
            self._busy -= 1
            if ok:
                self._status[task_id] = "completed"
                self.results[task_id] = value
                for user in self._users[task_id]:
                    self._missing[user] -= 1
                    if self._missing[user] == 0:
                        bisect.insort(self._ready, (self._rank[user], user))
            else:
                self._status[task_id] = "failed"
            if self._crash is None:
                self._dispatch()

    def _attempt(self, task_id: str) -> tuple[bool, Any]:
        func = self._func[task_id]
        for _ in range(1 + self._retries[task_id]):
            try:
                return True, func()
            except Exception:
                continue
        return False, None

    def _validate(self) -> None:
        """Unknown dependencies first, then a dry run of Kahn's algorithm for cycles."""
        for task_id, needs in self._needs.items():
            for dep in sorted(needs - self._func.keys()):
                raise ValueError(f"task {task_id!r} depends on {dep!r}, which was never added")
        missing = {task_id: len(needs) for task_id, needs in self._needs.items()}
        free = [task_id for task_id, n in missing.items() if n == 0]
        while free:
            done = free.pop()
            for task_id, needs in self._needs.items():
                if done in needs:
                    missing[task_id] -= 1
                    if missing[task_id] == 0:
                        free.append(task_id)
        stuck = sorted(task_id for task_id, n in missing.items() if n > 0)
        if stuck:
            raise CycleError(f"these tasks are on or behind a dependency cycle: {stuck}")
