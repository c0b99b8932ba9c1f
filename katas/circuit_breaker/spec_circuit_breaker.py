"""Hidden specs of the circuit_breaker kata (see katas.md, "circuit_breaker").

Levels 1 to 3 drive the learner's breaker with a Hypothesis state machine and compare every
step with the small model below (closed / open / half-open, the count of consecutive expected
failures, and the fake-clock reading when the breaker opened); one level-1 spec builds several
breakers, since the machines use one per example and would miss shared state. Level 4 is
deterministic: the interleavings are forced inside ``func`` with Events and a Barrier, and
every wait is bounded so a deadlocked breaker fails with a message instead of hanging.

Time is the ``frozen_clock`` fixture. One clock serves every example of a spec and only moves
forward, so the model keeps absolute readings (``frozen_clock.monotonic()``); every timeout and
advance is a multiple of 0.25 s, so ``now - opened_at >= timeout`` is exact in floating point
however the learner writes it (and ``time.time()`` moves by the same exact amounts).

What katas.md leaves free is never observed: the message, cause and base class (beyond
``Exception``) of ``CircuitOpenError``; argument types (no spec passes a bool, a non-int
threshold, an int timeout, a bare exception class, NaN or infinity, and no spec checks a
TypeError); ``BaseException``s that are not ``Exception``s; a call made from inside ``func``
on the trial's own thread; calls that finish after another thread changed the state.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from pytest_pykata.concurrency import start
from pytest_pykata.recorder import LearnerExit
from pytest_pykata.spec import SpecFailure, check, run_machine, spec, unwrap

DEFAULT_THRESHOLD = 5
DEFAULT_TIMEOUT = 30.0

# Real seconds. A correct breaker answers in microseconds; these only bound a broken one.
AT_ONCE = 3.0  # "at once": another thread's call or state read while func is held
HOLD = 10.0  # how long a held func waits for its release before giving up on its own
THREADS = 8  # concurrent failing calls in the lost-update spec


# -- the model ---------------------------------------------------------------------------------


class Model:
    """What katas.md says a breaker is: a count, and when it opened (None while closed)."""

    def __init__(self, threshold: int, timeout: float, expected: tuple[type[BaseException], ...]):
        self.threshold = threshold
        self.timeout = timeout
        self.expected = expected
        self.failures = 0
        self.opened_at: float | None = None

    def state(self, now: float) -> str:
        if self.opened_at is None:
            return "closed"
        return "half-open" if now - self.opened_at >= self.timeout else "open"

    def why(self, now: float) -> str:
        """Why the model is in its state, for failure messages."""
        if self.opened_at is None:
            counted = f"{self.failures} consecutive expected failure"
            counted += "" if self.failures == 1 else "s"
            return f"{counted} counted, failure_threshold={self.threshold}"
        ago = now - self.opened_at
        return f"it opened {ago:g} s ago, recovery_timeout={self.timeout!r}"

    def is_expected(self, exc_type: type[BaseException]) -> bool:
        return issubclass(exc_type, self.expected)

    # Outcomes of a call that ran func (the breaker was closed or half-open).
    def succeeded(self, now: float) -> None:
        self.failures = 0
        self.opened_at = None  # a trial's success closes; a closed call's keeps it closed

    def failed(self, now: float) -> None:
        if self.opened_at is not None:  # the half-open trial failed: open again, new timer
            self.opened_at = now
            return
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = now
            self.failures = 0

    def reset(self) -> None:
        self.failures = 0
        self.opened_at = None


# -- what the specs hand to the breaker ----------------------------------------------------------

# kind -> exception class and message; each raiser raises one exception object, always the same.
ERRORS: dict[str, tuple[type[Exception], str]] = {
    "value_error": (ValueError, "bad reply"),
    "connection_error": (ConnectionError, "service down"),
    "timeout_error": (TimeoutError, "no answer"),
    "key_error": (KeyError, "missing"),
    "runtime_error": (RuntimeError, "crashed"),
}
KINDS = list(ERRORS)  # value_error first: what shrinking lands on


class Kit:
    """The functions of one example, each shown in the reproducer by its source.

    Every function appends its name to ``calls``, which tells whether the breaker called it;
    ``ok`` returns its arguments, so its result shows they were passed through.
    """

    def __init__(self, learner: Any) -> None:
        self.learner = learner
        self.rec = learner.recorder
        self.calls: list[str] = []
        learner.define(self.calls, "calls", "calls = []")
        self.rec.fmt(self.calls)  # every function below appends to it: always shown
        self.ok = self._make_ok()
        self.raisers: dict[str, Callable[..., Any]] = {}
        self.errors: dict[str, BaseException] = {}

    def _make_ok(self) -> Callable[..., Any]:
        calls = self.calls

        def ok(*args: Any, **kwargs: Any) -> Any:
            calls.append("ok")
            return ("ok", args, kwargs)

        self.learner.define(
            ok,
            "ok",
            [
                "def ok(*args, **kwargs):",
                '    calls.append("ok")',
                '    return ("ok", args, kwargs)',
            ],
        )
        return ok

    def error(self, kind: str) -> BaseException:
        """The one ``<kind>`` exception object of this kit, shown as ``<kind> = ...``."""
        if kind not in self.errors:
            exc_type, text = ERRORS[kind]
            error = exc_type(text)
            self.learner.define(error, kind, f"{kind} = {exc_type.__name__}({text!r})")
            self.rec.fmt(error)  # the raiser's source needs it even where it is not named
            self.errors[kind] = error
        return self.errors[kind]

    def raiser(self, kind: str) -> Callable[..., Any]:
        """``raise_<kind>``: a function that raises the one ``<kind>`` object of this kit."""
        if kind not in self.raisers:
            error = self.error(kind)
            name = f"raise_{kind}"
            calls = self.calls

            def raise_it(*args: Any, **kwargs: Any) -> Any:
                calls.append(name)
                raise error

            raise_it.__name__ = raise_it.__qualname__ = name
            self.learner.define(
                raise_it,
                name,
                [
                    f"def {name}(*args, **kwargs):",
                    f"    calls.append({name!r})",
                    f"    raise {kind}",
                ],
            )
            self.raisers[kind] = raise_it
        return self.raisers[kind]

    def name(self, obj: object) -> str:
        """How ``obj`` is written in the reproducer (marks its definition as used)."""
        return self.rec.fmt(obj)


def advance(learner: Any, clock: Any, seconds: float, comment: str = "") -> None:
    """Move the fake clock, and show it in the reproducer."""
    learner.use_fixture("frozen_clock")
    learner.line(f"frozen_clock.advance({seconds!r})" + (f"  # {comment}" if comment else ""))
    clock.advance(seconds)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:100]}" if text and text[0] else type(exc).__name__


def unchained(failure: SpecFailure) -> SpecFailure:
    """``failure`` without the learner's exception chained to it.

    Hypothesis tells failures apart by the classes in their exception chain, and every example
    gets a freshly imported learner module: a chained ``CircuitOpenError`` of the replayed
    example is another class than the one of the example that failed first, which Hypothesis
    would report as a flaky test. The message already says what the learner's code raised.
    """
    failure.__cause__ = None
    failure.__context__ = None
    failure.__suppress_context__ = True
    return failure


def raised_instead(learner: Any, failure: SpecFailure) -> SpecFailure:
    """A check.raises failure because something else was raised: say so on the last line."""
    got = failure.got or ""
    if got and not got.startswith(("returned", "succeeded", "did not raise")):
        failure.reproducer = learner.recorder.render(failure_comment=f"raises {got}")
    return unchained(failure)


def expect_result(learner: Any, thunk: Callable[[], Any], expected: Any, context: str) -> Any:
    """Run a recorded call that must return ``expected``."""
    rec = learner.recorder
    rec.sync()
    raised: Exception | None = None
    try:
        result = thunk()
    except LearnerExit:
        raise
    except Exception as exc:
        raised = exc
    if raised is not None:
        step = rec.last_step()
        if step is None or step.kind != "call" or step.exc is not raised:
            raise raised
        call = rec.render_call(step)
        want = rec.fmt(expected)
        rec.check_line(f"assert {rec.subject(step)} == {want}")
        raise unchained(
            SpecFailure(
                f"{call} raised {_describe(raised)}, expected it to call the function and "
                f"return {want} ({context})",
                expected=want,
                got=_describe(raised),
                reproducer=rec.render(failure_comment=f"raises {_describe(raised)}"),
            )
        )
    check.equal(result, expected)
    return result


def expect_same_error(
    learner: Any, thunk: Callable[[], Any], error: BaseException, name: str, context: str
) -> None:
    """Run a recorded call that must raise ``error`` itself (the very object func raised)."""
    rec = learner.recorder
    rec.sync()
    first = len(rec.steps)
    kind = type(error).__name__
    try:
        with check.raises(
            type(error), what=f"the {kind} raised by the function ({context})"
        ) as info:
            thunk()
    except SpecFailure as failure:
        raise raised_instead(learner, failure) from None
    if info.value is error:
        return
    for step in rec.steps[first:]:
        if step.kind == "line" and step.text.startswith("with pytest.raises("):
            step.text = step.text[:-1] + " as excinfo:"
            break
    check.that(
        False,
        f"the call raised a different {kind} object ({_describe(info.value)}), expected the "
        f"very {kind} the function raised: re-raise it with a bare `raise`, do not wrap or copy "
        "it",
        expr=f"excinfo.value is {name}",
    )


def expect_rejected(learner: Any, thunk: Callable[[], Any], context: str) -> None:
    """Run a recorded call that must raise CircuitOpenError."""
    error_class = unwrap(learner.CircuitOpenError)
    try:
        with check.raises(error_class, what=f"CircuitOpenError ({context})"):
            thunk()
    except SpecFailure as failure:
        raise raised_instead(learner, failure) from None


# -- levels 1 to 3: the state machines -----------------------------------------------------------

ARGS = st.sampled_from([(), (1,), (2, 3)])
KWARGS = st.sampled_from([{}, {"key": 4}])


class BreakerMachine(RuleBasedStateMachine):
    """Level 1: calls that succeed or raise, a clock that never reaches recovery_timeout."""

    # Shrinking goes to the first values; the defaults (5 and 30.0) are sometimes left out of
    # the constructor call, so the defaults themselves are checked too.
    THRESHOLDS = st.integers(1, DEFAULT_THRESHOLD)
    TIMEOUTS = st.sampled_from([10.0, 0.5, DEFAULT_TIMEOUT])
    EXPECTED: st.SearchStrategy[Any] = st.none()

    def __init__(self, learner: Any, clock: Any) -> None:
        super().__init__()
        self.learner = learner
        self.clock = clock

    @initialize(data=st.data())
    def create(self, data: st.DataObject) -> None:
        self.kit = Kit(self.learner)
        # Even a reproducer that never moves the clock needs it frozen: recovery_timeout
        # must not run out in real time while it runs.
        self.learner.use_fixture("frozen_clock")
        # One clock serves every example, but the reproducer starts a fresh one at 1000.0:
        # start each example on a whole second too (unrecorded), so the readings have the same
        # fractions in both and a breaker that truncates them fails its reproducer as well.
        fraction = self.now() % 1.0
        if fraction:
            self.clock.advance(1.0 - fraction)
        threshold = data.draw(self.THRESHOLDS, label="failure_threshold")
        timeout = data.draw(self.TIMEOUTS, label="recovery_timeout")
        expected = data.draw(self.EXPECTED, label="expected_exceptions")
        kwargs: dict[str, Any] = {}
        if threshold != DEFAULT_THRESHOLD or not data.draw(st.booleans(), label="default"):
            kwargs["failure_threshold"] = threshold
        if timeout != DEFAULT_TIMEOUT or not data.draw(st.booleans(), label="default"):
            kwargs["recovery_timeout"] = timeout
        if expected is not None:
            kwargs["expected_exceptions"] = expected
        self.model = Model(threshold, timeout, (Exception,) if expected is None else expected)
        self.learner.name_results(CircuitBreaker="breaker")
        self.breaker = self.learner.CircuitBreaker(**kwargs)
        self.kit.name(self.breaker)
        self.guarded: dict[str, Any] = {}
        self.expected_calls: list[str] = []
        self.check_state()

    # -- checks ---------------------------------------------------------------------------

    def now(self) -> float:
        return self.clock.monotonic()

    def check_state(self) -> None:
        now = self.now()
        want = self.model.state(now)
        got = self.breaker.state
        check.equal(
            got,
            want,
            message=f"breaker.state returned {self.kit.rec.fmt(unwrap(got))}, expected {want!r} "
            f"({self.model.why(now)})",
        )

    def check_calls(self, what: str) -> None:
        calls = self.kit.calls
        if calls == self.expected_calls:
            return
        if len(calls) > len(self.expected_calls):
            reason = f"{what} must not call the function"
        else:
            reason = f"{what} must call the function once"
        check.equal(list(calls), list(self.expected_calls), expr="calls", message=reason)

    # -- one call through the breaker ------------------------------------------------------

    def target(self, func: Callable[..., Any], via_decorator: bool) -> Any:
        """What to call: ``breaker.call`` with func first, or func decorated by the breaker."""
        if not via_decorator:
            call = self.breaker.call
            return lambda *a, **kw: call(func, *a, **kw)
        name = func.__name__
        if name not in self.guarded:
            self.learner.name_results(breaker=f"guarded_{name}")
            self.guarded[name] = self.breaker(func)
            self.kit.name(self.guarded[name])
        return self.guarded[name]

    def do_call(self, kind: str | None, args: tuple, kwargs: dict, via_decorator: bool) -> None:
        func = self.kit.ok if kind is None else self.kit.raiser(kind)
        name = func.__name__
        target = self.target(func, via_decorator)
        now = self.now()
        state = self.model.state(now)
        if state == "open":
            expect_rejected(
                self.learner,
                lambda: target(*args, **kwargs),
                f"the breaker is open, {self.model.why(now)}",
            )
            self.check_calls("a call while the breaker is open")
            self.check_state()
            return
        self.expected_calls.append(name)
        trial = state == "half-open"
        where = "the breaker is half-open: this call is the trial" if trial else "it is closed"
        if kind is None:
            expect_result(
                self.learner, lambda: target(*args, **kwargs), ("ok", args, kwargs), where
            )
            self.model.succeeded(now)
        else:
            error = self.kit.errors[kind]
            if not self.model.is_expected(type(error)):
                where += ", and the exception is not an expected one"
            elif not trial and self.model.failures + 1 >= self.model.threshold:
                where = "this failure opens the breaker, and the call still raises it"
            expect_same_error(self.learner, lambda: target(*args, **kwargs), error, kind, where)
            if self.model.is_expected(type(error)):
                self.model.failed(now)
        self.check_calls(f"a call while the breaker is {state}")
        self.check_state()

    # -- level 1 rules -----------------------------------------------------------------------

    @rule(args=ARGS, kwargs=KWARGS)
    def call_succeeds(self, args: tuple, kwargs: dict) -> None:
        self.do_call(None, args, kwargs, via_decorator=False)

    @rule(kind=st.sampled_from(KINDS))
    def call_raises(self, kind: str) -> None:
        self.do_call(kind, (), {}, via_decorator=False)

    def expected_kind(self, pick: int) -> str:
        kinds = [k for k in KINDS if self.model.is_expected(ERRORS[k][0])]
        return kinds[pick % len(kinds)]

    @precondition(
        lambda self: (
            self.model.state(self.now()) == "closed"
            and self.model.failures < self.model.threshold - 1
        )
    )
    @rule(pick=st.integers(0, 4))
    def calls_fail_up_to_one_short_of_the_threshold(self, pick: int) -> None:
        # Expected failures in a row until one more would open it: the interesting edge.
        for _ in range(self.model.threshold - 1 - self.model.failures):
            self.do_call(self.expected_kind(pick), (), {}, via_decorator=False)


STEPS = [0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0]


class RecoverMachine(BreakerMachine):
    """Level 2: the clock moves; the breaker reads half-open at the timeout; trials."""

    @rule(seconds=st.sampled_from(STEPS), peek=st.booleans())
    def time_passes(self, seconds: float, peek: bool) -> None:
        self.advance(seconds, peek)

    @precondition(lambda self: self.model.state(self.now()) == "open")
    @rule(offset=st.sampled_from([0.0, 0.0, -0.25, 0.25]), peek=st.booleans())
    def time_passes_to_the_timeout(self, offset: float, peek: bool) -> None:
        # Exactly recovery_timeout after the breaker opened (or a quarter second either side).
        assert self.model.opened_at is not None
        remaining = self.model.opened_at + self.model.timeout - self.now()
        self.advance(max(0.0, remaining + offset), peek)

    @precondition(lambda self: self.model.state(self.now()) == "closed")
    @rule(pick=st.integers(0, 4), gap=st.sampled_from([0.5, 5.0]))
    def failures_spread_over_time_open_it(self, pick: int, gap: float) -> None:
        # The timer starts when the breaker opens, not at the first failure of the streak.
        for n in range(self.model.threshold - self.model.failures):
            if n:
                self.advance(gap, peek=False)
            self.do_call(self.expected_kind(pick), (), {}, via_decorator=False)

    def advance(self, seconds: float, peek: bool) -> None:
        note = ""
        if self.model.opened_at is not None:
            since = self.now() + seconds - self.model.opened_at
            note = f"{since:g} s since the breaker opened"
        advance(self.learner, self.clock, seconds, note)
        if peek:  # sometimes the next call comes without a look at the state first
            self.check_state()


EXPECTED_SETS = st.sampled_from(
    [
        None,
        (ValueError,),
        (ConnectionError, TimeoutError),
        (OSError,),  # ConnectionError and TimeoutError are OSErrors: subclasses count
        (LookupError, RuntimeError),
    ]
)


class SelectiveMachine(RecoverMachine):
    """Level 3: expected_exceptions, so some exceptions are unexpected; timeout 0 too."""

    TIMEOUTS = st.sampled_from([10.0, 0.0, 0.5, DEFAULT_TIMEOUT])
    EXPECTED = EXPECTED_SETS


class ResetMachine(SelectiveMachine):
    """Level 3: reset() from any state."""

    @rule()
    def reset(self) -> None:
        self.breaker.reset()
        self.model.reset()
        self.check_state()


class DecoratorMachine(SelectiveMachine):
    """Level 3: calls through ``breaker(func)`` share the breaker with direct calls."""

    @rule(args=ARGS, kwargs=KWARGS)
    def decorated_call_succeeds(self, args: tuple, kwargs: dict) -> None:
        self.do_call(None, args, kwargs, via_decorator=True)

    @rule(kind=st.sampled_from(KINDS), args=ARGS)
    def decorated_call_raises(self, kind: str, args: tuple) -> None:
        self.do_call(kind, args, {}, via_decorator=True)


def run(machine: type[BreakerMachine], learner: Any, clock: Any, **settings: Any) -> None:
    class Machine(machine):  # type: ignore[misc, valid-type]
        def __init__(self) -> None:
            super().__init__(learner, clock)

    Machine.__qualname__ = Machine.__name__ = machine.__qualname__  # its own fixed seed
    run_machine(Machine, **settings)


# -- level 1: trip --------------------------------------------------------------------------------


@spec(level=1, rule="CircuitOpenError is a subclass of Exception")
def test_circuit_open_error_is_an_exception(learner):
    error_class = unwrap(learner.CircuitOpenError)
    check.that(
        isinstance(error_class, type) and issubclass(error_class, Exception),
        "CircuitOpenError must be a class that subclasses Exception",
        expr="issubclass(CircuitOpenError, Exception)",
    )


@spec(
    level=1,
    rule="every breaker has its own state and count: one breaker's failures and successes "
    "never change another, and a new breaker is closed even after another one opened",
)
def test_each_breaker_has_its_own_state(learner, frozen_clock):
    # Before the state machines: a breaker that keeps its count or state in shared data (a
    # class attribute, a mutable default argument) fails here first, with a reproducer that
    # fails on its own. Only call, expected exceptions and a clock that never moves (level 1).
    kit = Kit(learner)
    learner.use_fixture("frozen_clock")
    value_error = kit.error("value_error")
    raise_value_error = kit.raiser("value_error")

    def new_breaker(name: str) -> Any:
        learner.name_results(CircuitBreaker=name)
        breaker = learner.CircuitBreaker(failure_threshold=2, recovery_timeout=10.0)
        kit.name(breaker)
        return breaker

    def check_state(breaker: Any, name: str, want: str, why: str) -> None:
        got = breaker.state
        check.equal(
            got,
            want,
            message=f"{name}.state returned {kit.rec.fmt(unwrap(got))}, expected {want!r} ({why})",
        )

    def fail(breaker: Any, context: str) -> None:
        expect_same_error(
            learner, lambda: breaker.call(raise_value_error), value_error, "value_error", context
        )

    first = new_breaker("first")
    second = new_breaker("second")
    check_state(second, "second", "closed", "a new breaker is closed")
    fail(first, "first is closed")
    fail(second, "second is closed, with no failure of its own yet")
    check_state(
        second,
        "second",
        "closed",
        "1 failure of its own, failure_threshold=2: each breaker counts only its own failures",
    )
    check_state(first, "first", "closed", "1 failure of its own, failure_threshold=2")
    fail(first, "this second failure in a row opens first, and the call still raises it")
    check_state(first, "first", "open", "2 failures of its own, failure_threshold=2")
    check_state(second, "second", "closed", "only first opened")
    expect_result(learner, lambda: second.call(kit.ok), ("ok", (), {}), "second is closed")
    third = new_breaker("third")
    check_state(third, "third", "closed", "a new breaker is closed, whatever other breakers do")
    expect_result(learner, lambda: third.call(kit.ok), ("ok", (), {}), "third is a new breaker")
    expect_rejected(
        learner,
        lambda: first.call(kit.ok),
        "first is open: the successes of other breakers do not close it",
    )
    check_state(first, "first", "open", "the successes of other breakers do not close it")
    check_state(second, "second", "closed", "its last call succeeded")


@spec(
    level=1,
    rule="a closed breaker passes calls through, failure_threshold consecutive failures open "
    "it (each call re-raising its own exception), and an open breaker raises "
    "CircuitOpenError without calling the function",
)
def test_trips_after_consecutive_failures(learner, frozen_clock):
    run(BreakerMachine, learner, frozen_clock, max_examples=60, steps=15)


@spec(
    level=1,
    rule="call(func, *args, **kwargs) calls func(*args, **kwargs) and returns its result",
    max_examples=30,
)
@given(
    args=st.lists(st.integers(0, 9) | st.text(max_size=2), max_size=3).map(tuple),
    kwargs=st.dictionaries(st.sampled_from(["key", "timeout", "retries"]), st.integers(0, 9)),
)
@example(args=(), kwargs={})
@example(args=(1,), kwargs={"key": 2})
def test_call_passes_arguments_and_returns_the_result(learner, args, kwargs):
    kit = Kit(learner)
    learner.name_results(CircuitBreaker="breaker")
    breaker = learner.CircuitBreaker(failure_threshold=2, recovery_timeout=10.0)
    expect_result(
        learner,
        lambda: breaker.call(kit.ok, *args, **kwargs),
        ("ok", args, kwargs),
        "the breaker is closed",
    )
    check.equal(breaker.state, "closed")


# -- level 2: recover -----------------------------------------------------------------------------


@spec(
    level=2,
    rule="recovery_timeout seconds after opening (exactly then too) the breaker reads "
    '"half-open", and the next call is a trial: success closes it, an expected failure '
    "opens it again with a new timer",
)
def test_recovers_through_a_trial(learner, frozen_clock):
    run(RecoverMachine, learner, frozen_clock, max_examples=80, steps=20)


# -- level 3: selective ---------------------------------------------------------------------------


@spec(
    level=3,
    rule="only exceptions that are instances of expected_exceptions count as failures; any "
    "other propagates unchanged and changes nothing (a half-open breaker stays half-open)",
)
def test_only_expected_exceptions_count(learner, frozen_clock):
    run(SelectiveMachine, learner, frozen_clock, max_examples=60, steps=20)


@spec(level=3, rule="reset() closes the breaker and clears the count, whatever its state")
def test_reset_closes_and_clears_the_count(learner, frozen_clock):
    run(ResetMachine, learner, frozen_clock, max_examples=40, steps=20)


@spec(
    level=3,
    rule="@breaker wraps a function so every call goes through the breaker, sharing its "
    "state and count with breaker.call",
)
def test_decorated_calls_share_the_breaker(learner, frozen_clock):
    run(DecoratorMachine, learner, frozen_clock, max_examples=40, steps=20)


@spec(
    level=3,
    rule="@breaker keeps the function's __name__ and __doc__, and passes its arguments and "
    "result through",
)
def test_decorator_keeps_metadata_and_passes_arguments(learner):
    rec = learner.recorder
    learner.name_results(CircuitBreaker="breaker")
    breaker = learner.CircuitBreaker()
    rec.fmt(breaker)

    def fetch_page(url, *, timeout=30):
        """Fetch one page."""
        return f"{url} within {timeout} s"

    with learner.pause():
        guarded = breaker(fetch_page)
    rec.line("@breaker")
    rec.line("def fetch_page(url, *, timeout=30):")
    rec.line('    """Fetch one page."""')
    rec.line('    return f"{url} within {timeout} s"')
    real = unwrap(guarded)
    check.equal(getattr(real, "__name__", None), "fetch_page", expr="fetch_page.__name__")
    check.equal(getattr(real, "__doc__", None), "Fetch one page.", expr="fetch_page.__doc__")
    call = 'fetch_page("https://example.com/", timeout=5)'
    raised: Exception | None = None
    with learner.pause():
        try:
            page = real("https://example.com/", timeout=5)
        except Exception as exc:
            raised = exc
    if raised is not None:
        rec.line(f"{call}  # raises {_describe(raised)}")
        check.fail(
            f"{call} raised {_describe(raised)}, expected the decorated function to be called "
            "with the same arguments"
        )
    check.equal(
        page,
        "https://example.com/ within 5 s",
        expr=call,
        message=f"{call} returned {page!r}: the decorated function must be called with the "
        "same arguments, and its result returned",
    )


@spec(
    level=3,
    rule="failure_threshold < 1 or a negative recovery_timeout raises ValueError "
    "(failure_threshold=1 and recovery_timeout=0.0 are valid)",
    max_examples=40,
)
@given(
    threshold=st.one_of(st.none(), st.integers(max_value=0), st.integers(1, 10)),
    timeout=st.one_of(
        st.none(),
        st.floats(min_value=-1e9, max_value=-1e-9),
        st.sampled_from([0.0, 0.5, 30.0]),
    ),
)
@example(threshold=0, timeout=None)
@example(threshold=-1, timeout=None)
@example(threshold=None, timeout=-1.0)
@example(threshold=None, timeout=-0.25)
@example(threshold=0, timeout=-30.0)
@example(threshold=1, timeout=0.0)  # the valid edges
def test_bad_arguments_raise_value_error(learner, threshold, timeout):
    bad_threshold = threshold is not None and threshold < 1
    bad_timeout = timeout is not None and timeout < 0
    kwargs = {}
    if threshold is not None:
        kwargs["failure_threshold"] = threshold
    if timeout is not None:
        kwargs["recovery_timeout"] = timeout
    learner.name_results(CircuitBreaker="breaker")
    if bad_threshold or bad_timeout:
        try:
            with check.raises(ValueError):
                learner.CircuitBreaker(**kwargs)
        except SpecFailure as failure:
            raise raised_instead(learner, failure) from None
        return
    # The valid edges too: failure_threshold=1, recovery_timeout=0.0.
    raised: Exception | None = None
    try:
        breaker = learner.CircuitBreaker(**kwargs)
    except LearnerExit:
        raise
    except Exception as exc:
        raised = exc
    if raised is not None:
        step = learner.recorder.last_step()
        call = learner.recorder.render_call(step) if step is not None else "CircuitBreaker"
        check.fail(f"{call} raised {_describe(raised)}, but these arguments are valid")
    check.equal(breaker.state, "closed")


@spec(level=3, rule="state is read-only: assigning to it raises and changes nothing")
def test_state_is_read_only(learner, frozen_clock):
    kit = Kit(learner)
    learner.use_fixture("frozen_clock")
    learner.name_results(CircuitBreaker="breaker")
    breaker = learner.CircuitBreaker(failure_threshold=1, recovery_timeout=10.0)
    kit.name(breaker)

    def try_to_assign(current: str) -> None:
        for value in ("closed", "open", "half-open"):
            if value == current:
                continue
            with check.raises(Exception, what="an exception (state is read-only)"):
                breaker.state = value
            check.equal(breaker.state, current)

    try_to_assign("closed")
    expect_same_error(
        learner,
        lambda: breaker.call(kit.raiser("value_error")),
        kit.error("value_error"),
        "value_error",
        "this failure opens the breaker",
    )
    check.equal(breaker.state, "open")
    try_to_assign("open")
    advance(learner, frozen_clock, 10.0)
    check.equal(breaker.state, "half-open")
    try_to_assign("half-open")


# -- level 4: one trial at a time -----------------------------------------------------------------


#
# The spec runs the threads itself (daemon threads, every wait bounded). Its reproducer shows
# the same scenario with a ThreadPoolExecutor, written line by line as the spec goes, with the
# held function released in a ``finally`` so the pasted test never hangs either.


class Script:
    """The threaded part of a level-4 reproducer."""

    def __init__(self, learner: Any) -> None:
        self.learner = learner
        self.rec = learner.recorder
        self.try_depth: int | None = None

    def start(self) -> Kit:
        """A new scenario: a fresh reproducer and a fresh kit."""
        self.rec.sync()  # the spec's first sync would reset the log: have it happen first
        self.rec.reset()
        self.try_depth = None
        self.learner.use_fixture("frozen_clock")
        for statement in ("import threading", "import concurrent.futures", "import pytest"):
            self.rec.need_import(statement)
        _ = self.learner.CircuitOpenError  # the reproducer imports it
        self.learner.name_results(CircuitBreaker="breaker")
        return Kit(self.learner)

    def line(self, text: str) -> None:
        self.rec.line(text)

    def holding_function(self, name: str, last_line: str) -> None:
        """``def name()`` that says it entered, then waits for ``release``."""
        self.line("entered, release = threading.Event(), threading.Event()")
        self.line(f"def {name}():")
        self.line("    entered.set()")
        self.line(f"    release.wait(timeout={HOLD:g})")
        self.line(f"    {last_line}")
        self.line("pool = concurrent.futures.ThreadPoolExecutor()")

    def begin_try(self) -> None:
        self.try_depth = self.rec.depth
        self.line("try:")
        self.rec.depth += 1

    def end_try(self) -> None:
        if self.try_depth is None:
            return
        self.rec.depth = self.try_depth
        self.line("finally:")
        self.rec.depth += 1
        self.line("release.set()")
        self.rec.depth = self.try_depth
        self.try_depth = None

    def fail(self, line: str, message: str, comment: str) -> None:
        """Fail at ``line`` (written with ``# comment``), closing the reproducer's ``try``."""
        self.line(f"{line}  # {comment}")
        self.end_try()
        raise SpecFailure(message, got=comment, reproducer=self.rec.render())

    def expect(self, condition: bool, line: str, message: str, comment: str = "fails") -> None:
        if not condition:
            self.fail(line, message, comment)
        self.line(line)

    @contextlib.contextmanager
    def raises_block(self, names: str) -> Iterator[None]:
        depth = self.rec.depth
        self.line(f"with pytest.raises({names}):")
        self.rec.depth += 1
        try:
            yield
        finally:
            self.rec.depth = depth


def bounded(fn: Callable[[], Any], timeout: float = AT_ONCE) -> tuple[bool, Any, Any]:
    """Run ``fn`` on another thread: (finished in time, value, exception)."""
    thread, outcome = start(fn, name="pykata-circuit-breaker")
    thread.join(timeout)
    return outcome.finished, outcome.value, outcome.error


def rejected_from_another_thread(script: Script, breaker: Any, kit: Kit, during: str) -> None:
    """Another thread's ``breaker.call(ok)`` raises CircuitOpenError at once, ok not called."""
    error_class = unwrap(script.learner.CircuitOpenError)
    before = list(kit.calls)
    finished, value, error = bounded(lambda: breaker.call(kit.ok))
    line = f"pool.submit(breaker.call, {kit.name(kit.ok)}).result(timeout={AT_ONCE:g})"
    with script.raises_block("CircuitOpenError"):
        if not finished:
            script.fail(
                line,
                f"another thread's breaker.call(ok) did not return within {AT_ONCE:g} s while "
                f"{during}: it must be rejected with CircuitOpenError at once, not wait for the "
                "trial (is the lock held while func runs?)",
                f"waits: no answer within {AT_ONCE:g} s",
            )
        if error is None:
            script.fail(
                line,
                f"another thread's breaker.call(ok) returned {value!r} while {during}, expected "
                "CircuitOpenError: only one trial call may run at a time",
                f"returned {value!r}, did not raise CircuitOpenError",
            )
        if not isinstance(error, error_class):
            script.fail(
                line,
                f"another thread's breaker.call(ok) raised {_describe(error)} while {during}, "
                "expected CircuitOpenError",
                f"raises {_describe(error)}",
            )
        script.line(line)
    if kit.calls != before:
        script.fail(
            f"assert calls == {before!r}",
            f"the rejected call must not call its function while {during}",
            f"got {kit.calls!r}",
        )


def state_from_another_thread(script: Script, breaker: Any, want: str, during: str) -> None:
    """``breaker.state`` read from another thread returns ``want`` at once."""
    finished, value, error = bounded(lambda: breaker.state)
    line = f"assert pool.submit(lambda: breaker.state).result(timeout={AT_ONCE:g}) == {want!r}"
    if not finished:
        script.fail(
            line,
            f"breaker.state read from another thread did not return within {AT_ONCE:g} s while "
            f"{during}: the breaker must not hold its lock while func runs",
            f"waits: no answer within {AT_ONCE:g} s",
        )
    if error is not None:
        script.fail(
            line,
            f"breaker.state read from another thread raised {_describe(error)} while {during}",
            f"raises {_describe(error)}",
        )
    script.expect(
        value == want,
        line,
        f"breaker.state read from another thread returned {value!r} while {during}, expected "
        f"{want!r}",
        f"got {value!r}",
    )


def wait_until_entered(script: Script, entered: threading.Event, call: Any, what: str) -> None:
    """The held function has started (its call was let through)."""
    line = f"assert entered.wait(timeout={AT_ONCE:g})"
    if not entered.wait(AT_ONCE):
        got = (
            f"raised {_describe(call.error)}"
            if call.error is not None
            else f"returned {call.value!r}"
            if call.finished
            else "is still waiting"
        )
        script.fail(line, f"{what} must call its function: the call {got}", "fails")
    script.line(line)


TRIAL_ENDINGS = {
    # how the held trial ends -> (the last line of its function, the state after it)
    "success": ('return "trial done"', "closed"),
    "failure": ("raise value_error", "open"),
    "unexpected": ("raise key_error", "half-open"),
}


@spec(
    level=4,
    rule="while a half-open trial call runs, other threads' calls get CircuitOpenError at "
    'once without calling their function, and state reads "half-open"',
)
def test_one_trial_at_a_time(learner, frozen_clock):
    script = Script(learner)
    for ending in TRIAL_ENDINGS:
        held_trial_scenario(learner, frozen_clock, script, ending)


def held_trial_scenario(learner: Any, frozen_clock: Any, script: Script, ending: str) -> None:
    """Trip, reach half-open, hold the trial inside its function; others are rejected."""
    last_line, after = TRIAL_ENDINGS[ending]
    kit = script.start()
    value_error = kit.error("value_error")
    key_error = kit.error("key_error") if ending == "unexpected" else None
    breaker = learner.CircuitBreaker(
        failure_threshold=2, recovery_timeout=10.0, expected_exceptions=(ValueError,)
    )
    kit.name(breaker)  # the lines below use it
    for _ in range(2):
        expect_same_error(
            learner,
            lambda: breaker.call(kit.raiser("value_error")),
            value_error,
            "value_error",
            "the breaker is closed",
        )
    advance(learner, frozen_clock, 10.0, "10 s since the breaker opened")
    check.equal(breaker.state, "half-open")

    real = unwrap(breaker)
    entered, release = threading.Event(), threading.Event()

    def slow_trial() -> str:
        entered.set()
        release.wait(HOLD)
        if ending == "failure":
            raise value_error
        if key_error is not None:
            raise key_error
        return "trial done"

    script.holding_function("slow_trial", last_line)
    script.line("trial = pool.submit(breaker.call, slow_trial)")
    trial_thread, trial = start(lambda: real.call(slow_trial), name="pykata-trial")
    script.begin_try()
    try:
        wait_until_entered(script, entered, trial, "the half-open breaker's first call (the trial)")
        during = "a half-open trial call was running in another thread"
        learner.note("while slow_trial runs, other threads are rejected at once")
        # Reads of state between the rejections: reading state changes nothing, so a read
        # during the trial must not let the next caller in as a second trial.
        for _ in range(2):
            rejected_from_another_thread(script, real, kit, during)
            state_from_another_thread(script, real, "half-open", during)
        rejected_from_another_thread(script, real, kit, during)
    finally:
        release.set()
    script.end_try()
    trial_thread.join(HOLD)
    if not trial.finished:
        script.fail(
            f"trial.result(timeout={HOLD:g})",
            f"the trial call did not return within {HOLD:g} s after its function returned",
            "waits",
        )
    if ending == "success":
        check.that(
            trial.error is None and trial.value == "trial done",
            "the trial call must return what its function returned",
            expr=f'trial.result(timeout={HOLD:g}) == "trial done"',
            got=trial.error if trial.error is not None else trial.value,
        )
    else:
        error = value_error if ending == "failure" else key_error
        check.that(
            trial.error is error,
            "the trial call must raise its function's own exception",
            expr=f"trial.exception(timeout={HOLD:g}) is {kit.name(error)}",
            got=trial.error if trial.error is not None else trial.value,
        )
    check.equal(breaker.state, after)
    if ending == "unexpected":  # still half-open: the next call is another trial
        expect_result(learner, lambda: breaker.call(kit.ok), ("ok", (), {}), "it is the next trial")
        check.equal(breaker.state, "closed")


@spec(
    level=4,
    rule="the breaker never holds its lock while func runs: other threads' calls and state "
    "reads return while a call is inside func",
)
def test_lock_not_held_while_func_runs(learner, frozen_clock):
    script = Script(learner)
    kit = script.start()
    breaker = learner.CircuitBreaker(failure_threshold=3, recovery_timeout=10.0)
    kit.name(breaker)  # the lines below use it
    real = unwrap(breaker)
    entered, release = threading.Event(), threading.Event()

    def slow() -> str:
        entered.set()
        release.wait(HOLD)
        return "slow done"

    script.holding_function("slow", 'return "slow done"')
    script.line("slow_call = pool.submit(breaker.call, slow)")
    slow_thread, slow_call = start(lambda: real.call(slow), name="pykata-slow")
    script.begin_try()
    try:
        wait_until_entered(script, entered, slow_call, "a closed breaker")
        during = "another thread's call was inside func"
        learner.note("while slow runs, the breaker answers other threads at once")
        state_from_another_thread(script, real, "closed", during)
        finished, value, error = bounded(lambda: real.call(kit.ok, 1))
        want = ("ok", (1,), {})
        line = (
            f"assert pool.submit(breaker.call, {kit.name(kit.ok)}, 1).result(timeout="
            f"{AT_ONCE:g}) == {want!r}"
        )
        if not finished:
            script.fail(
                line,
                f"another thread's breaker.call(ok, 1) did not return within {AT_ONCE:g} s "
                f"while {during}: the breaker must not hold its lock while func runs",
                f"waits: no answer within {AT_ONCE:g} s",
            )
        script.expect(
            error is None and value == want,
            line,
            f"another thread's breaker.call(ok, 1) must return ok's result while {during}",
            f"raises {_describe(error)}" if error is not None else f"got {value!r}",
        )
    finally:
        release.set()
    script.end_try()
    slow_thread.join(HOLD)
    check.that(
        slow_call.finished and slow_call.error is None and slow_call.value == "slow done",
        "the slow call must return its function's result once the function returns",
        expr=f'slow_call.result(timeout={HOLD:g}) == "slow done"',
        got=slow_call.error if slow_call.error is not None else slow_call.value,
    )
    check.equal(breaker.state, "closed")


@spec(
    level=4,
    rule="failures of concurrent calls in the closed state are all counted (no lost updates)",
)
def test_concurrent_failures_are_all_counted(learner, frozen_clock):
    script = Script(learner)
    for extra in (0, 2):
        concurrent_failures_scenario(learner, script, extra)


def concurrent_failures_scenario(learner: Any, script: Script, extra: int) -> None:
    """THREADS failing calls meet inside func, then ``extra`` more failures one by one."""
    kit = script.start()
    threshold = THREADS + extra
    breaker = learner.CircuitBreaker(failure_threshold=threshold, recovery_timeout=30.0)
    kit.name(breaker)  # the lines below use it
    real = unwrap(breaker)
    barrier = threading.Barrier(THREADS, timeout=2 * AT_ONCE)
    errors = [ValueError(f"down {i}") for i in range(THREADS)]

    def fail_together(error: BaseException) -> None:
        barrier.wait()
        raise error

    script.line(f"barrier = threading.Barrier({THREADS}, timeout={2 * AT_ONCE:g})")
    script.line(f'errors = [ValueError(f"down {{i}}") for i in range({THREADS})]')
    script.line("def fail_together(error):")
    script.line(f"    barrier.wait()  # all {THREADS} calls are inside func at the same time")
    script.line("    raise error")
    script.line(f"with concurrent.futures.ThreadPoolExecutor({THREADS}) as pool:")
    script.line("    futures = [pool.submit(breaker.call, fail_together, e) for e in errors]")
    started = [
        start(lambda e=e: real.call(fail_together, e), name=f"pykata-fail-{i}")
        for i, e in enumerate(errors)
    ]
    for thread, _ in started:
        thread.join(4 * AT_ONCE)
    outcomes = [outcome for _, outcome in started]
    stuck = sum(not o.finished for o in outcomes)
    if stuck:
        check.fail(
            f"{stuck} of {THREADS} concurrent breaker.call(...) did not return within "
            f"{4 * AT_ONCE:g} s (a deadlock?)",
            reproducer=False,
        )
    line = "assert [f.exception() for f in futures] == errors"
    if any(isinstance(o.error, threading.BrokenBarrierError) for o in outcomes):
        script.fail(
            line,
            f"the {THREADS} concurrent calls were never inside func all at the same time (the "
            "barrier they wait on timed out): the breaker must not hold its lock while func "
            "runs",
            "got BrokenBarrierError",
        )
    script.expect(
        all(o.error is e for o, e in zip(outcomes, errors, strict=True)),
        line,
        "each concurrent failing call must raise its own exception",
        f"got {[o.error if o.error is not None else o.value for o in outcomes]!r}",
    )
    want = "open" if extra == 0 else "closed"
    state = breaker.state
    check.equal(
        state,
        want,
        message=f"breaker.state returned {state!r} after {THREADS} concurrent failures with "
        f"failure_threshold={threshold}, expected {want!r}: every concurrent failure must be "
        "counted",
    )
    for more in range(extra):
        expect_same_error(
            learner,
            lambda: breaker.call(kit.raiser("value_error")),
            kit.error("value_error"),
            "value_error",
            "the breaker is closed",
        )
        want = "open" if more == extra - 1 else "closed"
        state = breaker.state
        check.equal(
            state,
            want,
            message=f"breaker.state returned {state!r} after {THREADS + more + 1} failures with "
            f"failure_threshold={threshold}, expected {want!r}: each concurrent failure counts "
            "once",
        )
