# pykata-corpus: correct
# style: one module-level ThreadPoolExecutor shared by every scheduler; no dispatcher loop:
#        done-callbacks do the bookkeeping under a lock and submit what became ready, run()
#        waits on an Event; cycles by peeling tasks nothing depends on (Kahn on the reversed
#        graph). The graph is checked before `workers`; a failure emits a RuntimeWarning;
#        dependencies=None accepted; results cleared in place; no argument type checks
"""Task scheduler whose tasks chain each other through done-callbacks on a shared pool."""

from __future__ import annotations

import heapq
import threading
import warnings
from collections import deque
from concurrent.futures import ThreadPoolExecutor

POOL = ThreadPoolExecutor(max_workers=32, thread_name_prefix="task-scheduler")


class CycleError(ValueError):
    pass


class TaskScheduler:
    def __init__(self):
        self.results = {}
        self._order = []
        self._spec = {}

    def add_task(self, task_id, func, priority=0, dependencies=None, max_retries=0):
        if task_id in self._spec:
            raise ValueError(f"task {task_id!r} was already added")
        self._spec[task_id] = (func, priority, set(dependencies or ()), max_retries)
        self._order.append(task_id)

    def _check(self):
        for tid in self._order:
            for dep in self._spec[tid][2]:
                if dep not in self._spec:
                    raise ValueError(f"task {tid!r}: no such dependency {dep!r}")
        # peel off tasks that nothing (left) depends on; whatever remains is on or before a cycle
        needed_by = {tid: 0 for tid in self._order}
        for tid in self._order:
            for dep in self._spec[tid][2]:
                needed_by[dep] += 1
        sinks = deque(tid for tid, n in needed_by.items() if n == 0)
        peeled = 0
        while sinks:
            tid = sinks.popleft()
            peeled += 1
            for dep in self._spec[tid][2]:
                needed_by[dep] -= 1
                if needed_by[dep] == 0:
                    sinks.append(dep)
        if peeled < len(self._order):
            stuck = [tid for tid, n in needed_by.items() if n]
            raise CycleError(f"dependency cycle among {stuck}")

    def run(self, workers=1):
        self._check()
        if workers < 1:
            raise ValueError("workers must be positive")
        self.results.clear()
        statuses = {}
        if not self._order:
            return statuses
        lock = threading.RLock()  # a callback may run inline, inside launch()
        finished = threading.Event()
        rank = {tid: i for i, tid in enumerate(self._order)}
        waiting = {tid: set(self._spec[tid][2]) for tid in self._order}
        users = {tid: [] for tid in self._order}
        for tid in self._order:
            for dep in waiting[tid]:
                users[dep].append(tid)
        ready = [(self._spec[t][1], rank[t], t) for t in self._order if not waiting[t]]
        heapq.heapify(ready)
        state = {"running": 0}

        def attempt(tid):
            func, _, _, retries = self._spec[tid]
            error = None
            for _ in range(retries + 1):
                try:
                    return True, func()
                except Exception as exc:
                    error = exc
            return False, error

        def launch():  # with the lock held
            while ready and state["running"] < workers:
                tid = heapq.heappop(ready)[2]
                state["running"] += 1
                future = POOL.submit(attempt, tid)
                future.add_done_callback(lambda f, tid=tid: landed(tid, f.result()))
            if not state["running"]:
                finished.set()

        def landed(tid, outcome):
            ok, value = outcome
            if not ok:
                warnings.warn(f"task {tid!r} failed: {value!r}", RuntimeWarning, stacklevel=1)
            with lock:
                state["running"] -= 1
                if ok:
                    statuses[tid] = "completed"
                    self.results[tid] = value
                    for user in users[tid]:
                        waiting[user].discard(tid)
                        if not waiting[user]:
                            heapq.heappush(ready, (self._spec[user][1], rank[user], user))
                else:
                    statuses[tid] = "failed"
                launch()

        with lock:
            launch()
        finished.wait()
        for tid in self._order:
            statuses.setdefault(tid, "skipped")
        return statuses
