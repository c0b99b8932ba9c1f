# pykata-corpus: correct
# style: multiprocessing.pool.ThreadPool with apply_async callbacks feeding a SimpleQueue;
#        one attempt per job, a failed attempt resubmitted by the dispatcher (so under
#        workers > 1 a retry may land on another thread); cycles by a Warshall transitive
#        closure on int bitmasks; the best ready task found with min() over a set.
#        add_task options keyword-only; results exists only once run() started; every
#        unknown id listed in one message; statuses ordered by (priority, add order)
"""Task scheduler on ``multiprocessing.pool.ThreadPool``."""

from __future__ import annotations

import queue
from collections import OrderedDict
from collections.abc import Callable, Iterable
from multiprocessing.pool import ThreadPool
from typing import Any


class CycleError(ValueError):
    pass


class TaskScheduler:
    results: dict[str, Any]

    def __init__(self) -> None:
        self._ids: list[str] = []
        self._func: dict[str, Callable[[], Any]] = {}
        self._prio: dict[str, int] = {}
        self._deps: dict[str, set[str]] = {}
        self._retries: dict[str, int] = {}

    def add_task(
        self,
        task_id: str,
        func: Callable[[], Any],
        *,
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> None:
        if not isinstance(task_id, str):
            raise TypeError("task_id must be a str")
        if not callable(func):
            raise TypeError("func must be callable")
        if task_id in self._func:
            raise ValueError(f"a task {task_id!r} already exists")
        deps = set(dependencies)
        self._ids.append(task_id)
        self._func[task_id] = func
        self._prio[task_id] = priority
        self._deps[task_id] = deps
        self._retries[task_id] = max_retries

    def _validate(self) -> None:
        unknown = sorted({d for deps in self._deps.values() for d in deps} - set(self._ids))
        if unknown:
            raise ValueError(f"unknown dependencies: {unknown}")
        bit = {tid: 1 << i for i, tid in enumerate(self._ids)}
        reach = {tid: 0 for tid in self._ids}
        for tid, deps in self._deps.items():
            for d in deps:
                reach[tid] |= bit[d]
        for k in self._ids:  # Warshall: reach[i] gets everything k reaches if i reaches k
            for i in self._ids:
                if reach[i] & bit[k]:
                    reach[i] |= reach[k]
        looped = [tid for tid in self._ids if reach[tid] & bit[tid]]
        if looped:
            raise CycleError(f"these tasks are on a cycle: {', '.join(looped)}")

    def _key(self, tid: str) -> tuple[int, int]:
        return (self._prio[tid], self._ids.index(tid))

    def run(self, workers: int = 1) -> dict[str, str]:
        if not isinstance(workers, int):
            raise TypeError("workers must be an int")
        if workers < 1:
            raise ValueError("workers must be >= 1")
        self._validate()
        self.results = {}
        left = {tid: set(deps) for tid, deps in self._deps.items()}
        ready = {tid for tid, deps in left.items() if not deps}
        tries: dict[str, int] = {}
        status: dict[str, str] = {}
        inbox: queue.SimpleQueue[tuple[str, bool, Any]] = queue.SimpleQueue()
        busy = 0
        with ThreadPool(workers) as pool:

            def submit(tid: str) -> None:
                tries[tid] = tries.get(tid, 0) + 1
                pool.apply_async(
                    self._func[tid],
                    callback=lambda value, tid=tid: inbox.put((tid, True, value)),
                    error_callback=lambda exc, tid=tid: inbox.put((tid, False, exc)),
                )

            while ready or busy:
                while ready and busy < workers:
                    best = min(ready, key=self._key)
                    ready.discard(best)
                    submit(best)
                    busy += 1
                tid, ok, value = inbox.get()
                if not ok and tries[tid] <= self._retries[tid]:
                    submit(tid)  # again at once, keeping its slot
                    continue
                busy -= 1
                if not ok:
                    status[tid] = "failed"
                    continue
                status[tid] = "completed"
                self.results[tid] = value
                for other, deps in left.items():
                    if tid in deps:
                        deps.discard(tid)
                        if not deps and other not in status:
                            ready.add(other)
        ordered = sorted(self._ids, key=self._key)
        return OrderedDict((tid, status.get(tid, "skipped")) for tid in ordered)
