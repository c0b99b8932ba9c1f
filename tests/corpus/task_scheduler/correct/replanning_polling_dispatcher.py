# pykata-corpus: correct
# style: one worker: plan the whole remaining order as if every task will succeed (a
#        simulation), run only its first task, and plan again after every task; workers > 1:
#        a dispatcher that polls its futures' done() every 2 ms with time.sleep (no blocking
#        wait primitive); cycles by repeatedly deleting tasks without dependencies (on a
#        copy); run(workers=None) means one worker; dict subclasses for the statuses and
#        results; extra public attributes attempts and errors
"""A re-planning task scheduler."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any


class CycleError(ValueError):
    pass


class Statuses(dict):
    """{task_id: status} with a couple of conveniences."""

    def ids(self, status: str) -> list[str]:
        return [tid for tid, s in self.items() if s == status]


class Results(dict):
    pass


class TaskScheduler:
    def __init__(self) -> None:
        self.results = Results()
        self.attempts: dict[str, int] = {}
        self.errors: dict[str, BaseException] = {}
        self._tasks: dict[str, dict[str, Any]] = {}

    def add_task(
        self,
        task_id: str,
        func: Callable[[], Any],
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> None:
        if task_id in self._tasks:
            raise ValueError(f"duplicate task: {task_id}")
        self._tasks[task_id] = {
            "func": func,
            "priority": priority,
            "deps": list(dict.fromkeys(dependencies)),
            "retries": max_retries,
            "index": len(self._tasks),
        }

    def _check(self) -> None:
        for tid, task in self._tasks.items():
            bad = [d for d in task["deps"] if d not in self._tasks]
            if bad:
                raise ValueError(f"task {tid} depends on missing task(s) {', '.join(bad)}")
        left = {tid: set(task["deps"]) for tid, task in self._tasks.items()}
        while left:
            free = [tid for tid, deps in left.items() if not deps]
            if not free:
                raise CycleError(f"cycle among {sorted(left)}")
            for tid in free:
                del left[tid]
            for deps in left.values():
                deps.difference_update(free)

    def _plan(self, done: set[str], gone: set[str]) -> list[str]:
        """The order the remaining tasks would run in if all of them succeeded."""
        plan: list[str] = []
        finished = set(done)
        todo = [t for t in self._tasks if t not in done and t not in gone]
        while True:
            ready = [
                t
                for t in todo
                if t not in plan and all(d in finished for d in self._tasks[t]["deps"])
            ]
            if not ready:
                return plan
            best = min(ready, key=lambda t: (self._tasks[t]["priority"], self._tasks[t]["index"]))
            plan.append(best)
            finished.add(best)

    def _call(self, tid: str) -> tuple[bool, Any]:
        task = self._tasks[tid]
        for n in range(1, task["retries"] + 2):
            self.attempts[tid] = n
            try:
                return True, task["func"]()
            except Exception as exc:
                self.errors[tid] = exc
        return False, None

    def run(self, workers: int | None = None) -> Statuses:
        workers = 1 if workers is None else workers
        if workers < 1:
            raise ValueError("workers must be 1 or more")
        self._check()
        self.results = Results()
        self.attempts.clear()
        self.errors.clear()
        statuses = Statuses()
        if workers == 1:
            while plan := self._plan(
                {t for t, s in statuses.items() if s == "completed"}, set(statuses)
            ):
                tid = plan[0]
                ok, value = self._call(tid)
                statuses[tid] = "completed" if ok else "failed"
                if ok:
                    self.results[tid] = value
        else:
            self._parallel(workers, statuses)
        for tid in self._tasks:
            statuses.setdefault(tid, "skipped")
        return statuses

    def _parallel(self, workers: int, statuses: Statuses) -> None:
        running = {}
        with ThreadPoolExecutor(workers) as pool:
            while True:
                completed = {t for t, s in statuses.items() if s == "completed"}
                for tid in self._tasks:
                    if len(running) >= workers:
                        break
                    if (
                        tid not in statuses
                        and tid not in running.values()
                        and all(d in completed for d in self._tasks[tid]["deps"])
                    ):
                        running[pool.submit(self._call, tid)] = tid
                if not running:
                    return
                time.sleep(0.002)
                for future in [f for f in running if f.done()]:
                    tid = running.pop(future)
                    ok, value = future.result()
                    statuses[tid] = "completed" if ok else "failed"
                    if ok:
                        self.results[tid] = value
