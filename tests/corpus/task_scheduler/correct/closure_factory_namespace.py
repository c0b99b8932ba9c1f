# pykata-corpus: correct
# style: no class at all for the scheduler: TaskScheduler() is a factory function returning a
#        types.SimpleNamespace whose add_task and run are closures over local state (katas.md
#        asks for "TaskScheduler() with add_task, run and results", not for a class); a sorted
#        list of ready keys used as a priority queue (pop(0)); cycles by Kahn on a copy;
#        workers > 1: a thread per attempt-batch reporting through queue.Queue, the caller
#        blocking on it
"""A task scheduler made of closures."""

from __future__ import annotations

import bisect
import queue
import threading
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any


class CycleError(ValueError):
    pass


def TaskScheduler() -> SimpleNamespace:
    """A new scheduler: an object with add_task(), run() and results."""
    tasks: dict[str, tuple[int, int, Callable[[], Any], frozenset[str], int]] = {}
    this = SimpleNamespace(results={})

    def add_task(
        task_id: str,
        func: Callable[[], Any],
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> None:
        if task_id in tasks:
            raise ValueError(f"task id {task_id!r} is already in use")
        tasks[task_id] = (priority, len(tasks), func, frozenset(dependencies), max_retries)

    def check() -> None:
        for tid, (*_, deps, _) in tasks.items():
            for dep in deps:
                if dep not in tasks:
                    raise ValueError(f"{tid!r} depends on {dep!r}, which does not exist")
        count = {tid: len(t[3]) for tid, t in tasks.items()}
        users: dict[str, list[str]] = {tid: [] for tid in tasks}
        for tid, t in tasks.items():
            for dep in t[3]:
                users[dep].append(tid)
        free = [tid for tid, n in count.items() if not n]
        seen = 0
        while free:
            tid = free.pop()
            seen += 1
            for user in users[tid]:
                count[user] -= 1
                if not count[user]:
                    free.append(user)
        if seen != len(tasks):
            raise CycleError("the dependencies have a cycle")

    def call(tid: str) -> tuple[bool, Any]:
        _, _, func, _, retries = tasks[tid]
        for _ in range(retries + 1):
            try:
                return True, func()
            except Exception:
                pass
        return False, None

    def run(workers: int = 1) -> dict[str, str]:
        if workers < 1:
            raise ValueError("at least one worker is needed")
        check()
        results: dict[str, Any] = {}
        this.results = results
        status: dict[str, str] = {}
        count = {tid: len(t[3]) for tid, t in tasks.items()}
        users: dict[str, list[str]] = {tid: [] for tid in tasks}
        for tid, t in tasks.items():
            for dep in t[3]:
                users[dep].append(tid)
        ready = sorted((t[0], t[1], tid) for tid, t in tasks.items() if not count[tid])
        reports: queue.Queue[tuple[str, bool, Any]] = queue.Queue()
        busy = 0

        def worker(tid: str) -> None:
            reports.put((tid, *call(tid)))

        while ready or busy:
            while ready and busy < workers:
                tid = ready.pop(0)[2]
                busy += 1
                if workers == 1:
                    worker(tid)  # no thread needed for one at a time
                else:
                    threading.Thread(target=worker, args=(tid,), daemon=True).start()
            tid, ok, value = reports.get()
            busy -= 1
            status[tid] = "completed" if ok else "failed"
            if ok:
                results[tid] = value
                for user in users[tid]:
                    count[user] -= 1
                    if not count[user]:
                        t = tasks[user]
                        bisect.insort(ready, (t[0], t[1], user))
        return {tid: status.get(tid, "skipped") for tid in tasks}

    this.add_task = add_task
    this.run = run
    return this
