"""Hidden specs of the retry kata (see katas.md, "retry").

Every expected value comes from the small model below: which call of the wrapped function
returns or raises (from the failure pattern, ``max_attempts`` and ``exceptions``), and the
capped delay ``min(initial_delay * exponential_base ** (k - 1), max_delay)``, computed exactly
with fractions and rounded once.

The wrapped functions are ``flaky_service`` objects (or small functions around one), so every
call is recorded with its arguments and the very exception it raised. Time is the
``frozen_clock`` fixture: ``time.sleep`` and ``asyncio.sleep`` return at once and are recorded.
One clock serves every example of a spec, so each example forgets the sleeps of the previous
one (``reset_records``) and never compares absolute readings across examples.

What katas.md leaves free is never observed (the kata README lists it): exception messages;
validation at ``retry(...)`` or at decoration (both are "when the decorator is created"; a
spec wraps both in ``pytest.raises``, never the first call); whether a zero delay is slept;
which ``random`` function draws the jitter, and from which generator; ``bool`` settings, a
``float`` ``max_attempts``, ``None``, NaN, infinities, ``int`` delays and a non-callable
``on_retry``; a non-bool ``jitter``; an empty ``exceptions`` tuple; decorating methods or
callable objects; the hook's return value or a hook that raises; and very large attempt counts
(no spec makes more than 201 attempts, and no delay of a spec overflows a float power).
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from pytest_pykata.spec import SpecFailure, check, spec, unwrap

DEFAULTS = {
    "max_attempts": 3,
    "initial_delay": 1.0,
    "max_delay": 60.0,
    "exponential_base": 2.0,
    "jitter": True,
    "exceptions": (Exception,),
}
ORDER = [*DEFAULTS, "on_retry"]  # retry's parameters, in the order the reproducer writes them
REL = 1e-9  # katas.md: "a relative difference of 1e-9 is accepted"
REAL_TIMEOUT = 10.0  # real seconds an async scenario may take (it takes milliseconds)
TICK = 0.25  # fake seconds between two ticks of the "other task" at level 4
JITTER_DRAWS = 200  # delays judged at once by the randomness specs
KS_LIMIT = 0.3  # see uniformity_problems
MAX_REPEATS = 40  # see uniformity_problems


# -- the model ---------------------------------------------------------------------------------


def capped_delays(count: int, settings: dict[str, Any]) -> list[float]:
    """The capped delay after failed attempts 1..count, exact, each rounded once to a float."""
    value = Fraction(settings["initial_delay"])
    top = Fraction(settings["max_delay"])
    base = Fraction(settings["exponential_base"])
    out: list[float] = []
    for _ in range(count):
        if value >= top:
            out.append(float(top))
            continue
        out.append(float(value))
        value *= base
    return out


@dataclass(frozen=True)
class Plan:
    """One call of the decorated function: what each attempt does and the retry settings.

    ``outcomes[i]`` is what call ``i + 1`` of the wrapped function does: an exception class
    (it raises a fresh instance) or a value (it returns it); the last one repeats forever.
    """

    outcomes: tuple[Any, ...]
    settings: dict[str, Any]  # what the spec passes to retry(...); the rest are defaults

    def get(self, name: str) -> Any:
        return self.settings.get(name, DEFAULTS[name])

    def outcome(self, call: int) -> Any:
        return self.outcomes[min(call, len(self.outcomes) - 1)]

    def run(self) -> tuple[int, str, Any]:
        """(calls made, "returns" | "exhausted" | "propagates", result or index of the call)."""
        attempts = self.get("max_attempts")
        for i in range(attempts):
            outcome = self.outcome(i)
            if not is_exception_class(outcome):
                return i + 1, "returns", outcome
            if not issubclass(outcome, self.get("exceptions")):
                return i + 1, "propagates", i
            if i + 1 == attempts:
                return i + 1, "exhausted", i
        raise AssertionError("unreachable")  # pragma: no cover

    @property
    def calls(self) -> int:
        return self.run()[0]

    def describe(self) -> str:
        return "a function that " + describe_outcomes(self.outcomes)


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b


def is_exception_class(value: object) -> bool:
    return isinstance(value, type) and issubclass(value, BaseException)


def describe_outcomes(outcomes: tuple[Any, ...]) -> str:
    parts = []
    for outcome, run in itertools.groupby(outcomes, key=lambda o: (type(o), o)):
        o = outcome[1]
        times = len(list(run))
        what = f"raises {o.__name__}" if is_exception_class(o) else f"returns {o!r}"
        parts.append(what + (f" {times} times" if times > 1 else ""))
    return ", then ".join(parts) + " (the last forever)"


# -- strategies --------------------------------------------------------------------------------

POOL = [ConnectionError, TimeoutError, OSError, KeyError, IndexError, ValueError, RuntimeError]
DEFAULT = "default"  # an `exceptions` setting left out
EXCEPTION_SETTINGS: list[Any] = [
    DEFAULT,
    (ConnectionError,),
    OSError,
    (ConnectionError, TimeoutError),
    LookupError,
    (KeyError, ValueError),
    Exception,
    (ArithmeticError, OSError),
    (Exception,),
    RuntimeError,
]
RESULTS = st.sampled_from(["ok", 42, "", 0, ("user", 7), "payload"])
NICE_DELAYS = [1.0, 0.5, 2.0, 0.25, 3.0, 0.001, 1000.0]
NICE_BASES = [2.0, 1.0, 3.0, 1.5, 10.0]

call_args = st.tuples(
    st.lists(st.one_of(st.integers(-3, 9), st.sampled_from(["a", "GET /", ""])), max_size=3).map(
        tuple
    ),
    st.dictionaries(st.sampled_from(["timeout", "page", "key"]), st.integers(0, 9), max_size=2),
)


@st.composite
def backoffs(draw: Any, zero: bool = False) -> dict[str, Any]:
    """initial_delay, max_delay and exponential_base: valid, edges included (equal delays,
    base 1); delays within [1e-3, 1e5] (or 0 with ``zero``) and a base within [1, 10]."""
    if draw(st.integers(0, 5)) == 0 and not zero:
        return {}  # the defaults: 1.0, 60.0, 2.0
    if zero:
        initial = 0.0
        max_delay = draw(st.sampled_from([0.0, 1.0, 60.0]))
    else:
        initial = draw(st.sampled_from(NICE_DELAYS) | st.floats(1e-3, 1e3))
        ratio = draw(st.sampled_from([1.0, 4.0, 60.0, 1e3]) | st.floats(1.0, 1e6))
        max_delay = min(initial * ratio, max(initial, 1e5))
    base = draw(st.sampled_from(NICE_BASES) | st.floats(1.0, 10.0))
    return {"initial_delay": initial, "max_delay": max_delay, "exponential_base": base}


@st.composite
def plans(
    draw: Any,
    kinds: tuple[str, ...] = ("returns", "exhausted", "propagates"),
    attempts: st.SearchStrategy[int] | None = None,
    backoff: st.SearchStrategy[dict[str, Any]] | None = None,
    jitter: st.SearchStrategy[Any] | None = None,
) -> Plan:
    """A call to make: settings, and outcomes that end as ``kinds`` says."""
    attempts = attempts if attempts is not None else st.integers(1, 6)
    jitter = jitter if jitter is not None else st.sampled_from([DEFAULT, True, False])
    settings: dict[str, Any] = {}
    m = draw(st.one_of(attempts, st.just(DEFAULT)))
    if m != DEFAULT:
        settings["max_attempts"] = m
    settings.update(draw(backoff if backoff is not None else backoffs()))
    chosen = draw(jitter)
    if chosen != DEFAULT:
        settings["jitter"] = chosen
    kind = draw(st.sampled_from(kinds))
    choices = EXCEPTION_SETTINGS
    if kind == "propagates":  # something must fall outside `exceptions`
        choices = [e for e in EXCEPTION_SETTINGS if e != DEFAULT and _outside(e)]
    exceptions = draw(st.sampled_from(choices))
    if exceptions != DEFAULT:
        settings["exceptions"] = exceptions
    caught = DEFAULTS["exceptions"] if exceptions == DEFAULT else exceptions
    fail = st.sampled_from([c for c in POOL if issubclass(c, caught)])
    attempts_n = settings.get("max_attempts", DEFAULTS["max_attempts"])
    if kind == "returns":
        failures = draw(st.integers(0, attempts_n - 1))
        outcomes = [draw(fail) for _ in range(failures)] + [draw(RESULTS)]
    elif kind == "exhausted":
        outcomes = [draw(fail) for _ in range(attempts_n)]
    else:
        failures = draw(st.integers(0, attempts_n - 1))
        other = st.sampled_from([c for c in POOL if not issubclass(c, caught)])
        outcomes = [draw(fail) for _ in range(failures)] + [draw(other), draw(RESULTS)]
    return Plan(tuple(outcomes), {k: settings[k] for k in ORDER if k in settings})


def _outside(exceptions: Any) -> bool:
    return any(not issubclass(c, exceptions) for c in POOL)


def positive(plan: Plan) -> bool:
    """Whether every capped delay of the plan is above zero (then every sleep is counted)."""
    return plan.get("initial_delay") > 0


# -- one example's objects, and how the reproducer shows them ------------------------------------


class Example:
    """The objects of one Hypothesis example, each shown in the reproducer by its source.

    ``is_async``: the decorated function is an ``async def`` and every call is awaited (in a
    fresh event loop, bounded in real time).
    """

    def __init__(self, learner: Any, frozen_clock: Any, flaky_service: Any, *, is_async=False):
        self.learner = learner
        self.rec = learner.recorder
        self.clock = frozen_clock
        self.flaky = flaky_service
        self.is_async = is_async
        # Start this example's log now: what is set below must not be wiped by the reset
        # that the first recorded call of a new example would do.
        self.rec.sync()
        frozen_clock.reset_records()
        learner.use_fixture("flaky_service")
        learner.use_fixture("frozen_clock")
        learner.name_results(retry="with_retry", with_retry="retrying")
        self.seen: list[int] = []
        self.heard: list[tuple[BaseException, Any, int]] = []
        self.context = ""  # what a failure message starts with (which call of several)

    # -- things handed to the learner's code -----------------------------------------------

    def service(self, outcomes: tuple[Any, ...] | list[Any], name: str = "service") -> Any:
        service = self.flaky(pattern=list(outcomes))
        pattern = self.pattern_source(list(outcomes))
        self.learner.define(service, name, f"{name} = flaky_service(pattern={pattern})")
        return service

    def pattern_source(self, outcomes: list[Any]) -> str:
        """``outcomes`` as Python, runs of three or more written ``[X] * n``."""
        parts: list[str] = []
        loose: list[str] = []
        i = 0
        while i < len(outcomes):
            j = i
            while j < len(outcomes) and _same(outcomes[j], outcomes[i]):
                j += 1
            item = self.rec.fmt(outcomes[i])
            if j - i >= 3:
                if loose:
                    parts.append("[" + ", ".join(loose) + "]")
                    loose = []
                parts.append(f"[{item}] * {j - i}")
            else:
                loose += [item] * (j - i)
            i = j
        if loose:
            parts.append("[" + ", ".join(loose) + "]")
        return " + ".join(parts)

    def target(self, service: Any, *, count_sleeps: bool = False) -> Any:
        """What gets decorated: the service itself, or ``fetch``, a function around it that
        notes how many sleeps happened before each call (``sleeps_seen``)."""
        if not count_sleeps and not self.is_async:
            return service
        clock, seen = self.clock, self.seen
        lines = []
        if count_sleeps:
            self.learner.define(seen, "sleeps_seen", "sleeps_seen = []")
            self.rec.fmt(seen)
        name = self.rec.fmt(service)
        head = "async def" if self.is_async else "def"
        lines.append(f"{head} fetch(*args, **kwargs):")
        if count_sleeps:
            lines.append("    sleeps_seen.append(len(frozen_clock.sleeps))")
        lines.append(f"    return {name}(*args, **kwargs)")

        if self.is_async:

            async def fetch(*args: Any, **kwargs: Any) -> Any:
                if count_sleeps:
                    seen.append(len(clock.sleeps))
                return service(*args, **kwargs)

        else:

            def fetch(*args: Any, **kwargs: Any) -> Any:
                if count_sleeps:
                    seen.append(len(clock.sleeps))
                return service(*args, **kwargs)

        self.learner.define(fetch, "fetch", lines)
        return fetch

    def hook(self) -> Callable[[BaseException, Any], None]:
        """``on_retry``: notes (exception, attempt, sleeps so far) in ``heard``."""
        clock, heard = self.clock, self.heard

        def on_retry(exception: BaseException, attempt: Any) -> None:
            heard.append((exception, attempt, len(clock.sleeps)))

        self.learner.define(heard, "heard", "heard = []")
        self.rec.fmt(heard)
        self.learner.define(
            on_retry,
            "on_retry",
            [
                "def on_retry(exception, attempt):",
                "    heard.append((exception, attempt, len(frozen_clock.sleeps)))",
            ],
        )
        return on_retry

    # -- the learner's code ----------------------------------------------------------------

    def decorate(self, fn: Any, settings: dict[str, Any]) -> Any:
        """``retry(**settings)(fn)``, recorded as two lines."""
        kwargs = {k: v for k, v in settings.items() if v is not DEFAULT}
        with_retry = self.learner.retry(**kwargs)
        return with_retry(fn)

    def call(self, retrying: Any, args: tuple = (), kwargs: dict | None = None) -> Any:
        """Call (or await) the decorated function once."""
        result = retrying(*args, **(kwargs or {}))
        if not self.is_async:
            return result
        return run_async(result)

    def name(self, obj: object) -> str:
        """How ``obj`` is written in the reproducer (marks it as used there)."""
        return self.rec.fmt(obj)


class _Hung(Exception):
    """The awaited scenario did not finish within REAL_TIMEOUT real seconds."""


def run_async(awaitable: Any) -> Any:
    """Await ``awaitable`` in a fresh event loop, within REAL_TIMEOUT real seconds.

    The event loop's clock stays real under frozen_clock, so ``asyncio.wait`` times out in
    real time; whatever the learner's code raises comes out unchanged (a TimeoutError too).
    """

    async def bounded() -> Any:
        task = asyncio.ensure_future(_await(awaitable))
        done, _ = await asyncio.wait({task}, timeout=REAL_TIMEOUT)
        if not done:
            task.cancel()
            raise _Hung
        return task.result()

    try:
        return asyncio.run(bounded())
    except _Hung:
        check.fail(
            f"awaiting the decorated function did not finish within {REAL_TIMEOUT:g} real "
            "seconds (waiting for something that never happens?)",
            reproducer=False,
        )


async def _await(awaitable: Any) -> Any:
    return await awaitable


@contextlib.contextmanager
def raises_as(learner: Any, expected: type[BaseException], var: str) -> Iterator[Any]:
    """``check.raises``, written ``with pytest.raises(X) as <var>:`` in the reproducer."""
    rec = learner.recorder
    with check.raises(expected) as info:
        step = rec.steps[-1]
        step.text = step.text[:-1] + f" as {var}:"
        yield info


def perform(
    ex: Example,
    retrying: Any,
    plan: Plan,
    args: tuple = (),
    kwargs: dict | None = None,
    *,
    context: str = "",
    keep: bool = False,
) -> tuple[tuple[int, str, Any], tuple[Any, str] | None]:
    """Make the plan's call, expecting what it must return or raise: (model outcome, info).

    ``keep`` names what was raised (``with pytest.raises(X) as excinfo:``) for later checks;
    ``context`` starts the message when the call raises instead of returning.
    """
    calls, kind, value = plan.run()
    if kind == "returns":
        check.equal(expect_return(ex, retrying, args, kwargs, value, context), value)
        return (calls, kind, value), None
    expected = plan.outcome(value)
    if not keep:
        with check.raises(expected):
            ex.call(retrying, args, kwargs)
        return (calls, kind, value), None
    var = ex.rec.new_name("excinfo")
    with raises_as(ex.learner, expected, var) as info:
        ex.call(retrying, args, kwargs)
    return (calls, kind, value), (info, var)


def expect_return(
    ex: Example, retrying: Any, args: tuple, kwargs: dict | None, value: Any, context: str
) -> Any:
    """Call the decorated function, which must return; explain it if it raises instead."""
    try:
        return ex.call(retrying, args, kwargs)
    except SpecFailure:
        raise
    except Exception as exc:
        rec = ex.rec
        step = rec.last_step()
        if step is None or step.exc is not exc:
            raise
        call = rec.render_call(step)
        rec.check_line(f"assert {rec.subject(step)} == {rec.fmt(value)}")
        text = str(exc).strip().splitlines()
        raised = type(exc).__name__ + (f": {text[0][:100]}" if text and text[0] else "")
        raise SpecFailure(
            f"{context}{call} raised {raised}, expected it to return {value!r}",
            expected=repr(value),
            got=raised,
            reproducer=rec.render(failure_comment=f"raises {raised}"),
        ) from exc


# -- checks shared by the sync and async specs -------------------------------------------------


def check_attempts(
    ex: Example,
    retrying: Any,
    service: Any,
    plan: Plan,
    args: tuple = (),
    kwargs: dict | None = None,
) -> None:
    """Level 1 on one call: the result, or the very exception; how many calls; the arguments."""
    kwargs = kwargs or {}
    svc = ex.name(service)
    before = service.call_count
    calls, kind, value = plan.run()
    attempts = plan.get("max_attempts")
    if kind == "returns":
        why = (
            f"with max_attempts={attempts}, {plan.describe()} must be called {calls} time(s), "
            f"until it returns"
        )
    elif kind == "exhausted":
        why = f"with max_attempts={attempts}, {plan.describe()} must be called {calls} time(s)"
    else:
        why = (
            f"call {calls} raised {plan.outcome(value).__name__}, which is not in exceptions: "
            f"it must propagate at once, after {calls} call(s)"
        )
    context = f"{ex.context}{why}: " if kind == "returns" else ex.context
    _, raised = perform(ex, retrying, plan, args, kwargs, context=context, keep=True)
    made = service.call_count - before
    check.equal(
        service.call_count,
        before + calls,
        expr=f"{svc}.call_count",
        message=f"{ex.context}{why}; it was called {made} time(s)",
    )
    if raised is not None:
        info, var = raised
        index = before + value
        check.that(
            info.value is service.calls[index].outcome,
            (
                "the exception that comes out must be the very object the "
                + ("last attempt raised" if kind == "exhausted" else "function raised")
                + f" (call {calls}), not a new one or an earlier one"
            ),
            expr=f"{var}.value is {svc}.calls[{index}].outcome",
        )
    made_calls = service.calls[before:]
    check.that(
        all(c.args == args and c.kwargs == kwargs for c in made_calls),
        (
            f"every attempt must call the function with the same arguments {args!r} and "
            f"{kwargs!r}; got " + ", ".join(f"{c.args!r} and {c.kwargs!r}" for c in made_calls[:3])
        ),
        expr=(
            f"all(c.args == {ex.name(args)} and c.kwargs == {ex.name(kwargs)} "
            f"for c in {svc}.calls[{before}:])"
            if before
            else f"all(c.args == {ex.name(args)} and c.kwargs == {ex.name(kwargs)} "
            f"for c in {svc}.calls)"
        ),
    )


def check_placement(ex: Example, plan: Plan) -> None:
    """One sleep between two attempts, none before the first nor after the last."""
    calls = plan.calls
    want = list(range(calls))
    seen = list(ex.seen)
    if seen[:1] and seen[0] > 0:
        hint = " (a sleep came before the first attempt)"
    elif ex.is_async and seen[-1:] < want[-1:]:
        hint = " (an asyncio.sleep(...) that is not awaited does not sleep)"
    else:
        hint = ""
    check.equal(
        seen,
        want,
        expr=ex.name(ex.seen),
        message=(
            f"before each of the {calls} attempts, the number of sleeps so far must be {want} "
            f"(one sleep between two attempts, none before the first); got {seen}{hint}"
        ),
    )
    check.equal(
        len(ex.clock.sleeps),
        calls - 1,
        expr="len(frozen_clock.sleeps)",
        message=(
            f"{plan.describe()}: after its {calls} attempt(s) there must be {calls - 1} sleep(s) "
            f"in all, none after the last attempt; got {len(ex.clock.sleeps)}"
        ),
    )


def check_delays(ex: Example, plan: Plan, start: int = 0) -> None:
    """The sleeps asked are the model's delays: exact without jitter, within the caps with.

    ``start``: the sleeps of this call begin at ``frozen_clock.sleeps[start]`` (an earlier
    call of the same decorated function made the ones before); ``ex.context`` starts every
    message.
    """
    settings = {**DEFAULTS, **plan.settings}
    caps = capped_delays(plan.calls - 1, settings)
    sleeps = list(ex.clock.sleeps)[start:]
    slept = f"frozen_clock.sleeps[{start}:]" if start else "frozen_clock.sleeps"
    shown = ex.name(caps)
    if not positive(plan):
        check.that(
            all(d == 0 for d in sleeps) and len(sleeps) <= len(caps),
            (
                f"{ex.context}with initial_delay=0 every delay is 0 (slept or skipped), at most "
                f"{len(caps)} of them; got {sleeps}"
            ),
            expr=f"all(d == 0 for d in {slept}) and len({slept}) <= {len(caps)}",
        )
        return
    ex.rec.need_import("import pytest")
    if not plan.get("jitter"):
        check.that(
            len(sleeps) == len(caps)
            and all(_close(d, c) for d, c in zip(sleeps, caps, strict=True)),
            (
                f"{ex.context}with {settings_text(plan)}, jitter=False, the delays after failed "
                f"attempts 1..{len(caps)} must be min(initial_delay * exponential_base ** "
                f"(k - 1), max_delay) = {caps}; got {sleeps}"
            ),
            expr=f"{slept} == pytest.approx({shown}, rel={REL!r})",
        )
        return
    check.equal(len(sleeps), len(caps), expr=f"len({slept})")
    over = [(d, c) for d, c in zip(sleeps, caps, strict=True) if not 0 <= d <= c * (1 + REL)]
    check.that(
        not over,
        (
            f"{ex.context}with jitter=True each delay must lie in [0, min(initial_delay * "
            f"exponential_base ** (k - 1), max_delay)]; with {settings_text(plan)} the caps are "
            f"{caps}, got {sleeps}"
        ),
        expr=f"all(0 <= d <= cap * (1 + {REL!r}) for d, cap in zip({slept}, {shown}))",
    )


AGAIN = "the next call of the same decorated function must back off from initial_delay again: "


def check_delays_twice(ex: Example, service_of: Callable[[Any], Any], plan: Plan) -> None:
    """Two calls of one decorated function, each with the plan's delays from attempt 1 on.

    ``service_of(outcomes)`` makes what gets decorated. The first call uses exactly the
    outcomes it needs, so the second one meets the plan's outcomes from the start.
    """
    service = ex.service(plan.outcomes[: plan.calls] + plan.outcomes)
    retrying = ex.decorate(service_of(service), plan.settings)
    perform(ex, retrying, plan)
    check_delays(ex, plan)
    start = len(ex.clock.sleeps)
    ex.context = AGAIN
    perform(ex, retrying, plan, context=AGAIN)
    check_delays(ex, plan, start)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= max(REL * abs(b), 1e-12)


def settings_text(plan: Plan) -> str:
    settings = {**DEFAULTS, **plan.settings}
    return ", ".join(
        f"{k}={settings[k]!r}" for k in ("initial_delay", "max_delay", "exponential_base")
    )


def check_hook(ex: Example, service: Any, plan: Plan) -> None:
    """on_retry got (the very exception, its 1-based attempt) once per retried failure, before
    the sleep that follows it."""
    retried = plan.calls - 1
    svc = ex.name(service)
    want = [(service.calls[k].outcome, k + 1, k) for k in range(min(retried, service.call_count))]
    shown = "[" + ", ".join(f"({svc}.calls[{k}].outcome, {k + 1}, {k})" for k in range(retried))
    shown += "]"
    got = [(type(e).__name__, a, s) for e, a, s in ex.heard]
    check.that(
        ex.heard == want and len(want) == retried,
        (
            f"{plan.describe()}: on_retry must be called once per failed attempt that is "
            f"retried, before its sleep, as on_retry(the exception itself, attempt number from "
            f"1); expected (exception, attempt, sleeps so far) = "
            f"{[(type(e).__name__, a, s) for e, a, s in want]}, got {got}"
            + (
                ""
                if all(x[0] is y[0] for x, y in zip(ex.heard, want, strict=False))
                else " (not the very exception objects raised)"
            )
        ),
        expr=f"heard == {shown}",
    )


def check_is_coroutine_function(ex: Example, retrying: Any) -> None:
    ex.rec.need_import("import inspect")
    check.that(
        inspect.iscoroutinefunction(unwrap(retrying)),
        "retry(...) applied to an async def function must return an async def function "
        "(inspect.iscoroutinefunction is False for what it returned)",
        expr=f"inspect.iscoroutinefunction({ex.name(retrying)})",
    )


# -- statistics of the jitter ------------------------------------------------------------------


def uniformity_problems(fractions: list[float]) -> str | None:
    """What is wrong with ``fractions`` (each delay divided by its cap) as uniform draws.

    Two tests, each with a negligible chance of failing real uniform draws:
    - Kolmogorov-Smirnov: the largest distance D between the empirical distribution of the
      n = 200 fractions and the uniform one must be at most 0.3. For independent uniform draws,
      P(D > 0.3) <= 2 exp(-2 n 0.3**2) = 2 exp(-36) < 5e-16 (the Dvoretzky-Kiefer-Wolfowitz
      inequality, with Massart's constant). "Always the cap", "always 0", "always half", "half
      plus a random half" and "drawn above the cap, then clipped" all give D >= 0.5.
    - Repeats: at most 40 of the 200 values may repeat an earlier one (at least 160 distinct).
      ``random.random()`` has 2**53 equally likely values, so even scaled to a cap (which may
      merge neighbours in pairs), one pair of equal draws has probability
      <= C(200, 2) * 2**-52 < 5e-12, and even 3 repeats have probability < 1e-25. Whole
      seconds (``randint``) under a cap of a few hundred seconds, "always the cap", and
      clipping repeat values all the time; a draw quantized to a thousandth of its cap (about
      20 repeats) still passes.
    Together: below 1e-15 per example; a spec runs at most 4 examples, each drawing the same
    sequence when the learner uses the ``random`` module's shared generator (Hypothesis seeds
    it for every example), so the verdict is also the same on every run.
    """
    n = len(fractions)
    if n == 0:
        return None
    xs = sorted(min(max(x, 0.0), 1.0) for x in fractions)
    distance = max(max((i + 1) / n - x, x - i / n) for i, x in enumerate(xs))
    repeats = n - len(set(fractions))
    quarters = [0, 0, 0, 0]
    for x in xs:
        quarters[min(int(x * 4), 3)] += 1
    spread = (
        f"as fractions of their caps, {quarters[0]} fell in [0, 0.25), {quarters[1]} in "
        f"[0.25, 0.5), {quarters[2]} in [0.5, 0.75) and {quarters[3]} in [0.75, 1] (about "
        f"{n // 4} each expected)"
    )
    if repeats > MAX_REPEATS:
        common = max(set(fractions), key=fractions.count)
        return (
            f"only {n - repeats} distinct value(s) among {n} delays (the most common, "
            f"{common:.6g} of its cap, {fractions.count(common)} times): uniform draws almost "
            f"never repeat; {spread}"
        )
    if distance > KS_LIMIT:
        return f"they are not spread uniformly over [0, cap]: {spread}"
    return None


def jitter_fractions(sleeps: list[float], caps: list[float]) -> list[float] | None:
    """Each delay divided by its cap; None if the delays cannot be the draws under ``caps``.

    A zero delay may be skipped, a jitter draw of exactly 0 included, so fewer sleeps than
    caps are matched to the caps in order (each to the next cap it fits under) and every cap
    left without a sleep counts as a draw of 0. With continuous draws that never happens.
    """
    fractions: list[float] = []
    i = 0
    for d in sleeps:
        while i < len(caps) and d > caps[i] * (1 + REL):
            fractions.append(0.0)
            i += 1
        if i == len(caps):
            return None
        fractions.append(d / caps[i])
        i += 1
    return fractions + [0.0] * (len(caps) - i)


def check_jitter_is_uniform(ex: Example, plan: Plan) -> None:
    settings = {**DEFAULTS, **plan.settings}
    caps = capped_delays(plan.calls - 1, settings)
    sleeps = list(ex.clock.sleeps)
    fractions = jitter_fractions(sleeps, caps)
    if fractions is None:
        check.fail(
            f"with jitter=True ({settings_text(plan)}) a call that fails {len(caps)} times "
            f"must sleep at most {len(caps)} times, once between two attempts, each delay at "
            f"most its cap; its {len(sleeps)} delays do not fit under the caps",
            reproducer=False,
        )
    problem = uniformity_problems(fractions or [])
    if problem:
        check.fail(
            f"with jitter=True ({settings_text(plan)}) each delay must be drawn uniformly "
            f"from [0, cap], really at random; the {len(caps)} delays of one call that fails "
            f"{len(caps)} times: {problem}",
            reproducer=False,
        )


# -- level 1: try again ------------------------------------------------------------------------


@spec(
    level=1,
    rule="The wrapped function is called with the same arguments until it returns",
    max_examples=20,
)
@given(plan=plans(kinds=("returns",)), arguments=call_args)
@example(plan=Plan(("",), {}), arguments=((), {}))
@example(plan=Plan((ConnectionError, 0), {"max_attempts": 2}), arguments=((7,), {"page": 2}))
@example(plan=Plan((TimeoutError, ConnectionError, "ok"), {}), arguments=(("GET /",), {}))
@example(  # the edges of valid settings: equal delays, base 1 (level 3 refuses only below them)
    plan=Plan(
        (ConnectionError, "ok"),
        {"initial_delay": 0.5, "max_delay": 0.5, "exponential_base": 1.0},
    ),
    arguments=((), {}),
)
def test_called_until_it_returns(learner, frozen_clock, flaky_service, plan, arguments):
    ex = Example(learner, frozen_clock, flaky_service)
    service = ex.service(plan.outcomes)
    retrying = ex.decorate(service, plan.settings)
    check_attempts(ex, retrying, service, plan, *arguments)


@spec(
    level=1,
    rule="After max_attempts failures the last exception itself is re-raised",
    max_examples=20,
)
@given(plan=plans(kinds=("exhausted",)), arguments=call_args)
@example(plan=Plan((ConnectionError,), {"max_attempts": 1}), arguments=((), {}))
def test_last_exception_is_reraised(learner, frozen_clock, flaky_service, plan, arguments):
    ex = Example(learner, frozen_clock, flaky_service)
    service = ex.service(plan.outcomes)
    retrying = ex.decorate(service, plan.settings)
    check_attempts(ex, retrying, service, plan, *arguments)


@spec(
    level=1,
    rule="An exception that is not in exceptions propagates at once, with no retry",
    max_examples=20,
)
@given(plan=plans(kinds=("propagates",)), arguments=call_args)
@example(
    plan=Plan((ConnectionError, KeyError, "ok"), {"exceptions": (ConnectionError,)}),
    arguments=((), {}),
)
def test_other_exceptions_propagate_at_once(learner, frozen_clock, flaky_service, plan, arguments):
    ex = Example(learner, frozen_clock, flaky_service)
    service = ex.service(plan.outcomes)
    retrying = ex.decorate(service, plan.settings)
    check_attempts(ex, retrying, service, plan, *arguments)


segments = st.lists(
    st.one_of(st.integers(0, 5).map(lambda f: ("returns", f)), st.just(("exhausted", 0))),
    min_size=2,
    max_size=4,
)


def check_every_call_starts_afresh(ex: Example, attempts: int, calls: list[tuple[str, int]]):
    outcomes: list[Any] = []
    plans_made = []
    for n, (kind, failures) in enumerate(calls, start=1):
        if kind == "returns":
            part = [ConnectionError] * min(failures, attempts - 1) + [f"call {n}"]
        else:
            part = [ConnectionError] * attempts
        plans_made.append(Plan(tuple(part), {"max_attempts": attempts}))
        outcomes += part
    service = ex.service(outcomes)
    retrying = ex.decorate(ex.target(service), {"max_attempts": attempts})
    for n, plan in enumerate(plans_made, start=1):
        ex.context = f"call {n} of the same decorated function must get its own attempts: "
        check_attempts(ex, retrying, service, plan)


@spec(
    level=1,
    rule="Every call of the decorated function gets its own max_attempts attempts",
    max_examples=15,
)
@given(attempts=st.integers(1, 5), calls=segments)
@example(attempts=2, calls=[("returns", 1), ("returns", 1)])
def test_every_call_starts_afresh(learner, frozen_clock, flaky_service, attempts, calls):
    ex = Example(learner, frozen_clock, flaky_service)
    check_every_call_starts_afresh(ex, attempts, calls)


FUNCTION_NAMES = ["fetch_profile", "load_page", "send_email"]
DOCS = ["Fetch one user's profile.", "Load a page of results.", "Send one email."]


def metadata_subject(ex: Example, name: str, doc: str, ttl: int, is_async: bool) -> Any:
    head = "async def" if is_async else "def"
    lines = [
        f"{head} {name}(user_id: int, *, fields: str = 'all') -> dict:",
        f'    """{doc}"""',
        "    return {'id': user_id, 'fields': fields}",
        f"{name}.cache_ttl = {ttl!r}",
    ]
    namespace: dict[str, Any] = {"__name__": "test_retry"}
    exec("\n".join(lines), namespace)  # the very source the reproducer shows
    fn = namespace[name]
    ex.learner.define(fn, name, lines)
    return fn


def check_metadata(ex: Example, fn: Any, retrying: Any) -> None:
    real = unwrap(retrying)
    wrapped = ex.name(retrying)
    name = ex.name(fn)
    missing = object()
    for attr in ("__name__", "__qualname__", "__doc__", "__module__", "__annotations__"):
        got = getattr(real, attr, missing)
        check.that(
            got == getattr(fn, attr),
            (
                f"functools.wraps metadata must be kept: the decorated function's {attr} must "
                f"be {getattr(fn, attr)!r}, like the original's; got "
                + ("nothing" if got is missing else repr(got))
            ),
            expr=f"{wrapped}.{attr} == {name}.{attr}",
        )
    check.that(
        getattr(real, "__wrapped__", None) is fn,
        (
            "functools.wraps metadata must be kept: the decorated function's __wrapped__ must "
            "be the original function"
        ),
        expr=f"{wrapped}.__wrapped__ is {name}",
    )
    check.that(
        getattr(real, "cache_ttl", missing) == fn.cache_ttl,
        (
            "functools.wraps metadata must be kept: attributes set on the original function "
            "(its __dict__) must be copied to the decorated one"
        ),
        expr=f"{wrapped}.cache_ttl == {fn.cache_ttl!r}",
    )


@spec(level=1, rule="The decorated function keeps the functools.wraps metadata", max_examples=4)
@given(
    pick=st.integers(0, 2),
    ttl=st.integers(1, 99),
    settings=plans(kinds=("returns",)).map(lambda p: p.settings),
)
def test_metadata_is_kept(learner, frozen_clock, flaky_service, pick, ttl, settings):
    ex = Example(learner, frozen_clock, flaky_service)
    fn = metadata_subject(ex, FUNCTION_NAMES[pick], DOCS[pick], ttl, is_async=False)
    check_metadata(ex, fn, ex.decorate(fn, settings))


# -- level 2: back off -------------------------------------------------------------------------


@spec(
    level=2,
    rule="It sleeps once between two attempts, never before the first or after the last",
    max_examples=20,
)
@given(plan=plans(attempts=st.integers(1, 8)))
@example(plan=Plan((ConnectionError,), {"max_attempts": 1, "jitter": False}))
def test_one_sleep_between_attempts(learner, frozen_clock, flaky_service, plan):
    ex = Example(learner, frozen_clock, flaky_service)
    service = ex.service(plan.outcomes)
    retrying = ex.decorate(ex.target(service, count_sleeps=True), plan.settings)
    perform(ex, retrying, plan)
    check_placement(ex, plan)


@spec(
    level=2,
    rule="Without jitter the delay after failed attempt k of a call is the capped exponential",
    max_examples=20,
)
@given(plan=plans(attempts=st.integers(1, 10), jitter=st.just(False)))
@example(
    plan=Plan(
        (ConnectionError,) * 5,
        {"max_attempts": 5, "initial_delay": 1.0, "max_delay": 5.0, "jitter": False},
    )
)
@example(plan=Plan((ConnectionError, "ok"), {"max_attempts": 2, "jitter": False}))
@example(plan=Plan((ConnectionError,) * 7 + ("ok",), {"max_attempts": 8, "jitter": False}))
def test_delays_without_jitter(learner, frozen_clock, flaky_service, plan):
    ex = Example(learner, frozen_clock, flaky_service)
    check_delays_twice(ex, lambda service: service, plan)


@spec(level=2, rule="Without jitter a zero delay is 0 (slept or skipped)", max_examples=8)
@given(plan=plans(backoff=backoffs(zero=True), jitter=st.just(False)))
def test_zero_delays(learner, frozen_clock, flaky_service, plan):
    ex = Example(learner, frozen_clock, flaky_service)
    service = ex.service(plan.outcomes)
    perform(ex, ex.decorate(service, plan.settings), plan)
    check_delays(ex, plan)


# -- level 3: jitter and hooks -----------------------------------------------------------------


@spec(level=3, rule="With jitter each delay lies between 0 and the capped delay", max_examples=20)
@given(
    plan=plans(
        attempts=st.integers(1, 10),
        backoff=backoffs() | backoffs(zero=True),
        jitter=st.sampled_from([True, DEFAULT]),
    )
)
@example(plan=Plan((ConnectionError, "ok"), {"max_attempts": 2, "max_delay": 1.0}))
def test_jitter_stays_under_the_cap(learner, frozen_clock, flaky_service, plan):
    ex = Example(learner, frozen_clock, flaky_service)
    service = ex.service(plan.outcomes)
    perform(ex, ex.decorate(service, plan.settings), plan)
    check_delays(ex, plan)


def jitter_plans(**settings: Any) -> Plan:
    return Plan(
        (ConnectionError,) * JITTER_DRAWS + ("ok",),
        {"max_attempts": JITTER_DRAWS + 1, **settings},
    )


JITTER_EDGES = [
    jitter_plans(initial_delay=1.0, max_delay=1.0),
    jitter_plans(initial_delay=0.5, max_delay=0.5, exponential_base=1.0),
    jitter_plans(initial_delay=3.0, max_delay=1000.0, exponential_base=1.5),
]


@spec(
    level=3,
    rule="With jitter the delays are random, drawn uniformly from 0 to the cap",
    max_examples=4,
)
@given(plan=st.sampled_from(JITTER_EDGES) | st.builds(lambda b: jitter_plans(**b), backoffs()))
@example(plan=JITTER_EDGES[0])
@example(plan=JITTER_EDGES[2])
def test_jitter_is_random(learner, frozen_clock, flaky_service, plan):
    ex = Example(learner, frozen_clock, flaky_service)
    service = ex.service(plan.outcomes)
    perform(ex, ex.decorate(service, plan.settings), plan)
    check_jitter_is_uniform(ex, plan)


@spec(
    level=3,
    rule="on_retry(exception, attempt) is called before each sleep, for retries only",
    max_examples=20,
)
@given(plan=plans(attempts=st.integers(1, 6), backoff=backoffs()))
@example(plan=Plan((ConnectionError,) * 2, {"max_attempts": 2}))
def test_on_retry(learner, frozen_clock, flaky_service, plan):
    ex = Example(learner, frozen_clock, flaky_service)
    service = ex.service(plan.outcomes)
    settings = {**plan.settings, "on_retry": ex.hook()}
    perform(ex, ex.decorate(service, settings), plan)
    check_hook(ex, service, plan)


@st.composite
def bad_values(draw: Any) -> dict[str, Any]:
    """Settings with exactly one of katas.md's ValueError conditions, the rest valid."""
    which = draw(st.integers(0, 4))
    magnitude = draw(st.sampled_from([1.0, 0.001, 5.0]) | st.floats(1e-6, 1e3))
    if which == 0:
        return {"max_attempts": draw(st.sampled_from([0, -1]) | st.integers(-(10**6), 0))}
    if which == 1:  # a negative initial_delay (max_delay stays above it)
        return {"initial_delay": -magnitude}
    if which == 2:  # a negative max_delay (below initial_delay too, unless both are negative)
        initial = draw(st.sampled_from([0.0, 1.0, -2 * magnitude]))
        return {"initial_delay": initial, "max_delay": -magnitude}
    if which == 3:  # 0 <= max_delay < initial_delay
        fraction = draw(st.sampled_from([0.0, 0.5, 0.999999]) | st.floats(0.0, 0.999999))
        return {"initial_delay": magnitude, "max_delay": magnitude * fraction}
    base = draw(st.sampled_from([0.5, 0.0, -2.0, 0.999999]) | st.floats(-10.0, 0.999999))
    return {"exponential_base": base}


def check_refused(ex: Example, settings: dict[str, Any], error: type[BaseException]) -> None:
    """``retry(**settings)`` raises ``error`` when the decorator is created: at ``retry(...)``
    itself or when it is applied to a function, never later."""
    service = ex.service(["ok"])
    shown = ", ".join(f"{k}={ex.name(v)}" for k, v in settings.items())
    try:
        with check.raises(error):
            ex.decorate(service, settings)
    except SpecFailure as failure:
        if "expected it to raise" in failure.message:
            failure.message = (
                f"retry({shown}) must raise {error.__name__} when the decorator is created; "
                "it did not"
            )
            failure.args = (failure.message,)
        raise


@spec(
    level=3,
    rule="Bad values of the settings raise ValueError when the decorator is created",
    max_examples=20,
)
@given(settings=bad_values())
@example(settings={"max_attempts": 0})
@example(settings={"initial_delay": 5.0, "max_delay": 1.0})
@example(settings={"exponential_base": 0.5})
def test_bad_values_raise_value_error(learner, frozen_clock, flaky_service, settings):
    ex = Example(learner, frozen_clock, flaky_service)
    check_refused(ex, settings, ValueError)


NOT_EXCEPTION_CLASSES = [
    [ConnectionError],
    "ConnectionError",
    ConnectionError("down"),
    int,
    None,
    (ConnectionError, "TimeoutError"),
    (ConnectionError, int),
    {ConnectionError},
    (ConnectionError, ValueError("bad")),
    object,
    42,
    [ConnectionError, TimeoutError],
]


@spec(
    level=3,
    rule="An exceptions setting that is not an exception class or a tuple of them raises TypeError",
    max_examples=12,
)
@given(exceptions=st.sampled_from(NOT_EXCEPTION_CLASSES))
@example(exceptions=[ConnectionError])
def test_bad_exceptions_raise_type_error(learner, frozen_clock, flaky_service, exceptions):
    ex = Example(learner, frozen_clock, flaky_service)
    check_refused(ex, {"exceptions": exceptions}, TypeError)


@spec(level=3, rule="A number setting given as a str raises TypeError", max_examples=8)
@given(
    name=st.sampled_from(["max_attempts", "initial_delay", "max_delay", "exponential_base"]),
    value=st.sampled_from(["3", "1", "60", "2.0", "", "0.5"]),
)
def test_str_settings_raise_type_error(learner, frozen_clock, flaky_service, name, value):
    ex = Example(learner, frozen_clock, flaky_service)
    check_refused(ex, {name: value}, TypeError)


# -- level 4: async ----------------------------------------------------------------------------


@spec(
    level=4,
    rule="retry(...) of an async def function returns an async def function",
    max_examples=3,
)
@given(settings=plans(kinds=("returns",)).map(lambda p: p.settings))
def test_async_wrapper_is_a_coroutine_function(learner, frozen_clock, flaky_service, settings):
    ex = Example(learner, frozen_clock, flaky_service, is_async=True)
    service = ex.service(["ok"])
    check_is_coroutine_function(ex, ex.decorate(ex.target(service), settings))


@spec(
    level=4,
    rule="Awaited, the async wrapper retries like the sync one: same calls, result, exception",
    max_examples=15,
)
@given(plan=plans(), arguments=call_args)
def test_async_attempts(learner, frozen_clock, flaky_service, plan, arguments):
    ex = Example(learner, frozen_clock, flaky_service, is_async=True)
    service = ex.service(plan.outcomes)
    retrying = ex.decorate(ex.target(service), plan.settings)
    check_attempts(ex, retrying, service, plan, *arguments)


@spec(
    level=4,
    rule="Every await of the async decorated function gets its own attempts",
    max_examples=8,
)
@given(attempts=st.integers(1, 5), calls=segments)
@example(attempts=2, calls=[("returns", 1), ("returns", 1)])
def test_async_every_call_starts_afresh(learner, frozen_clock, flaky_service, attempts, calls):
    ex = Example(learner, frozen_clock, flaky_service, is_async=True)
    check_every_call_starts_afresh(ex, attempts, calls)


@spec(
    level=4,
    rule="Concurrent awaits of one async decorated function each get their own attempts",
    max_examples=5,
)
@given(
    attempts=st.integers(2, 5),
    failures=st.lists(st.integers(0, 5), min_size=2, max_size=3),
    backoff=backoffs(),
    jitter=st.booleans(),
)
@example(attempts=3, failures=[2, 2], backoff={}, jitter=False)
def test_concurrent_awaits_get_their_own_attempts(
    learner, frozen_clock, flaky_service, attempts, failures, backoff, jitter
):
    ex = Example(learner, frozen_clock, flaky_service, is_async=True)
    plans_made = []
    services = []
    for n, fails in enumerate(failures, start=1):
        fails = min(fails, attempts)  # `attempts` failures: this await is exhausted
        part = (ConnectionError,) * fails + ((f"call {n}",) if fails < attempts else ())
        plans_made.append(Plan(part, {"max_attempts": attempts}))
        services.append(ex.service(part, name=f"service_{n}"))

    async def fetch(service: Any) -> Any:
        return service()

    learner.define(fetch, "fetch", ["async def fetch(service):", "    return service()"])
    settings = {"max_attempts": attempts, **backoff, "jitter": jitter}
    retrying = ex.decorate(fetch, settings)
    names = [ex.name(s) for s in services]
    var = ex.rec.new_name("results")
    ex.rec.is_async = True  # the reproducer awaits inside asyncio.run
    awaits = ", ".join(f"{ex.name(retrying)}({name})" for name in names)
    learner.line(f"{var} = await asyncio.gather({awaits}, return_exceptions=True)")
    with ex.rec.pause():  # the calls are shown as the gather line above
        calls = [retrying(s) for s in services]

    async def together() -> list[Any]:
        return await asyncio.gather(*calls, return_exceptions=True)

    results = run_async(together())
    for i, (plan, service, name) in enumerate(zip(plans_made, services, names, strict=True)):
        made, kind, value = plan.run()
        what = (
            f"{len(services)} concurrent awaits of the same decorated function "
            f"(max_attempts={attempts}) must each get their own attempts: await {i + 1}, on "
            f"{plan.describe()}, "
        )
        got = results[i]
        shown = f"{type(got).__name__}: {got}" if isinstance(got, BaseException) else repr(got)
        if kind == "returns":
            check.that(
                _same(got, value),
                f"{what}must return {value!r}; got {shown}",
                expr=f"{var}[{i}] == {ex.name(value)}",
            )
        else:
            own = service.calls[value].outcome if service.call_count > value else None
            check.that(
                got is own,
                f"{what}must raise the very exception of its attempt {made}; got {shown}",
                expr=f"{var}[{i}] is {name}.calls[{value}].outcome",
            )
        check.equal(
            service.call_count,
            made,
            expr=f"{name}.call_count",
            message=f"{what}must call it {made} time(s); it was called {service.call_count} "
            "time(s)",
        )


@spec(
    level=4,
    rule="The async wrapper backs off with asyncio.sleep, with the delays of levels 2-3",
    max_examples=12,
)
@given(plan=plans(attempts=st.integers(1, 8)))
@example(
    plan=Plan(
        (ConnectionError,) * 3 + ("ok",),
        {"max_attempts": 4, "initial_delay": 1.0, "max_delay": 1.0, "jitter": False},
    )
)
@example(
    plan=Plan(
        (ConnectionError,) * 3,
        {"max_attempts": 3, "initial_delay": 1.0, "max_delay": 5.0, "jitter": False},
    )
)
def test_async_back_off(learner, frozen_clock, flaky_service, plan):
    ex = Example(learner, frozen_clock, flaky_service, is_async=True)
    # The first await uses exactly the outcomes it needs; the second meets them all again.
    service = ex.service(plan.outcomes[: plan.calls] + plan.outcomes)
    retrying = ex.decorate(ex.target(service, count_sleeps=True), plan.settings)
    perform(ex, retrying, plan)
    kinds = [c.kind for c in frozen_clock.sleep_calls]
    check.that(
        all(kind == "async" for kind in kinds),
        (
            "the async wrapper must wait with asyncio.sleep; it called time.sleep, which "
            f"blocks the event loop (the sleeps were of kinds {kinds})"
        ),
        expr="all(c.kind == 'async' for c in frozen_clock.sleep_calls)",
    )
    if positive(plan):
        check_placement(ex, plan)
    check_delays(ex, plan)
    start = len(frozen_clock.sleeps)
    ex.context = AGAIN
    perform(ex, retrying, plan, context=AGAIN)
    check_delays(ex, plan, start)


@spec(level=4, rule="The async wrapper calls on_retry like the sync one", max_examples=10)
@given(plan=plans(attempts=st.integers(1, 6), backoff=backoffs()))
def test_async_on_retry(learner, frozen_clock, flaky_service, plan):
    ex = Example(learner, frozen_clock, flaky_service, is_async=True)
    service = ex.service(plan.outcomes)
    settings = {**plan.settings, "on_retry": ex.hook()}
    perform(ex, ex.decorate(ex.target(service), settings), plan)
    check_hook(ex, service, plan)


@spec(
    level=4, rule="The async decorated function keeps the functools.wraps metadata", max_examples=3
)
@given(pick=st.integers(0, 2), ttl=st.integers(1, 99))
def test_async_metadata_is_kept(learner, frozen_clock, flaky_service, pick, ttl):
    ex = Example(learner, frozen_clock, flaky_service, is_async=True)
    fn = metadata_subject(ex, FUNCTION_NAMES[pick], DOCS[pick], ttl, is_async=True)
    check_metadata(ex, fn, ex.decorate(fn, {}))


@spec(level=4, rule="Other tasks run while the async wrapper backs off", max_examples=5)
@given(
    failures=st.integers(1, 4),
    initial=st.sampled_from([0.5, 1.0, 2.0]),
    base=st.sampled_from([2.0, 1.0]),
)
def test_other_tasks_run_during_the_back_off(
    learner, frozen_clock, flaky_service, failures, initial, base
):
    ex = Example(learner, frozen_clock, flaky_service, is_async=True)
    plan = Plan(
        (ConnectionError,) * failures + ("ok",),
        {
            "max_attempts": failures + 1,
            "initial_delay": initial,
            "exponential_base": base,
            "jitter": False,
        },
    )
    service = ex.service(plan.outcomes)
    fetch = ex.target(service)
    ticks: list[float] = []

    async def ticker() -> None:
        while True:
            await frozen_clock.async_advance(TICK)
            ticks.append(frozen_clock.monotonic())

    learner.define(ticks, "ticks", "ticks = []")
    learner.define(
        ticker,
        "ticker",
        [
            "async def ticker():",
            "    while True:",
            f"        await frozen_clock.async_advance({TICK!r})",
            "        ticks.append(frozen_clock.monotonic())",
        ],
    )
    ex.name(ticks)
    ex.name(ticker)
    retrying = ex.decorate(fetch, plan.settings)
    learner.line("ticking = asyncio.create_task(ticker())")
    call = retrying()

    async def scenario() -> Any:
        ticking = asyncio.create_task(ticker())
        try:
            return await call
        finally:
            ticking.cancel()

    run_async(scenario())
    learner.line("ticking.cancel()")
    svc = ex.name(service)
    times = service.call_times
    quiet = [
        n + 1
        for n, (a, b) in enumerate(itertools.pairwise(times))
        if not any(a < t < b for t in ticks)
    ]
    check.that(
        len(times) == failures + 1 and not quiet,
        (
            f"another task must run while the wrapper waits between attempts: a task ticking "
            f"every {TICK} s of fake time did not tick between attempt "
            + (f"{quiet[0]} and attempt {quiet[0] + 1}" if quiet else "1 and the next")
            + " (does the async wrapper block the event loop with time.sleep, or not await "
            "asyncio.sleep?)"
        ),
        expr=(
            f"all(any(a < t < b for t in ticks) for a, b in "
            f"zip({svc}.call_times, {svc}.call_times[1:]))"
        ),
    )


@spec(
    level=4,
    rule="With jitter the async delays are random, drawn uniformly from 0 to the cap",
    max_examples=2,
)
@given(plan=st.sampled_from(JITTER_EDGES))
@example(plan=JITTER_EDGES[0])
def test_async_jitter_is_random(learner, frozen_clock, flaky_service, plan):
    ex = Example(learner, frozen_clock, flaky_service, is_async=True)
    service = ex.service(plan.outcomes)
    perform(ex, ex.decorate(ex.target(service), plan.settings), plan)
    check_jitter_is_uniform(ex, plan)
