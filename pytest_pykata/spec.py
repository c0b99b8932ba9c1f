"""The authoring API for hidden specs: ``spec``, ``check``, ``Learner`` and ``run_machine``.

A hidden spec is a pytest test in a kata's ``spec_<slug>.py``::

    from hypothesis import given, strategies as st
    from pytest_pykata.spec import check, spec

    @spec(level=1, rule="decode(encode(n)) returns n for every n >= 0")
    @given(n=st.integers(min_value=0, max_value=2**512))
    def test_round_trip(learner, n):
        check.equal(learner.decode(learner.encode(n)), n)

``learner`` is the learner's module seen through recording proxies; ``check`` compares and,
on a mismatch, raises :class:`SpecFailure` carrying a plain-words message and a reproducer
(the recorded calls written as a test). ``spec`` marks the level and the rule, and gives
Hypothesis tests the pykata settings: a fixed seed per spec (so verdicts never flicker), no
deadline, and the example database under ``.pykata/`` (so a failure comes back first next run).
"""

from __future__ import annotations

import contextlib
import math
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any, TypeVar

import pytest

from pytest_pykata.recorder import ModuleProxy, Recorder, unwrap

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_MAX_EXAMPLES = 60
SHRINK_SECONDS = 4
SETTINGS_PROFILE = "pykata-spec"
MARKER = "pykata"

__all__ = [
    "Learner",
    "SpecFailure",
    "check",
    "current_recorder",
    "edge_examples",
    "run_machine",
    "spec",
    "unwrap",
]


class SpecFailure(AssertionError):
    """A spec found wrong behaviour: what was expected, what came back, and a reproducer."""

    def __init__(
        self,
        message: str,
        *,
        expected: str | None = None,
        got: str | None = None,
        reproducer: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected
        self.got = got
        self.reproducer = reproducer


# -- the learner handle ------------------------------------------------------------------

_current: Recorder | None = None
_MISSING: Any = object()


def current_recorder() -> Recorder:
    """The recorder of the spec running now (a fresh, unattached one outside specs)."""
    global _current
    if _current is None:
        _current = Recorder("module")
    return _current


def _set_current(recorder: Recorder | None) -> None:
    global _current
    _current = recorder


class Learner:
    """The learner's module as a spec uses it: ``learner.encode(5)`` is recorded.

    ``learner.module`` is the raw module (for reading constants without recording).

    Every Hypothesis example starts from the module's just-imported state (when ``reset``
    is given): module-level data cannot leak from one example into the next, so a failure
    reproduces in a fresh test, exactly as the printed reproducer runs.
    """

    def __init__(
        self,
        module: ModuleType,
        public_name: str,
        recorder: Recorder,
        reset: Callable[[], None] | None = None,
    ) -> None:
        self._module = module
        self.public_name = public_name
        self.recorder = recorder
        self._proxy = ModuleProxy(module, recorder)
        if reset is not None:
            reset()
        recorder.on_new_example = reset

    @property
    def module(self) -> ModuleType:
        """The learner's raw module (of the current example)."""
        self.recorder.sync()
        return self._module

    def __getattr__(self, name: str) -> Any:
        self.recorder.sync()
        return getattr(self._proxy, name)

    def has(self, name: str) -> bool:
        """Whether the learner's module defines ``name``."""
        return hasattr(self.module, name)

    def name_results(self, **names: str) -> None:
        """Suggest reproducer variable names by callee: ``name_results(LRUCache="cache")``."""
        self.recorder.result_names.update(names)

    def define(self, obj: object, name: str, source: list[str] | str) -> None:
        """Show ``source`` in the reproducer and render ``obj`` as ``name`` (see Recorder)."""
        self.recorder.define(obj, name, source)

    def use_fixture(self, name: str) -> None:
        """Make the reproducer's test take this fixture (e.g. ``frozen_clock``)."""
        self.recorder.use_fixture(name)

    def line(self, text: str) -> None:
        """Add a statement to the reproducer at this point (e.g. ``frozen_clock.advance(30)``)."""
        self.recorder.line(text)

    def note(self, text: str) -> None:
        """Add a comment line to the reproducer at this point."""
        self.recorder.line(f"# {text}")

    def pause(self) -> contextlib.AbstractContextManager[None]:
        """Stop recording inside the block (for hammering the code from many threads)."""
        return self.recorder.pause()


# -- checks ------------------------------------------------------------------------------


def _lhs(recorder: Recorder, actual: object, expr: str | None) -> tuple[str, str]:
    """The expression for ``actual`` and how to describe it in a sentence."""
    if expr is not None:
        return expr, expr
    step = recorder.last_step()
    if step is not None and step.exc is None and step.result is actual:
        return recorder.subject(step), recorder.render_call(step)
    return recorder.fmt(actual), "the value"


def _fail(
    recorder: Recorder,
    message: str,
    *,
    expected: str | None,
    got: str | None,
    line: str | None,
    comment: str | None,
) -> SpecFailure:
    if line is not None:
        recorder.check_line(line)
    return SpecFailure(
        message,
        expected=expected,
        got=got,
        reproducer=recorder.render(failure_comment=comment),
    )


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Check:
    """Comparisons that explain themselves; use the module-level ``check`` instance."""

    def equal(
        self,
        actual: object,
        expected: object,
        *,
        expr: str | None = None,
        same_type: bool = False,
        message: str | None = None,
    ) -> None:
        """Pass when ``actual == expected`` (and, with ``same_type``, of the same type)."""
        recorder = current_recorder()
        recorder.sync()
        lhs, described = _lhs(recorder, unwrap(actual), expr)
        real = unwrap(actual)
        ok = _equal(real, expected) and (not same_type or type(real) is type(expected))
        want = recorder.fmt(expected)
        if ok:
            recorder.check_line(f"assert {lhs} == {want}")
            return
        got = _short(recorder.fmt(real))
        if same_type and _equal(real, expected):
            got = f"{got} of type {type(real).__name__}"
            want_text = f"{want} of type {type(expected).__name__}"
        else:
            want_text = want
        sentence = message or f"{described} returned {got}, expected {want_text}"
        if described == "the value":
            sentence = message or f"got {got}, expected {want_text}"
        raise _fail(
            recorder,
            sentence,
            expected=want_text,
            got=got,
            line=f"assert {lhs} == {want}",
            comment=f"got {got}",
        )

    def close(
        self,
        actual: float,
        expected: float,
        *,
        rel: float = 1e-9,
        abs: float = 1e-12,
        expr: str | None = None,
        message: str | None = None,
    ) -> None:
        """Pass when ``actual`` is within ``rel``/``abs`` of ``expected`` (both numbers)."""
        recorder = current_recorder()
        recorder.sync()
        lhs, described = _lhs(recorder, actual, expr)
        want = f"pytest.approx({expected!r}, rel={rel!r}, abs={abs!r})"
        line = f"assert {lhs} == {want}"
        ok = (
            isinstance(actual, int | float)
            and not isinstance(actual, bool)
            and math.isclose(actual, expected, rel_tol=rel, abs_tol=abs)
        )
        recorder.need_import("import pytest")
        if ok:
            recorder.check_line(line)
            return
        got = _short(recorder.fmt(actual))
        sentence = message or f"{described} returned {got}, expected {expected!r}"
        raise _fail(
            recorder, sentence, expected=repr(expected), got=got, line=line, comment=f"got {got}"
        )

    def that(
        self,
        condition: object,
        message: str,
        *,
        expr: str | None = None,
        about: object = _MISSING,
        got: object = _MISSING,
    ) -> None:
        """Pass when ``condition`` is true; ``message`` says the rule in plain words.

        ``expr`` is the condition as Python for the reproducer's ``assert``. With ``about``
        (a value the learner's code just returned), ``{}`` in ``expr`` stands for the call
        that returned it: ``check.that(code not in taken, msg, about=code,
        expr=f"{{}} not in {taken!r}")`` renders ``assert s.shorten(u) not in {'1'}``.
        """
        recorder = current_recorder()
        recorder.sync()
        if about is not _MISSING:
            lhs, _ = _lhs(recorder, unwrap(about), None)
            expr = (expr or "{}").replace("{}", lhs, 1)
            if got is _MISSING:
                got = about
        line = f"assert {expr}" if expr else None
        if condition:
            if line:
                recorder.check_line(line)
            return
        got_text = None if got is _MISSING else _short(recorder.fmt(unwrap(got)))
        comment = f"got {got_text}" if got_text is not None else "fails"
        if line is None:
            recorder.line(f"# expected: {message}")
            comment = None
        raise _fail(recorder, message, expected=None, got=got_text, line=line, comment=comment)

    def is_in(self, actual: object, container: object, message: str | None = None) -> None:
        """Pass when ``actual in container``."""
        recorder = current_recorder()
        self.that(
            _contains(container, actual),
            message or f"expected one of {_short(recorder.fmt(container), 120)}",
            about=actual,
            expr=f"{{}} in {recorder.fmt(container)}",
        )

    def not_in(self, actual: object, container: object, message: str | None = None) -> None:
        """Pass when ``actual not in container``."""
        recorder = current_recorder()
        self.that(
            not _contains(container, actual),
            message or f"expected none of {_short(recorder.fmt(container), 120)}",
            about=actual,
            expr=f"{{}} not in {recorder.fmt(container)}",
        )

    def is_instance(
        self, actual: object, kind: type | tuple[type, ...], message: str | None = None
    ) -> None:
        """Pass when ``isinstance(actual, kind)``."""
        recorder = current_recorder()
        names = recorder.fmt(kind)
        self.that(
            isinstance(unwrap(actual), kind),
            message or f"expected a {names}, got a {type(unwrap(actual)).__name__}",
            about=actual,
            expr=f"isinstance({{}}, {names})",
        )

    def fail(self, message: str, *, reproducer: bool = True) -> None:
        """Fail with ``message`` (and the calls recorded so far, unless ``reproducer=False``)."""
        recorder = current_recorder()
        raise SpecFailure(message, reproducer=recorder.render() if reproducer else None)

    @contextlib.contextmanager
    def raises(
        self,
        expected: type[BaseException] | tuple[type[BaseException], ...],
        *,
        what: str | None = None,
    ) -> Iterator[RaisesInfo]:
        """Pass when the block raises ``expected``; the raised exception is in ``.value``."""
        recorder = current_recorder()
        recorder.sync()
        recorder.need_import("import pytest")
        names = recorder.fmt(expected)
        wanted = what or (
            " or ".join(e.__name__ for e in expected)
            if isinstance(expected, tuple)
            else expected.__name__
        )
        recorder.line(f"with pytest.raises({names}):")
        recorder.depth += 1
        info = RaisesInfo()
        try:
            yield info
        except SpecFailure:
            raise
        except expected as exc:
            info.value = exc
            return
        except (KeyboardInterrupt, GeneratorExit):
            raise
        except BaseException as exc:
            step = recorder.last_step()
            call = recorder.render_call(step) if step is not None else "the code"
            got = f"{type(exc).__name__}: {_short(str(exc), 120)}"
            raise SpecFailure(
                f"{call} raised {got}, expected {wanted}",
                expected=wanted,
                got=got,
                reproducer=recorder.render(),
            ) from exc
        finally:
            recorder.depth -= 1
        step = recorder.last_step()
        if step is not None and step.kind == "call":
            call = recorder.render_call(step)
            got = f"returned {_short(recorder.fmt(step.result), 120)}"
            comment = f"{got}, did not raise {wanted}"
        elif step is not None and step.kind == "setattr":
            call, got, comment = recorder.render_call(step), "succeeded", f"did not raise {wanted}"
        else:
            call, got, comment = "the code", "did not raise", f"did not raise {wanted}"
        raise SpecFailure(
            f"{call} {got}, expected it to raise {wanted}",
            expected=f"raises {wanted}",
            got=got,
            reproducer=recorder.render(failure_comment=comment),
        )


@dataclass
class RaisesInfo:
    """What ``check.raises`` caught."""

    value: BaseException | None = None


def _contains(container: object, item: object) -> bool:
    try:
        return unwrap(item) in container  # type: ignore[operator]
    except Exception:
        return False


def _equal(a: object, b: object) -> bool:
    try:
        return bool(a == b)
    except Exception:
        return False


check = _Check()
"""The checks specs use: ``check.equal``, ``check.close``, ``check.that``, ``check.raises``."""


# -- the spec decorator --------------------------------------------------------------------


def _seed_for(fn: Callable[..., Any]) -> int:
    return zlib.crc32(f"{fn.__module__}.{fn.__qualname__}".encode())


def spec_settings(max_examples: int | None = None, **overrides: Any) -> Any:
    """Hypothesis settings for a spec: the pykata profile plus per-spec overrides."""
    from hypothesis import settings

    try:
        parent = settings.get_profile(SETTINGS_PROFILE)
    except Exception:
        parent = None
        _register_profile(None)
        parent = settings.get_profile(SETTINGS_PROFILE)
    kwargs = dict(overrides)
    if max_examples is not None:
        kwargs["max_examples"] = max_examples
    return settings(parent, **kwargs)


def _register_profile(database_dir: str | None) -> None:
    """Register the settings profile every spec inherits (called once per session)."""
    from hypothesis import HealthCheck, Phase, settings
    from hypothesis.database import DirectoryBasedExampleDatabase, InMemoryExampleDatabase

    database = (
        DirectoryBasedExampleDatabase(database_dir) if database_dir else InMemoryExampleDatabase()
    )
    _bound_shrinking()
    _no_local_constants()
    settings.register_profile(
        SETTINGS_PROFILE,
        max_examples=DEFAULT_MAX_EXAMPLES,
        deadline=None,
        database=database,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
        print_blob=False,
        phases=(Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink),
        stateful_step_count=40,
    )


def _no_local_constants() -> None:
    """Generate from the specs' strategies only, not from constants found in loaded modules.

    Hypothesis mixes in literals from every "local" module loaded in the process (the
    learner's code, their tests, whatever else ran before). The examples tried would then
    depend on which modules happen to be loaded, and a verdict could change with it; a spec
    must judge the same code the same way every time. (An internal of Hypothesis: if it
    changes, nothing is patched.)
    """
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:  # pragma: no cover
        return
    if callable(getattr(providers, "_get_local_constants", None)):
        empty = Constants()
        providers._get_local_constants = lambda: empty


def _bound_shrinking() -> None:
    """Cap the time Hypothesis spends shrinking one failure (its default is five minutes).

    A learner waits for the verdict, and every spec has a time limit; a few seconds of
    shrinking find the small examples that matter. This is an internal constant of
    Hypothesis's engine, so a missing one is simply left alone.
    """
    try:
        from hypothesis.internal.conjecture import engine
    except ImportError:  # pragma: no cover
        return
    if isinstance(getattr(engine, "MAX_SHRINKING_SECONDS", None), int | float):
        engine.MAX_SHRINKING_SECONDS = min(engine.MAX_SHRINKING_SECONDS, SHRINK_SECONDS)


def spec(
    level: int,
    rule: str,
    *,
    max_examples: int | None = None,
    solo: bool = False,
    **settings: Any,
) -> Callable[[F], F]:
    """Mark a hidden spec: the level it belongs to and the rule it checks, in plain words.

    Apply it above ``@given``. Hypothesis tests get the pykata settings and a fixed seed;
    ``max_examples`` and other Hypothesis settings can be overridden per spec. ``solo=True``
    keeps every other spec off the machine while this one runs (for timing measurements).
    """
    if not isinstance(level, int) or level < 1:
        raise ValueError(f"spec level must be a positive int, got {level!r}")

    def decorate(fn: F) -> F:
        if getattr(fn, "is_hypothesis_test", False):
            import hypothesis

            fn = hypothesis.seed(_seed_for(fn))(fn)
            if not getattr(fn, "_hypothesis_internal_settings_applied", False):
                fn = spec_settings(max_examples, **settings)(fn)
        return getattr(pytest.mark, MARKER)(level=level, rule=rule, solo=solo)(fn)

    return decorate


def edge_examples(values: list[Any], arg: str = "data") -> Callable[[F], F]:
    """Always try these values of ``arg`` first (as Hypothesis ``@example``s): the edges."""

    def decorate(fn: F) -> F:
        from hypothesis import example

        for value in reversed(values):
            fn = example(**{arg: value})(fn)
        return fn

    return decorate


def run_machine(
    machine: Callable[[], Any],
    *,
    max_examples: int | None = None,
    steps: int | None = None,
    **settings: Any,
) -> None:
    """Run a Hypothesis ``RuleBasedStateMachine`` (or a factory of one) as part of a spec.

    The machine runs with the pykata settings and a seed fixed by the factory's name, so
    the verdict is the same on every run.
    """
    from hypothesis.stateful import run_state_machine_as_test

    overrides = dict(settings)
    if steps is not None:
        overrides["stateful_step_count"] = steps

    name = getattr(machine, "__qualname__", None) or type(machine).__qualname__
    # Stateful runs take their seed from the factory (what ``@seed`` would set on it).
    machine._hypothesis_internal_use_seed = zlib.crc32(  # type: ignore[attr-defined]
        f"{getattr(machine, '__module__', '')}.{name}".encode()
    )
    run_state_machine_as_test(machine, settings=spec_settings(max_examples, **overrides))
