"""Recording the calls a spec makes into the learner's code, and writing them back as Python.

Specs never touch the learner's module directly: they go through proxies (:class:`ModuleProxy`,
:class:`CallableProxy`, :class:`InstanceProxy`) that forward every call and remember it. When a
spec fails, the :class:`Recorder` renders what happened in the failing example as a test the
learner can paste into their own test file::

    from base62 import decode, encode

    def test_round_trip():
        assert decode(encode(0)) == 0  # got 7

The log is reset at the start of every Hypothesis example, so what is left after a failure is
the final (shrunk) example that Hypothesis replays last.
"""

from __future__ import annotations

import inspect
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

_SIMPLE = (int, float, complex, bool, type(None))
_LONG_TEXT = 30


class LearnerExit(Exception):
    """The learner's code called ``sys.exit``; raised in its place so the spec can report it."""


def _build_context() -> object:
    """The current Hypothesis example, or None outside one (cheap when Hypothesis is absent)."""
    control = sys.modules.get("hypothesis.control")
    if control is None:
        return None
    return control._current_build_context.value


def _snake(name: str) -> str:
    name = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    return re.sub(r"[^0-9a-zA-Z_]", "_", name).lower().strip("_") or "obj"


@dataclass
class Step:
    """One line of the reproducer: a call, an attribute write, a check, or a raw line."""

    kind: str  # "call" | "setattr" | "check" | "line" | "enter" | "exit"
    callee: str = ""
    args: tuple = ()
    kwargs: dict = field(default_factory=dict)
    result: Any = None
    exc: BaseException | None = None
    var: str | None = None
    text: str = ""
    depth: int = 0
    awaited: bool = False
    checks: int = 0  # how many checks assert on this call's result


class Recorder:
    """The log of one example's calls into the learner's module, renderable as a test.

    ``module_name`` is the learner's public module name (used in the import line);
    ``result_names`` suggests variable names for results, by callee (``{"LRUCache": "cache"}``).
    """

    def __init__(self, module_name: str, result_names: dict[str, str] | None = None) -> None:
        self.module_name = module_name
        self.result_names = dict(result_names or {})
        self._lock = threading.RLock()
        self._owner = threading.get_ident()
        self._context: object = object()
        self.paused = False
        self.test_name = "test_example"
        self._examples = 0
        self.on_new_example: Callable[[], None] | None = None
        self.reset()

    # -- bookkeeping ---------------------------------------------------------------------
    def reset(self) -> None:
        """Forget everything: a new example starts."""
        self.steps: list[Step] = []
        self.imports: set[str] = set()
        self._names: dict[int, tuple[object, str]] = {}
        self._taken: set[str] = set()
        self._used: set[str] = set()
        self._defined: dict[int, tuple[object, str, list[str]]] = {}
        self.preamble: list[str] = []
        self.extra_imports: set[str] = set()
        self.fixtures: list[str] = []
        self.depth = 0
        self.is_async = False
        self._proxies: dict[int, _Proxy] = {}
        self._subjects: dict[str, Step] = {}

    def sync(self) -> None:
        """Reset the log when a new Hypothesis example has started (main thread only)."""
        if threading.get_ident() != self._owner:
            return
        context = _build_context()
        if context is not self._context:
            self._context = context
            self._examples += 1
            self.reset()
            if self._examples > 1 and self.on_new_example is not None:
                self.on_new_example()  # the first example starts from a fresh state already

    @contextmanager
    def pause(self) -> Iterator[None]:
        """Do not record inside this block (for hammering the learner's code from threads)."""
        previous, self.paused = self.paused, True
        try:
            yield
        finally:
            self.paused = previous

    def new_name(self, base: str) -> str:
        """A variable name not used yet in this reproducer (nor as an imported name)."""
        base = base if base.isidentifier() else "value"
        name, n = base, 1
        while name in self._taken or name in self.imports:
            n += 1
            name = f"{base}_{n}"
        self._taken.add(name)
        return name

    def bind(self, obj: object, name: str) -> None:
        """Render ``obj`` as ``name`` wherever it appears in the reproducer."""
        self._names[id(obj)] = (obj, name)
        self._taken.add(name)

    def define(self, obj: object, name: str, source: list[str] | str) -> None:
        """Show ``source`` in the reproducer's setup and render ``obj`` as ``name``.

        For values the spec hands to the learner that have no literal form, such as a function
        that fails twice: ``rec.define(fn, "fn", "fn = flaky_service(fail=2)")``.
        """
        lines = source.splitlines() if isinstance(source, str) else list(source)
        self.sync()
        with self._lock:
            self.bind(obj, name)
            self._defined[id(obj)] = (obj, name, lines)

    def line(self, text: str) -> None:
        """Add a raw line (a comment or statement) at the current position."""
        self.sync()
        with self._lock:
            self.steps.append(Step("line", text=text, depth=self.depth))

    def use_fixture(self, name: str) -> None:
        """The reproducer's test function takes this pytest fixture (``frozen_clock``)."""
        self.sync()
        if name not in self.fixtures:
            self.fixtures.append(name)

    def need_import(self, statement: str) -> None:
        """Add an import line (``"import pytest"``) to the reproducer."""
        self.sync()
        self.extra_imports.add(statement)

    # -- rendering values ------------------------------------------------------------------
    def fmt(self, value: object) -> str:
        """The Python source for ``value``: its variable name if it has one, else its repr."""
        if isinstance(value, _Proxy):
            name = object.__getattribute__(value, "_pykata_name")
            self._used.add(name)
            return name
        entry = self._names.get(id(value))
        if entry is not None and entry[0] is value:
            self._used.add(entry[1])
            return entry[1]
        if isinstance(value, type) or (callable(value) and not isinstance(value, _SIMPLE)):
            name = getattr(value, "__name__", None)
            if isinstance(name, str) and name.isidentifier():
                return name
        if isinstance(value, list | tuple | set | frozenset | dict):
            return _fmt_container(value, self.fmt)
        return repr(value)

    def _register_result(self, result: object, callee: str, step: Step) -> None:
        if isinstance(result, _SIMPLE) or (
            isinstance(result, (str, bytes)) and len(result) <= _LONG_TEXT
        ):
            return
        if isinstance(result, str | bytes):
            base = self.result_names.get(callee.rsplit(".", 1)[-1], "result")
            step.var = self.new_name(base)
            self.bind(result, step.var)

    # -- recording -------------------------------------------------------------------------
    def call(self, target: Callable, callee: str, args: tuple, kwargs: dict) -> Any:
        """Call ``target(*args, **kwargs)``, recording it as ``callee(...)``."""
        real_args = tuple(unwrap(a) for a in args)
        real_kwargs = {k: unwrap(v) for k, v in kwargs.items()}
        if self.paused:
            return _call_plain(target, real_args, real_kwargs)
        self.sync()
        step = Step("call", callee=callee, args=args, kwargs=kwargs, depth=self.depth)
        with self._lock:
            self.steps.append(step)
        try:
            result = target(*real_args, **real_kwargs)
        except SystemExit as exc:
            step.exc = LearnerExit(f"{self.render_call(step)} called sys.exit({exc.code!r})")
            raise step.exc from None
        except BaseException as exc:
            step.exc = exc
            raise
        step.result = result
        if inspect.iscoroutine(result):
            self.is_async = True
            step.awaited = True
            return _await_and_record(result, step, self)
        return self.wrap_result(result, callee, step)

    def wrap_result(self, result: object, callee: str, step: Step | None) -> Any:
        """Proxy learner objects coming back to the spec, so their calls are recorded too."""
        if result is None or isinstance(result, (*_SIMPLE, str, bytes, _Proxy)):
            if step is not None and not isinstance(result, _Proxy):
                self._register_result(result, callee, step)
            return result
        entry = self._names.get(id(result))
        if entry is not None and entry[0] is result:
            existing = self._proxies.get(id(result))
            if existing is not None and unwrap(existing) is result:
                return existing
        short = callee.rsplit(".", 1)[-1]
        if isinstance(result, BaseException):
            return result
        if _is_learner_instance(result):
            base = self.result_names.get(short) or _snake(type(result).__name__)
            proxy: _Proxy = InstanceProxy(result, self.new_name(base), self)
        elif callable(result) and not isinstance(result, type):
            base = self.result_names.get(short) or _callable_base(result)
            proxy = CallableProxy(result, self.new_name(base), self)
        else:
            if step is not None:
                self._register_result(result, callee, step)
            return result
        name = object.__getattribute__(proxy, "_pykata_name")
        if step is not None:
            step.var = name
        self.bind(result, name)
        self._proxies[id(result)] = proxy
        return proxy

    def setattr(self, obj: object, owner: str, name: str, value: object) -> None:
        """Record and perform ``owner.name = value``."""
        self.sync()
        step = Step("setattr", callee=f"{owner}.{name}", args=(value,), depth=self.depth)
        with self._lock:
            self.steps.append(step)
        try:
            setattr(obj, name, unwrap(value))
        except BaseException as exc:
            step.exc = exc
            raise

    def read(self, owner: str, name: str, value: object) -> None:
        """Remember that ``owner.name`` was read (shown only if a check uses it)."""
        if self.paused:
            return
        self.sync()
        with self._lock:
            self.steps.append(
                Step("read", callee=f"{owner}.{name}", result=value, depth=self.depth)
            )

    def get(self, target: object, owner: str, name: str) -> Any:
        """``getattr(target, name)``; a failing lookup is recorded as the line that fails."""
        try:
            return getattr(target, name)
        except BaseException as exc:
            if not self.paused:
                self.sync()
                with self._lock:
                    self.steps.append(
                        Step("read", callee=f"{owner}.{name}", exc=exc, depth=self.depth)
                    )
            raise

    # -- rendering -------------------------------------------------------------------------
    def render_call(self, step: Step) -> str:
        """Source of one recorded call, e.g. ``cache.put(1, 'a')``."""
        if step.kind in ("read", "setattr"):
            self._used.add(step.callee.split(".", 1)[0])
        if step.kind == "read":
            return step.callee
        if step.kind == "setattr":
            return f"{step.callee} = {self.fmt(step.args[0])}"
        callee = step.callee
        receiver = callee[4:-1] if callee.startswith("len(") else callee.split(".", 1)[0]
        if receiver in self._taken:
            self._used.add(receiver)
        if callee.startswith("len("):
            text = f"len({callee[4:-1]})"
        elif callee.endswith(".__contains__"):
            text = f"{self.fmt(step.args[0])} in {callee[: -len('.__contains__')]}"
        elif callee.endswith(".__getitem__"):
            text = f"{callee[: -len('.__getitem__')]}[{self.fmt(step.args[0])}]"
        else:
            parts = [self.fmt(a) for a in step.args]
            parts += [f"{k}={self.fmt(v)}" for k, v in step.kwargs.items()]
            text = f"{callee}({', '.join(parts)})"
        return f"await {text}" if step.awaited else text

    def last_step(self) -> Step | None:
        """The most recent call or read, if any."""
        with self._lock:
            for step in reversed(self.steps):
                if step.kind in ("call", "read", "setattr"):
                    return step
        return None

    def subject(self, step: Step) -> str:
        """A placeholder for ``step``'s result in a check line, resolved when rendering.

        A result checked once is asserted inline (``assert f(1) == 2``); one checked several
        times is bound to a name first (``code = f(1)``, then ``assert code == ...``).
        """
        step.checks += 1
        token = f"\x00{id(step)}\x00"
        self._subjects[token] = step
        return token

    def _resolve(self, text: str) -> str:
        for token, step in self._subjects.items():
            if token in text:
                if self._inline(step):
                    text = text.replace(token, self.render_call(step))
                else:
                    text = text.replace(token, self._var_of(step))
        return text

    def _inline(self, step: Step) -> bool:
        if step.kind == "read":
            return True
        return step.checks == 1 and not (step.var and step.var in self._used)

    def _var_of(self, step: Step) -> str:
        if step.var is None:
            short = step.callee.rsplit(".", 1)[-1]
            step.var = self.new_name(self.result_names.get(short, "result"))
            self.bind(step.result, step.var)
        self._used.add(step.var)
        return step.var

    def check_line(self, text: str) -> None:
        """Add the assertion line of a check."""
        with self._lock:
            self.steps.append(Step("check", text=text, depth=self.depth))

    def render(
        self,
        test_name: str | None = None,
        failure_comment: str | None = None,
        failing: BaseException | None = None,
    ) -> str:
        """The whole reproducer: imports, a test function, the recorded steps.

        ``failing`` is the exception that failed the spec, if the learner's code raised it:
        its call gets a ``# raises ...`` comment; ``failure_comment`` goes on the last line.
        """
        test_name = test_name or self.test_name
        with self._lock:
            steps = list(self.steps)
        body: list[tuple[int, str]] = []
        # First render every step: names used later decide whether a call needs ``name = ``.
        rendered: list[tuple[Step, str]] = []
        for step in steps:
            if step.kind in ("call", "setattr", "read"):
                rendered.append((step, self.render_call(step)))
            else:
                rendered.append((step, self._resolve(step.text)))
        texts = "\n".join(text for _, text in rendered)
        for _obj, name, lines in self._defined.values():
            # Used by name, or appearing in a line (an instance whose repr is ``K('x')``).
            if name in self._used or re.search(rf"\b{re.escape(name)}\b", texts):
                body.extend((0, line) for line in lines)
        for step, text in rendered:
            if (step.kind == "read" and step.exc is None) or (step.checks and self._inline(step)):
                continue
            bound = bool(step.kind == "call" and step.var and step.var in self._used)
            if bound and not step.exc:
                text = f"{step.var} = {text}"
            if failing is not None and step.exc is failing:
                text += f"  # raises {type(step.exc).__name__}: {_one_line(step.exc)}"
            elif (
                step.kind == "call"
                and not bound
                and step.exc is None
                and step.result is not None
                and not step.awaited
                and not isinstance(step.result, _Proxy)
                and step.result is not self._names.get(id(step.result), (None,))[0]
            ):
                text += f"  # returned {_short_repr(self.fmt(step.result))}"
            body.append((step.depth, text))
        if failure_comment and body:
            depth, last = body[-1]
            last = last.split("  # returned ", 1)[0]
            body[-1] = (depth, f"{last}  # {failure_comment}")
        imports = sorted(self.imports)
        extra = set(self.extra_imports)
        if self.is_async:
            extra.add("import asyncio")
        header = sorted(extra)
        if imports:
            header.append(f"from {self.module_name} import {', '.join(imports)}")
        lines = [*header, "", ""] if header else []
        params = ", ".join(self.fixtures)
        if self.is_async:
            lines.append(f"def {test_name}({params}):")
            lines.append("    async def scenario():")
            lines.extend("        " + "    " * d + t for d, t in body or [(0, "pass")])
            lines.append("")
            lines.append("    asyncio.run(scenario())")
        else:
            lines.append(f"def {test_name}({params}):")
            lines.extend("    " + "    " * d + t for d, t in body or [(0, "pass")])
        return "\n".join(lines).strip("\n") + "\n"


def _short_repr(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    return first[:120]


def _fmt_container(value: Any, fmt: Callable[[object], str]) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{fmt(k)}: {fmt(v)}" for k, v in value.items()) + "}"
    items = [fmt(v) for v in value]
    if isinstance(value, list):
        return "[" + ", ".join(items) + "]"
    if isinstance(value, tuple):
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if not items:
        return f"{type(value).__name__}()"
    inner = "{" + ", ".join(items) + "}"
    return inner if isinstance(value, set) else f"frozenset({inner})"


def _call_plain(target: Callable, args: tuple, kwargs: dict) -> Any:
    try:
        return target(*args, **kwargs)
    except SystemExit as exc:
        raise LearnerExit(f"the code called sys.exit({exc.code!r})") from None


async def _await_and_record(coro: Any, step: Step, recorder: Recorder) -> Any:
    try:
        value = await coro
    except BaseException as exc:
        step.exc = exc
        raise
    step.result = value
    return value


def _callable_base(obj: object) -> str:
    name = getattr(obj, "__name__", None)
    if isinstance(name, str) and name.isidentifier() and name != "<lambda>":
        return _snake(name)
    return "fn"


_LEARNER_MODULES: set[str] = set()


def _is_learner_instance(obj: object) -> bool:
    return type(obj).__module__ in _LEARNER_MODULES


def unwrap(value: Any) -> Any:
    """The real object behind a proxy (anything else is returned as it is)."""
    if isinstance(value, _Proxy):
        return object.__getattribute__(value, "_pykata_target")
    return value


class _Proxy:
    """Base of the recording proxies: holds the real object, its name and the recorder."""

    __slots__ = ("_pykata_name", "_pykata_recorder", "_pykata_target")

    def __init__(self, target: object, name: str, recorder: Recorder) -> None:
        object.__setattr__(self, "_pykata_target", target)
        object.__setattr__(self, "_pykata_name", name)
        object.__setattr__(self, "_pykata_recorder", recorder)

    def __repr__(self) -> str:
        return repr(object.__getattribute__(self, "_pykata_target"))


class CallableProxy(_Proxy):
    """A learner function (or class, or returned callable); calling it is recorded."""

    __slots__ = ()

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        target = object.__getattribute__(self, "_pykata_target")
        name = object.__getattribute__(self, "_pykata_name")
        recorder: Recorder = object.__getattribute__(self, "_pykata_recorder")
        return recorder.call(target, name, args, kwargs)

    def __getattr__(self, attr: str) -> Any:
        target = object.__getattribute__(self, "_pykata_target")
        name = object.__getattribute__(self, "_pykata_name")
        recorder: Recorder = object.__getattribute__(self, "_pykata_recorder")
        value = recorder.get(target, name, attr)
        if callable(value) and not isinstance(value, type):
            return CallableProxy(value, f"{name}.{attr}", recorder)
        recorder.read(name, attr, value)
        return value


class InstanceProxy(_Proxy):
    """An object made by the learner's code; method calls, reads and writes are recorded."""

    __slots__ = ()

    def __getattr__(self, attr: str) -> Any:
        target = object.__getattribute__(self, "_pykata_target")
        name = object.__getattribute__(self, "_pykata_name")
        recorder: Recorder = object.__getattribute__(self, "_pykata_recorder")
        value = recorder.get(target, name, attr)
        if callable(value) and not isinstance(value, type):
            return CallableProxy(value, f"{name}.{attr}", recorder)
        recorder.read(name, attr, value)
        return value

    def __setattr__(self, attr: str, value: Any) -> None:
        target = object.__getattribute__(self, "_pykata_target")
        name = object.__getattribute__(self, "_pykata_name")
        recorder: Recorder = object.__getattribute__(self, "_pykata_recorder")
        recorder.setattr(target, name, attr, value)

    def _operator(self, callee: str, operation: Callable[..., Any], *args: Any) -> Any:
        # The operator itself (len, in, []), so Python's own fallbacks apply (``in`` through
        # ``__iter__``), and a missing method fails as Python fails: inside the recorded call.
        target = object.__getattribute__(self, "_pykata_target")
        recorder: Recorder = object.__getattribute__(self, "_pykata_recorder")
        return recorder.call(lambda *a: operation(target, *a), callee, args, {})

    def __len__(self) -> int:
        name = object.__getattribute__(self, "_pykata_name")
        return self._operator(f"len({name})", len)

    def __contains__(self, item: object) -> bool:
        name = object.__getattribute__(self, "_pykata_name")
        return self._operator(f"{name}.__contains__", lambda t, i: i in t, item)

    def __getitem__(self, key: object) -> Any:
        name = object.__getattribute__(self, "_pykata_name")
        return self._operator(f"{name}.__getitem__", lambda t, k: t[k], key)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        target = object.__getattribute__(self, "_pykata_target")
        name = object.__getattribute__(self, "_pykata_name")
        recorder: Recorder = object.__getattribute__(self, "_pykata_recorder")
        return recorder.call(target, name, args, kwargs)

    def __iter__(self) -> Iterator[Any]:
        target = object.__getattribute__(self, "_pykata_target")
        return iter(target)


class ModuleProxy:
    """The learner's module as specs see it: names come back as recording proxies."""

    def __init__(self, module: ModuleType, recorder: Recorder) -> None:
        self._module = module
        self._recorder = recorder
        _LEARNER_MODULES.add(module.__name__)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._module, name)
        recorder = self._recorder
        recorder.sync()
        recorder.imports.add(name)
        recorder._taken.add(name)
        if callable(value):
            return CallableProxy(value, name, recorder)
        recorder.bind(value, name)  # a constant: written by its name in the reproducer
        return value
