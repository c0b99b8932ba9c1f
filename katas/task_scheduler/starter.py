"""Task scheduler kata: your code goes here.

Build a ``TaskScheduler`` that runs tasks (plain callables) in dependency order, lowest
priority number first, that rejects bad graphs, retries and skips on failure, and finally
runs tasks on a pool of threads. README.md explains every level with examples.

    pytest --kata task_scheduler     # judge this file, level by level
    pykata hint task_scheduler       # a nudge when you are stuck
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


class CycleError(ValueError):
    """Raised by ``run()`` when the dependencies form a cycle (level 2).

    A task that depends on itself is a cycle too. Defined for you. Re-exporting the standard
    library's instead (``from graphlib import CycleError``) is fine: it is a ValueError too.
    """


class TaskScheduler:
    """Runs tasks in dependency order; whenever several are ready, lowest priority first.

    ``results`` maps the id of each task that completed in the last ``run()`` to the value
    its function returned. Failed and skipped tasks (level 3) have no entry.
    """

    def __init__(self) -> None:
        self.results: dict[str, Any] = {}
        # Keep whatever else you need here.

    def add_task(
        self,
        task_id: str,
        func: Callable[[], Any],
        priority: int = 0,
        dependencies: Iterable[str] = (),
        max_retries: int = 0,
    ) -> None:
        """Add a task; ``run()`` will call ``func()`` once all its dependencies completed.

        Level 1: store the task. Whenever several tasks are ready, the lowest ``priority``
        number runs first, ties in the order of ``add_task``. ``dependencies`` may name
        tasks that are added later.
        Level 2: an id that was already added raises ValueError; wrong argument types raise
        TypeError; a rejected call leaves the scheduler unchanged.
        Level 3: a task that raises is called again at once, up to ``max_retries`` more
        times; ``max_retries`` must be an int (TypeError) of 0 or more (ValueError).
        """
        raise NotImplementedError

    def run(self, workers: int = 1) -> dict[str, str]:
        """Call every task and return ``{task_id: status}``.

        Level 1: call each task's ``func()`` exactly once, never before all its dependencies
        completed; return ``"completed"`` for every task and fill ``self.results``.
        Level 2: before calling anything, raise ValueError naming an unknown dependency,
        or CycleError for a cycle. An empty scheduler returns ``{}``.
        Level 3: a task that still fails is ``"failed"``; everything downstream of it is
        ``"skipped"`` and never called. A task's exception never escapes ``run()``.
        Level 4: run up to ``workers`` tasks at once on threads; ``workers`` below 1 raises
        ValueError, a non-int raises TypeError.
        """
        raise NotImplementedError
