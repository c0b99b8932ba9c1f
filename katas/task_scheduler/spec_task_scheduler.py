"""Hidden specs of the task_scheduler kata (see katas.md, "task_scheduler").

Every expected value comes from the small model below: ``simulate`` runs a graph the way
katas.md describes the one-worker run (Kahn's algorithm with a heap keyed by priority, then
add order; retries at once; a failed task's dependents never become ready). It is never
derived from the learner's code.

The task functions handed to the learner are made by helper code whose *source* is exec'd
here and also printed in the reproducer, so a reproducer runs exactly what the spec ran.
Parallel runs (level 4) are bounded: every run is joined with a timeout, a barrier has a
timeout, and the tasks of the ``Gate`` stay running only until the scheduler has been quiet
for a few milliseconds, so a correct scheduler can never fail because of timing.
"""

from __future__ import annotations

import functools
import heapq
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from hypothesis import Phase, example, given
from hypothesis import strategies as st

from pytest_pykata.concurrency import start
from pytest_pykata.spec import SpecFailure, check, current_recorder, edge_examples, spec, unwrap

COMPLETED, FAILED, SKIPPED = "completed", "failed", "skipped"
ALWAYS = 99  # a task that fails this many times fails on every call the specs allow
RUN_TIMEOUT = 3.0  # real seconds a run() may take before it counts as stuck (correct: < 1 s)
BARRIER_TIMEOUT = 2.5  # real seconds two tasks wait at a barrier for each other
QUIET = 0.004  # a Gate task stays running until nothing started or ended for this long


# -- the model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One add_task call of a spec, and how its function behaves."""

    id: str
    priority: int = 0
    deps: tuple[str, ...] = ()  # as passed (level 2 repeats some ids)
    value: Any = None  # what the function returns
    fails: int = 0  # its first `fails` calls raise
    retries: int = 0  # max_retries
    kind: str = "list"  # how dependencies are passed: "list", "tuple" or "set"
    error: type[Exception] = RuntimeError


Graph = tuple[Task, ...]


def T(tid: str, priority: int = 0, deps: tuple[str, ...] = (), **kw: Any) -> Task:
    return Task(tid, priority, deps, **kw)


@dataclass
class Model:
    steps: list[tuple[str, bool]]  # (task id, the call raised), one per call
    statuses: dict[str, str]
    results: dict[str, Any]

    @property
    def calls(self) -> list[str]:
        return [tid for tid, _ in self.steps]


def simulate(graph: Graph) -> Model:
    """The one-worker run of katas.md: whenever several tasks are ready, the lowest priority
    number runs first, ties in add order; a task that raises is called again at once up to
    max_retries more times; a failed task never completes, so its dependents never run."""
    index = {t.id: i for i, t in enumerate(graph)}
    tasks = {t.id: t for t in graph}
    waiting = {t.id: set(t.deps) for t in graph}
    users: dict[str, list[str]] = {t.id: [] for t in graph}
    for t in graph:
        for dep in set(t.deps):
            users[dep].append(t.id)
    ready = [(t.priority, index[t.id], t.id) for t in graph if not waiting[t.id]]
    heapq.heapify(ready)
    steps: list[tuple[str, bool]] = []
    statuses: dict[str, str] = {}
    results: dict[str, Any] = {}
    while ready:
        tid = heapq.heappop(ready)[2]
        t = tasks[tid]
        for attempt in range(1, t.retries + 2):
            steps.append((tid, attempt <= t.fails))
            if attempt > t.fails:
                break
        if t.fails <= t.retries:
            statuses[tid] = COMPLETED
            results[tid] = t.value
            for user in users[tid]:
                waiting[user].discard(tid)
                if not waiting[user]:
                    heapq.heappush(ready, (tasks[user].priority, index[user], user))
        else:
            statuses[tid] = FAILED
    return Model(steps, {t.id: statuses.get(t.id, SKIPPED) for t in graph}, results)


def attempts(t: Task) -> int:
    """How many calls a task that runs gets: up to max_retries + 1, until one returns."""
    return min(t.fails, t.retries) + 1


# -- explanations ------------------------------------------------------------------------


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _times(n: int) -> str:
    return "once" if n == 1 else f"{n} times"


def _called(n: int) -> str:
    return f"called {_times(n)}" if n else "never called"


def failed_upstream(graph: Graph, tid: str, failed: set[str]) -> str | None:
    """'a' or "'a' (through 'b')": the failed task that ``tid`` depends on, if any."""
    deps = {t.id: set(t.deps) for t in graph}
    queue = deque([(tid, ())])
    seen = {tid}
    while queue:
        current, path = queue.popleft()
        for dep in sorted(deps[current]):
            if dep in failed:
                through = f" (through {_and([repr(p) for p in path])})" if path else ""
                return f"{dep!r}{through}"
            if dep not in seen and dep in deps:
                seen.add(dep)
                queue.append((dep, (dep, *path)))
    return None


def _calls(n: int) -> str:
    return "1 call" if n == 1 else f"{n} calls"


def why_status(graph: Graph, t: Task, status: str, model: Model) -> str:
    """Why the model gives ``t`` this status (and its number of calls), after a colon."""
    failed = {k for k, v in model.statuses.items() if v == FAILED}
    if status == SKIPPED:
        return f": it depends on {failed_upstream(graph, t.id, failed)}, which failed"
    if status == FAILED:
        if t.retries == 0:
            return ": its only call raises (max_retries=0)"
        return f": max_retries={t.retries} allows {_calls(t.retries + 1)}, and all of them raise"
    if t.fails:
        first = "its first call raises" if t.fails == 1 else f"its first {t.fails} calls raise"
        return (
            f": {first}, max_retries={t.retries} allows {_calls(t.retries + 1)}, and call "
            f"{t.fails + 1} returns"
        )
    return ": its first call returns"


def explain_calls(graph: Graph, got: list[str]) -> str:
    """The first call that differs from the one-worker run of katas.md, in plain words."""
    model = simulate(graph)
    want = model.calls
    tasks = {t.id: t for t in graph}
    i = 0
    while i < len(want) and i < len(got) and want[i] == got[i]:
        i += 1
    done: set[str] = set()
    failed: set[str] = set()
    count: Counter[str] = Counter()
    for tid, raised in model.steps[:i]:
        count[tid] += 1
        if not raised:
            done.add(tid)
        elif count[tid] == tasks[tid].retries + 1:
            failed.add(tid)
    where = f"after the calls {want[:i]!r}" if i else "at the start"
    last = model.steps[i - 1] if i else None
    if i < len(want):
        nxt = want[i]
        if last is not None and last[0] == nxt and last[1]:
            need = (
                f"{nxt!r} had just raised on call {count[nxt]} and has "
                f"max_retries={tasks[nxt].retries}, so it must be called again at once"
            )
        else:
            ready = [t for t in graph if t.id not in count and set(t.deps) <= done]
            need = _ready_text(graph, ready, nxt)
    else:
        need = "no task may be called any more (every task had " + (
            "completed, failed or been skipped)" if failed else "completed)"
        )
    if i >= len(got):
        happened = "run() called no more tasks"
    else:
        g = got[i]
        upstream = failed_upstream(graph, g, failed) if g in tasks else None
        missing = [d for d in tasks[g].deps if d not in done] if g in tasks else []
        if g not in tasks:
            happened = f"{g!r} was called"
        elif g in failed:
            happened = f"{g!r} was called again after all its {tasks[g].retries + 1} calls raised"
        elif g in done:
            happened = f"{g!r} was called again after it had completed"
        elif upstream is not None:
            happened = f"{g!r} was called, though it depends on {upstream}, which failed"
        elif missing:
            happened = f"{g!r} was called before its dependency {missing[0]!r} completed"
        else:
            happened = f"{g!r} was called"
    return f"{where}, {need}; but {happened}"


def _ready_text(graph: Graph, ready: list[Task], nxt: str) -> str:
    index = {t.id: i for i, t in enumerate(graph)}
    ready = sorted(ready, key=lambda t: (t.priority, index[t.id]))
    if len(ready) == 1:
        return f"the only ready task was {nxt!r}, so it must run next"
    items = [f"{t.id!r} (priority {t.priority})" for t in ready]
    tie = ready[0].priority == ready[1].priority
    how = "the lowest priority number" + (", and of those the one added first" if tie else "")
    return f"the ready tasks were {_and(items)}, so {nxt!r} must run next ({how})"


def explain_statuses(graph: Graph, got: object, model: Model, call: str) -> str | None:
    if not isinstance(got, dict):
        return None
    for t in graph:
        want = model.statuses[t.id]
        if t.id not in got:
            return f"{call} returned no status for {t.id!r}, expected {want!r}"
        if got[t.id] != want:
            why = why_status(graph, t, want, model)
            return f"{call} gave {t.id!r} the status {got[t.id]!r}, expected {want!r}{why}"
    extra = [k for k in got if k not in model.statuses]
    if extra:
        return f"{call} returned a status for {extra[0]!r}, which is not a task"
    return None


def explain_results(graph: Graph, got: object, model: Model, name: str) -> str | None:
    if not isinstance(got, dict):
        return None
    for t in graph:
        status = model.statuses[t.id]
        if status == COMPLETED and t.id not in got:
            return f"{name} has no entry for {t.id!r}, which completed and returned {t.value!r}"
        if status == COMPLETED and got[t.id] != t.value:
            return f"{name}[{t.id!r}] is {got[t.id]!r}, expected {t.value!r} (what it returned)"
        if status != COMPLETED and t.id in got:
            why = why_status(graph, t, status, model)
            what = "failed" if status == FAILED else "was skipped"
            return (
                f"{name} has an entry for {t.id!r}, which {what}{why}; failed and skipped "
                "tasks have no entry"
            )
    extra = [k for k in got if k not in model.statuses]
    if extra:
        return f"{name} has an entry for {extra[0]!r}, which is not a task"
    return None


# -- task functions and the reproducer -----------------------------------------------------

TASK_SOURCE = '''\
calls = []

def task(name, value=None, fails=0, error=RuntimeError):
    """A task function: logs each call in `calls`; its first `fails` calls raise."""

    def func():
        calls.append(name)
        if calls.count(name) <= fails:
            raise error(f"{name} failed on call {calls.count(name)}")
        return value

    return func
'''

GATE_SOURCE = '''\
class Gate:
    """Task functions that stay running until the scheduler has been quiet for a while.

    A call returns once it is the oldest call still running and no call has started or
    ended for `quiet` seconds (plus twice the slowest start seen after a call ended, so a
    loaded machine waits longer): tasks overlap as much as the scheduler lets them.
    """

    def __init__(self, quiet):
        self.quiet = quiet
        self.cond = threading.Condition()
        self.calls = []  # one task name per call, in start order
        self.running = []  # the calls running now, oldest first
        self.most = []  # the names running when the most calls ran at once
        self.done = set()  # the tasks whose function returned
        self.early = []  # (task, dependency): it started before the dependency returned
        self.last = time.monotonic()  # when a call last started or ended
        self.ended = None  # when a call last ended
        self.lag = 0.0  # the slowest start after a call ended (at most 0.05 s)

    def task(self, name, value=None, fails=0, deps=()):
        def func():
            me = [name]
            with self.cond:
                self.last = time.monotonic()
                if self.ended is not None:
                    self.lag = min(max(self.lag, self.last - self.ended), 0.05)
                self.calls.append(name)
                self.early += [(name, dep) for dep in deps if dep not in self.done]
                self.running.append(me)
                if len(self.running) > len(self.most):
                    self.most = [call[0] for call in self.running]
                self.cond.notify_all()
                raises = self.calls.count(name) <= fails
                while not raises and self.quiet and (
                    self.running[0] is not me
                    or time.monotonic() - self.last < self.quiet + 2 * self.lag
                ):
                    self.cond.wait(self.quiet)
                self.running.remove(me)
                self.last = self.ended = time.monotonic()
                if not raises:
                    self.done.add(name)
                self.cond.notify_all()
            if raises:
                raise RuntimeError(f"{name} failed")
            return value

        return func
'''


@functools.cache
def _compiled(source: str) -> Any:
    return compile(source, "<task_scheduler spec helpers>", "exec")


def _exec(source: str) -> dict[str, Any]:
    """A fresh namespace per example; the source is compiled once (it is the same each time)."""
    import threading
    import time

    namespace: dict[str, Any] = {"threading": threading, "time": time}
    exec(_compiled(source), namespace)
    return namespace


class Bench:
    """The `task(...)` functions of one example (levels 1 to 3) and the calls they logged."""

    def __init__(self, learner: Any) -> None:
        namespace = _exec(TASK_SOURCE)
        self.learner = learner
        self.calls: list[str] = namespace["calls"]
        self._task: Callable[..., Callable[[], Any]] = namespace["task"]
        learner.define(self.calls, "calls", [*TASK_SOURCE.splitlines(), ""])

    def func(self, t: Task) -> Callable[[], Any]:
        self.learner.recorder.fmt(self.calls)  # the helper is shown, before anything else
        fn = self._task(t.id, t.value, t.fails, t.error)
        args = [repr(t.id)]
        if t.value is not None:
            args.append(f"value={t.value!r}")
        if t.fails:
            args.append(f"fails={t.fails}")
        if t.error is not RuntimeError:
            args.append(f"error={t.error.__name__}")
        self.learner.define(fn, f"task({', '.join(args)})", [])
        return fn


class GateBench:
    """The `gate.task(...)` functions of one parallel example (level 4)."""

    def __init__(self, learner: Any, quiet: float) -> None:
        self.learner = learner
        self.gate = _exec(GATE_SOURCE)["Gate"](quiet)
        learner.define(
            self.gate, "gate", [*GATE_SOURCE.splitlines(), "", f"gate = Gate(quiet={quiet})"]
        )
        learner.recorder.fmt(self.gate)
        learner.recorder.need_import("import threading")  # after define: it starts the example
        learner.recorder.need_import("import time")

    def func(self, t: Task, *, with_deps: bool = False) -> Callable[[], Any]:
        deps = tuple(dict.fromkeys(t.deps)) if with_deps else ()
        fn = self.gate.task(t.id, t.value, t.fails, deps)
        args = [repr(t.id)]
        if t.value is not None:
            args.append(f"value={t.value!r}")
        if t.fails:
            args.append(f"fails={t.fails}")
        if deps:
            args.append(f"deps={list(deps)!r}")
        self.learner.define(fn, f"gate.task({', '.join(args)})", [])
        return fn


def dependencies(t: Task) -> object:
    if t.kind == "tuple":
        return tuple(t.deps)
    if t.kind == "set":
        return set(t.deps)
    return list(t.deps)


def add(scheduler: Any, t: Task, func: Callable[[], Any]) -> None:
    kwargs: dict[str, Any] = {}
    if t.priority:
        kwargs["priority"] = t.priority
    if t.deps:
        kwargs["dependencies"] = dependencies(t)
    if t.retries:
        kwargs["max_retries"] = t.retries
    scheduler.add_task(t.id, func, **kwargs)


def build(learner: Any, graph: Graph, make: Callable[[Task], Callable[[], Any]]) -> Any:
    learner.name_results(TaskScheduler="scheduler")
    scheduler = learner.TaskScheduler()
    for t in graph:
        add(scheduler, t, make(t))
    return scheduler


def run(learner: Any, scheduler: Any, timeout: float = RUN_TIMEOUT, **kwargs: Any) -> Any:
    """``scheduler.run(**kwargs)`` on a daemon thread: a stuck run fails instead of hanging,
    and its reproducer runs it the same way (a reproducer must never hang either)."""
    thread, outcome = start(lambda: scheduler.run(**kwargs), name="pykata-run")
    thread.join(timeout)
    if outcome.finished:
        return outcome.result()
    call = run_text(learner, scheduler, **kwargs)
    message = f"{call} did not finish within {timeout:g} s (a deadlock, or waiting for "
    message += "something that never happens?)"
    lines = current_recorder().render().rstrip("\n").split("\n")
    at = max(i for i, line in enumerate(lines) if line.strip() == call)
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    extra = f", kwargs={kwargs!r}" if kwargs else ""
    target = call.split("(", 1)[0]
    lines[at : at + 1] = [
        f"{indent}runner = threading.Thread(target={target}{extra}, daemon=True)",
        f"{indent}runner.start()",
        f"{indent}runner.join(timeout={timeout!r})",
        f"{indent}assert not runner.is_alive()  # {call} did not finish within {timeout:g} s",
    ]
    if "import threading" not in lines:
        lines.insert(0, "import threading")
    raise SpecFailure(message, reproducer="\n".join(lines) + "\n")


def run_text(learner: Any, scheduler: Any, **kwargs: Any) -> str:
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    return f"{learner.recorder.fmt(scheduler)}.run({args})"


def check_statuses(learner: Any, scheduler: Any, graph: Graph, got: Any, model: Model, **kw: Any):
    message = explain_statuses(graph, got, model, run_text(learner, scheduler, **kw))
    check.equal(got, model.statuses, message=message)


def check_results(learner: Any, scheduler: Any, graph: Graph, model: Model) -> None:
    got = scheduler.results
    name = f"{learner.recorder.fmt(scheduler)}.results"
    check.equal(got, model.results, message=explain_results(graph, got, model, name))


def check_order(graph: Graph, got: list[str], model: Model) -> None:
    if got != model.calls:
        check.equal(list(got), model.calls, expr="calls", message=explain_calls(graph, got))


# -- strategies ----------------------------------------------------------------------------

POOL = tuple("abcdefghijklmnopqrstuvwxyz")
UNKNOWN = ("ghost_7", "phantom_42", "nowhere_9", "unborn_3")
PRIORITIES = st.integers(-2, 3)
VALUES = st.sampled_from([None, 0, 1, 7, 42, "ok", "done", "", (1, 2)])
FAILS = st.sampled_from([0, 0, 0, 1, 2, 3, ALWAYS])
RETRIES = st.sampled_from([0, 0, 1, 2, 3])
ERRORS = st.sampled_from(
    [RuntimeError, ValueError, KeyError, ZeroDivisionError, OSError, TypeError, ArithmeticError]
)


@st.composite
def task_parts(draw: st.DrawFn, flags: tuple[bool, ...], max_deps: int) -> dict[str, Any]:
    """The random parts of one task; `graphs` turns a list of them into a DAG. Dependencies
    are drawn as indices, so deleting a task while shrinking keeps the others valid. Only
    what a spec needs is drawn: graphs are drawn a lot, and every draw costs."""
    forward, failures, kinds, errors, priorities, values = flags
    parts = {
        "name": draw(st.integers(0, len(POOL) - 1)),
        "priority": draw(PRIORITIES) if priorities else 0,
        "value": draw(VALUES) if values else None,
        "deps": draw(st.lists(st.integers(0, 15), max_size=max_deps)),
    }
    if forward:
        parts["rank"] = draw(st.integers(0, 9))
    if kinds:
        parts["kind"] = draw(st.sampled_from(["list", "tuple", "set"]))
        parts["repeats"] = draw(st.lists(st.integers(0, 15), max_size=2))
    if failures:
        parts["fails"] = draw(FAILS)
        parts["retries"] = draw(RETRIES)
        if errors:
            parts["error"] = draw(ERRORS)
    return parts


@st.composite
def graphs(
    draw: st.DrawFn,
    min_size: int = 1,
    max_size: int = 10,
    *,
    forward: bool = False,
    failures: bool = False,
    kinds: bool = False,
    errors: bool = False,
    priorities: bool = True,
    values: bool = False,
    max_deps: int = 3,
) -> Graph:
    """A random DAG in add order. ``forward``: dependencies may name tasks added later;
    ``kinds``: dependencies passed as lists, tuples or sets, lists and tuples with repeats;
    ``failures``: functions that raise on their first calls, and max_retries."""
    parts = draw(
        st.lists(
            task_parts((forward, failures, kinds, errors, priorities, values), max_deps),
            min_size=min_size,
            max_size=max_size,
        )
    )
    free = list(POOL)  # ids: each task takes one of the letters left (shrinks to a, b, c...)
    for p in parts:
        p["id"] = free.pop(p["name"] % len(free))
    # A topological order: by rank, then add order (all ranks 0: dependencies come first).
    topo = sorted(range(len(parts)), key=lambda i: (parts[i].get("rank", 0), i))
    tasks = []
    for i, p in enumerate(parts):
        before = [parts[j]["id"] for j in topo[: topo.index(i)]]
        deps = list(dict.fromkeys(before[k % len(before)] for k in p["deps"])) if before else []
        kind = p.get("kind", "list")
        if kind != "set" and deps and p.get("repeats"):
            deps += [deps[k % len(deps)] for k in p["repeats"]]
            deps = deps[len(deps) // 2 :] + deps[: len(deps) // 2]  # repeats not all at the end
        tasks.append(
            Task(
                p["id"],
                p["priority"],
                tuple(deps),
                p["value"],
                p.get("fails", 0),
                p.get("retries", 0),
                kind,
                p.get("error", RuntimeError) if p.get("fails", 0) else RuntimeError,
            )
        )
    return tuple(tasks)


def _insert(t: Task, dep: str, salt: int) -> Task:
    """``t`` with one more dependency, somewhere among its others."""
    where = salt % (len(t.deps) + 1)
    return replace(t, deps=(*t.deps[:where], dep, *t.deps[where:]))


@st.composite
def cyclic_graphs(draw: st.DrawFn) -> Graph:
    """A graph with a cycle through k tasks that are next to each other in add order (k = 1
    is a self-dependency), each depending on the next one (or, reversed, the previous)."""
    tasks = list(draw(graphs(1, 7, forward=True, kinds=True, priorities=False)))
    k = draw(st.integers(1, min(4, len(tasks))))
    start = draw(st.integers(0, len(tasks) - k))
    members = list(range(start, start + k))
    if draw(st.booleans()):
        members.reverse()
    for pos, i in enumerate(members):
        tasks[i] = _insert(tasks[i], tasks[members[(pos + 1) % k]].id, start + pos)
    return tuple(tasks)


@st.composite
def graphs_with_unknown(draw: st.DrawFn) -> tuple[Graph, tuple[str, ...]]:
    """An acyclic graph where one or two tasks also depend on ids that were never added."""
    tasks = list(draw(graphs(1, 7, forward=True, kinds=True, priorities=False)))
    first = draw(st.integers(0, len(UNKNOWN) - 1))
    unknown = tuple(UNKNOWN[(first + j) % len(UNKNOWN)] for j in range(draw(st.integers(1, 2))))
    for j, name in enumerate(unknown):
        i = draw(st.integers(0, len(tasks) - 1))
        tasks[i] = _insert(tasks[i], name, first + j)
    return tuple(tasks), unknown


@st.composite
def overlap_scenarios(draw: st.DrawFn) -> tuple[Graph, str, str, int]:
    """Quick tasks, then two tasks `x`, `y` that become ready together when all of those have
    completed (and nothing else is ready then), then quick tasks depending on `x` and/or `y`."""
    graph = draw(graphs(2, 8))
    h = draw(st.integers(0, len(graph) - 2))
    head, pair, tail = graph[:h], graph[h : h + 2], graph[h + 2 :]
    x, y = (replace(t, deps=tuple(u.id for u in head), value=None) for t in pair)
    later = {t.id for t in tail}
    tail = tuple(
        replace(
            t,
            deps=(
                *draw(st.sampled_from([(x.id,), (y.id,), (x.id, y.id)])),
                *(d for d in t.deps if d in later),
            ),
        )
        for t in tail
    )
    return (*head, x, y, *tail), x.id, y.id, draw(st.integers(2, 4))


# -- level 1: order --------------------------------------------------------------------------

L1_EDGES: list[Graph] = [
    # Priority compares only the tasks ready at that moment: a, b, c (not a, c, b by depth).
    (T("a"), T("c", 1), T("b", deps=("a",))),
    # Ties run in add order, not in id order.
    (T("b"), T("a")),
    # The lowest number runs first.
    (T("a", 1), T("b")),
    # c waits for both of its dependencies, and runs once.
    (T("a"), T("b"), T("c", deps=("a", "b"))),
    # c is ready only once a and b both completed, whatever its priority.
    (T("a", 0), T("b", 2), T("c", -1, deps=("a", "b"))),
    # The README's example, with the tasks added in dependency order.
    (
        T("build", value="built"),
        T("test", 1, deps=("build",), value=None),
        T("lint", 2, value=0),
        T("deploy", deps=("test", "build"), value="deployed"),
    ),
]


@spec(level=1, rule="run() calls every task's function exactly once", max_examples=30)
@given(graph=graphs())
@edge_examples(L1_EDGES, arg="graph")
def test_every_task_is_called_exactly_once(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    run(learner, scheduler)
    counts = Counter(bench.calls)
    wrong = [t.id for t in graph if counts[t.id] != 1]
    if wrong:
        tid = wrong[0]
        check.equal(
            counts[tid],
            1,
            expr=f"calls.count({tid!r})",
            message=f"{tid!r} was {_called(counts[tid])}, expected exactly once",
        )


@spec(
    level=1, rule="a task is called only after all of its dependencies completed", max_examples=30
)
@given(graph=graphs())
@edge_examples(L1_EDGES, arg="graph")
def test_a_task_runs_after_its_dependencies(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    run(learner, scheduler)
    tasks = {t.id: t for t in graph}
    done: set[str] = set()
    for tid in bench.calls:
        missing = [d for d in tasks[tid].deps if d not in done] if tid in tasks else []
        if missing:
            check.that(
                False,
                f"{tid!r} was called before its dependency {missing[0]!r} completed",
                expr=f"{missing[0]!r} in calls[: calls.index({tid!r})]",
            )
        done.add(tid)


@spec(
    level=1,
    rule="whenever several tasks are ready, the lowest priority number runs first, "
    "ties in the order of add_task",
    max_examples=60,
)
@given(graph=graphs())
@edge_examples(L1_EDGES, arg="graph")
def test_the_ready_task_with_the_lowest_priority_runs_first(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    run(learner, scheduler)
    check_order(graph, bench.calls, simulate(graph))


@spec(level=1, rule='run() returns {task_id: "completed"} for every task', max_examples=25)
@given(graph=graphs())
@edge_examples(L1_EDGES, arg="graph")
def test_run_returns_completed_for_every_task(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    statuses = run(learner, scheduler)
    check_statuses(learner, scheduler, graph, statuses, simulate(graph))


@spec(level=1, rule="results[task_id] holds what each task's function returned", max_examples=30)
@given(graph=graphs(values=True))
@edge_examples(L1_EDGES, arg="graph")
def test_results_hold_each_return_value(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    run(learner, scheduler)
    check_results(learner, scheduler, graph, simulate(graph))


@spec(
    level=1,
    rule="every TaskScheduler() has its own tasks and results: running one never calls or "
    "reports another's tasks",
    max_examples=15,
)
@given(first=graphs(1, 5, values=True), second=graphs(1, 5, values=True))
@example(first=(T("a", value=1),), second=(T("a", value=2), T("b", value=3)))
@example(first=(T("a", value=1),), second=(T("b", value=2),))
def test_two_schedulers_do_not_share_tasks_or_results(learner, first, second):
    bench = Bench(learner)
    one = build(learner, first, bench.func)
    two = build(learner, second, bench.func)
    earlier = 0
    for graph, scheduler in ((first, one), (second, two)):
        statuses = run(learner, scheduler)
        model = simulate(graph)
        check_statuses(learner, scheduler, graph, statuses, model)
        check_order(graph, bench.calls[earlier:], model)
        earlier = len(bench.calls)
    # Both results are read after both runs: the second run must not change the first's.
    check_results(learner, one, first, simulate(first))
    check_results(learner, two, second, simulate(second))


# -- level 2: bad graphs -----------------------------------------------------------------


@spec(level=2, rule="CycleError is a subclass of ValueError")
def test_cycle_error_is_a_value_error(learner):
    cycle_error = unwrap(learner.CycleError)
    check.that(
        isinstance(cycle_error, type) and issubclass(cycle_error, ValueError),
        "CycleError must be a subclass of ValueError",
        expr="issubclass(CycleError, ValueError)",
    )


@spec(level=2, rule="add_task with an id that was already added raises ValueError", max_examples=20)
@given(graph=graphs(1, 6, priorities=False), pick=st.integers(0, 10), priority=PRIORITIES)
@example(graph=(T("a"),), pick=0, priority=0)
def test_a_duplicate_id_raises_value_error(learner, graph, pick, priority):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    twin = Task(graph[pick % len(graph)].id, priority, value="second")
    with check.raises(ValueError):
        add(scheduler, twin, bench.func(twin))
    statuses = run(learner, scheduler)
    check.equal(statuses, {t.id: COMPLETED for t in graph})
    # The rejected call added nothing: each task is still called exactly once (either
    # function may be the one that runs, both log the task's id).
    counts = Counter(bench.calls)
    wrong = [t.id for t in graph if counts[t.id] != 1]
    if wrong:
        tid = wrong[0]
        check.equal(
            counts[tid],
            1,
            expr=f"calls.count({tid!r})",
            message=f"{tid!r} was {_called(counts[tid])}, expected exactly once: adding "
            f"{twin.id!r} again raised ValueError, so it added nothing",
        )


CYCLE_EDGES: list[Graph] = [
    (T("a", deps=("a",)),),
    (T("free"), T("egg", deps=("chicken",)), T("chicken", deps=("egg",))),
    (T("a"), T("b", deps=("c",)), T("c", deps=("b",))),
    (T("a"), T("b", deps=("a", "b")), T("c", deps=("b",))),
    (T("a", deps=("c",)), T("b", deps=("a",)), T("c", deps=("b",)), T("d")),
]


@spec(
    level=2,
    rule="run() raises CycleError for a cycle (a self-dependency too) before calling any task",
    max_examples=30,
)
@given(graph=cyclic_graphs())
@edge_examples(CYCLE_EDGES, arg="graph")
def test_a_cycle_raises_cycle_error_before_any_call(learner, graph):
    bench = Bench(learner)
    cycle_error = unwrap(learner.CycleError)
    scheduler = build(learner, graph, bench.func)
    with check.raises(cycle_error):
        run(learner, scheduler)
    if bench.calls:
        check.equal(
            list(bench.calls),
            [],
            expr="calls",
            message=f"run() called {bench.calls!r} before raising CycleError: the graph must "
            "be checked before any task is called",
        )


UNKNOWN_EDGES = [
    ((T("build", deps=("ghost_7",)),), ("ghost_7",)),
    ((T("a"), T("b", deps=("a", "phantom_42")), T("c", deps=("b",))), ("phantom_42",)),
]


@spec(
    level=2,
    rule="run() raises ValueError naming an unknown dependency, before calling any task",
    max_examples=25,
)
@given(case=graphs_with_unknown())
@edge_examples(UNKNOWN_EDGES, arg="case")
def test_an_unknown_dependency_raises_value_error(learner, case):
    graph, unknown = case
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    # Shown as `pytest.raises(ValueError, match=...)` in the reproducer.
    learner.define(ValueError, f"ValueError, match={'|'.join(unknown)!r}", [])
    with check.raises(ValueError) as info:
        run(learner, scheduler)
    text = str(info.value)
    named = [name for name in unknown if name in text]
    check.that(
        named,
        f"the ValueError must name the unknown dependency ({_and([repr(u) for u in unknown])})"
        f", its message was {text!r}",
    )
    if bench.calls:
        check.equal(
            list(bench.calls),
            [],
            expr="calls",
            message=f"run() called {bench.calls!r} before raising ValueError: the graph must "
            "be checked before any task is called",
        )


@spec(level=2, rule="an empty scheduler's run() returns {}")
def test_an_empty_scheduler_returns_an_empty_dict(learner):
    learner.name_results(TaskScheduler="scheduler")
    scheduler = learner.TaskScheduler()
    check.equal(run(learner, scheduler), {})


@spec(
    level=2,
    rule="dependencies may be a list, a tuple or a set, and an id listed twice counts once",
    max_examples=40,
)
@given(graph=graphs(kinds=True))
@example(graph=(T("a"), T("b", deps=("a", "a"))))
@example(graph=(T("a"), T("b", 1), T("c", deps=("b", "a", "b"), kind="tuple")))
@example(graph=(T("a"), T("b"), T("c", deps=("a", "b"), kind="set")))
def test_dependencies_can_be_any_collection_of_ids(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    statuses = run(learner, scheduler)
    model = simulate(graph)
    check_statuses(learner, scheduler, graph, statuses, model)
    check_order(graph, bench.calls, model)


@spec(level=2, rule="a task may depend on a task that is added after it", max_examples=30)
@given(graph=graphs(2, 10, forward=True))
@example(graph=(T("b", deps=("a",)), T("a")))
@example(
    graph=(
        T("deploy", deps=("test", "build")),
        T("test", 1, deps=("build",)),
        T("lint", 2),
        T("build"),
    )
)
def test_a_dependency_may_be_added_later(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    statuses = run(learner, scheduler)
    model = simulate(graph)
    check_statuses(learner, scheduler, graph, statuses, model)
    check_order(graph, bench.calls, model)


# -- level 3: failures -----------------------------------------------------------------------

L3_EDGES: list[Graph] = [
    # The README's example: build fails twice, test and deploy are skipped, lint completes.
    (
        T("build", fails=ALWAYS, retries=1),
        T("test", deps=("build",)),
        T("deploy", deps=("test",)),
        T("lint", value="clean"),
    ),
    # A retry comes at once, before b.
    (T("a", fails=1, retries=1, value="ok"), T("b")),
    # Skips are transitive.
    (T("a", fails=ALWAYS), T("b", deps=("a",)), T("c", deps=("b",)), T("d", 1)),
    # max_retries=2: three calls, the last one returns.
    (T("a", fails=2, retries=2, value=7), T("b", deps=("a",))),
    (T("a", fails=1), T("b", 1)),
]


@spec(
    level=3,
    rule="a task that raises is called again at once, up to max_retries more times, "
    "before any other task starts",
    max_examples=40,
)
@given(graph=graphs(failures=True, forward=True))
@edge_examples(L3_EDGES, arg="graph")
def test_a_failing_task_is_retried_at_once(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    run(learner, scheduler)
    model = simulate(graph)
    counts = Counter(bench.calls)
    for t in graph:
        if model.statuses[t.id] == SKIPPED or not counts[t.id]:
            continue  # whether it runs is another spec's business
        want = attempts(t)
        if counts[t.id] != want:
            check.equal(
                counts[t.id],
                want,
                expr=f"calls.count({t.id!r})",
                message=f"{t.id!r} was called {_times(counts[t.id])}, expected {_times(want)}"
                f"{why_status(graph, t, model.statuses[t.id], model)}",
            )
        first = bench.calls.index(t.id)
        run_of_calls = bench.calls[first : first + want]
        if run_of_calls != [t.id] * want:
            other = next(c for c in run_of_calls if c != t.id)
            check.equal(
                list(bench.calls),
                model.calls,
                expr="calls",
                message=f"{t.id!r} raised and has max_retries={t.retries}, so it must be called "
                f"again at once, but {other!r} was called in between",
            )


@spec(
    level=3,
    rule='a task that still fails is "failed", every task downstream of it "skipped", '
    'and every other task "completed"',
    max_examples=40,
)
@given(graph=graphs(failures=True, forward=True))
@edge_examples(L3_EDGES, arg="graph")
def test_failed_and_skipped_statuses(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    statuses = run(learner, scheduler)
    check_statuses(learner, scheduler, graph, statuses, simulate(graph))


@spec(
    level=3,
    rule="tasks downstream of a failed task are never called, and the others still run in "
    "the level-1 order",
    max_examples=40,
)
@given(graph=graphs(failures=True, forward=True))
@edge_examples(L3_EDGES, arg="graph")
def test_skipped_tasks_are_never_called(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    run(learner, scheduler)
    check_order(graph, bench.calls, simulate(graph))


@spec(
    level=3,
    rule="failed and skipped tasks have no entry in results; a retried task that completed "
    "holds the value it returned",
    max_examples=30,
)
@given(graph=graphs(failures=True, forward=True, values=True))
@edge_examples(L3_EDGES, arg="graph")
def test_results_hold_only_completed_tasks(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    run(learner, scheduler)
    check_results(learner, scheduler, graph, simulate(graph))


@spec(level=3, rule="run() never raises because of a task's own exception", max_examples=30)
@given(graph=graphs(failures=True, errors=True, forward=True))
@example(graph=(T("a", fails=ALWAYS, error=ValueError), T("b")))
@example(graph=(T("a", fails=ALWAYS, error=KeyError, retries=1), T("b", deps=("a",))))
@example(graph=(T("a", fails=1, error=ZeroDivisionError, retries=2),))
def test_run_never_raises_a_task_exception(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    statuses = run(learner, scheduler)
    check_statuses(learner, scheduler, graph, statuses, simulate(graph))


# -- level 4: parallel -----------------------------------------------------------------------


@spec(level=4, rule="run(workers=n) with n < 1 raises ValueError", max_examples=10)
@given(graph=graphs(1, 4, priorities=False), workers=st.integers(-5, 0))
@example(graph=(T("a"),), workers=0)
@example(graph=(T("a"), T("b", deps=("a",))), workers=-1)
def test_fewer_than_one_worker_raises_value_error(learner, graph, workers):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    with check.raises(ValueError):
        run(learner, scheduler, workers=workers)


@spec(
    level=4,
    rule="run(workers=1) keeps the exact one-worker order of levels 1 to 3, retries and skips "
    "included",
    max_examples=30,
)
@given(graph=graphs(failures=True, forward=True, values=True))
@edge_examples([*L1_EDGES[:3], *L3_EDGES[:3]], arg="graph")
def test_one_worker_keeps_the_exact_order(learner, graph):
    bench = Bench(learner)
    scheduler = build(learner, graph, bench.func)
    statuses = run(learner, scheduler, workers=1)
    model = simulate(graph)
    check_order(graph, bench.calls, model)
    check_statuses(learner, scheduler, graph, statuses, model, workers=1)
    check_results(learner, scheduler, graph, model)


@spec(
    level=4,
    rule="with workers=n (n >= 2), two ready tasks that do not depend on each other really "
    "run at the same time",
    max_examples=10,
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
)
@given(case=overlap_scenarios())
@example(case=((T("x"), T("y")), "x", "y", 2))
@example(case=((T("a"), T("x", 1, deps=("a",)), T("y", deps=("a",))), "x", "y", 3))
def test_two_ready_independent_tasks_overlap(learner, case):
    import threading

    graph, x, y, workers = case
    bench = Bench(learner)
    barrier = threading.Barrier(2, timeout=BARRIER_TIMEOUT)
    wait = barrier.wait  # one bound method object, so the reproducer names it
    learner.recorder.need_import("import threading")
    learner.define(
        wait,
        "both_started.wait",
        [f"both_started = threading.Barrier(2, timeout={BARRIER_TIMEOUT})"],
    )
    scheduler = build(learner, graph, lambda t: wait if t.id in (x, y) else bench.func(t))
    statuses = run(learner, scheduler, timeout=BARRIER_TIMEOUT + RUN_TIMEOUT, workers=workers)
    want = {t.id: COMPLETED for t in graph}
    message = None
    if isinstance(statuses, dict) and (statuses.get(x), statuses.get(y)) != (COMPLETED,) * 2:
        message = (
            f"with workers={workers}, {x!r} and {y!r} were both ready and do not depend on each "
            f"other, so they must run at the same time; but they waited {BARRIER_TIMEOUT:g} s "
            f"at a threading.Barrier(2) for each other (run() gave them {statuses.get(x)!r} and "
            f"{statuses.get(y)!r})"
        )
    check.equal(statuses, want, message=message)


@spec(level=4, rule="with workers=n, never more than n tasks run at once", max_examples=12)
@given(
    graph=graphs(2, 8, max_deps=1),
    workers=st.integers(1, 3),
)
@example(graph=(T("a"), T("b"), T("c"), T("d")), workers=2)
@example(graph=(T("a"), T("b"), T("c"), T("d", deps=("a",)), T("e", deps=("a",))), workers=2)
def test_never_more_than_n_tasks_at_once(learner, graph, workers):
    bench = GateBench(learner, QUIET)
    scheduler = build(learner, graph, bench.func)
    run(learner, scheduler, workers=workers)
    most = bench.gate.most
    check.that(
        len(most) <= workers,
        f"with workers={workers}, {len(most)} tasks ran at once: "
        f"{_and([repr(m) for m in most])} (each task stays running until the scheduler has "
        f"been quiet for {QUIET * 1000:g} ms)",
        expr=f"len(gate.most) <= {workers}",
        got=most,
    )


@spec(
    level=4,
    rule="with workers=n, a task still starts only after all of its dependencies completed",
    max_examples=12,
)
@given(graph=graphs(2, 8, failures=True, forward=True), workers=st.integers(2, 3))
@example(graph=(T("a"), T("b", deps=("a",)), T("c", deps=("b",))), workers=2)
@example(graph=(T("a", fails=ALWAYS), T("b", deps=("a",)), T("c")), workers=2)
def test_dependencies_still_hold_with_workers(learner, graph, workers):
    bench = GateBench(learner, QUIET)
    scheduler = build(learner, graph, lambda t: bench.func(t, with_deps=True))
    run(learner, scheduler, workers=workers)
    early = bench.gate.early
    if early:
        tid, dep = early[0]
        failed = {t.id for t in graph if simulate(graph).statuses[t.id] == FAILED}
        how = (
            "although its dependency {!r} failed"
            if dep in failed
            else ("while its dependency {!r} had not completed yet")
        )
        check.equal(
            early,
            [],
            expr="gate.early",
            message=f"with workers={workers}, {tid!r} started {how.format(dep)}",
        )


@spec(
    level=4,
    rule="with workers=n, each task still runs once plus its retries, everything downstream "
    "of a failure is skipped, and run() returns every status and fills results",
    max_examples=20,
)
@given(graph=graphs(1, 9, failures=True, forward=True, values=True), workers=st.integers(2, 4))
@example(graph=(T("a", fails=ALWAYS), T("b", deps=("a",)), T("c")), workers=2)
@example(graph=(T("a", fails=1, retries=1, value=1), T("b", value=2)), workers=2)
def test_every_guarantee_holds_with_workers(learner, graph, workers):
    bench = GateBench(learner, 0.0)
    scheduler = build(learner, graph, bench.func)
    statuses = run(learner, scheduler, workers=workers)
    model = simulate(graph)
    counts = Counter(bench.gate.calls)
    for t in graph:
        want = attempts(t) if model.statuses[t.id] != SKIPPED else 0
        if counts[t.id] != want:
            check.equal(
                counts[t.id],
                want,
                expr=f"gate.calls.count({t.id!r})",
                message=f"with workers={workers}, {t.id!r} was {_called(counts[t.id])}, "
                f"expected {_times(want) if want else 'never'}"
                f"{why_status(graph, t, model.statuses[t.id], model)}",
            )
    check_statuses(learner, scheduler, graph, statuses, model, workers=workers)
    check_results(learner, scheduler, graph, model)
