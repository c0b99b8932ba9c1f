"""Noticing when the learner's code patches the time functions or pykata's own machinery.

Code under test that replaces ``time.sleep`` or ``pytest_pykata.spec.check`` (by accident or to
cheat) would make every verdict after it meaningless. Before the first spec of a process runs,
:func:`take_baseline` remembers every function and class of pykata and the standard time
functions; after each spec, :func:`changes` lists what was replaced, and :func:`restore` puts
the originals back.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

_OWN_MODULES = (
    "pytest_pykata.spec",
    "pytest_pykata.recorder",
    "pytest_pykata.explain",
    "pytest_pykata.concurrency",
    "pytest_pykata.clock",
    "pytest_pykata.flaky",
    "pytest_pykata.fixtures",
    "pytest_pykata.kata_fixtures",
    "pytest_pykata.collect",
    "pytest_pykata.session",
    "pytest_pykata.isolation",
    "pytest_pykata.verdict",
    "pytest_pykata.workspace",
)
_STDLIB = {
    "time": ("time", "monotonic", "perf_counter", "sleep", "time_ns", "monotonic_ns"),
    "asyncio": ("sleep",),
    "threading": ("Thread", "Lock", "RLock", "Event", "Barrier"),
}

Baseline = dict[tuple[str, str, str], Any]


def _watched(module: Any, module_name: str) -> dict[tuple[str, str, str], Any]:
    found: dict[tuple[str, str, str], Any] = {}
    for attr, value in list(vars(module).items()):
        if attr.startswith("__") or not callable(value):
            continue
        if getattr(value, "__module__", None) != module_name:
            continue  # names imported from elsewhere are checked where they are defined
        found[(module_name, "", attr)] = value
        if isinstance(value, type):
            for member, inner in list(vars(value).items()):
                if not member.startswith("__") and callable(inner):
                    found[(module_name, attr, member)] = inner
    return found


def take_baseline() -> Baseline:
    """Remember the functions and classes a learner's code must leave alone."""
    baseline: Baseline = {}
    for name in _OWN_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:  # pragma: no cover - an optional part missing
            continue
        baseline.update(_watched(module, name))
    for name, attrs in _STDLIB.items():
        module = importlib.import_module(name)
        for attr in attrs:
            if hasattr(module, attr):
                baseline[(name, "", attr)] = getattr(module, attr)
    return baseline


def _current(key: tuple[str, str, str]) -> Any:
    module_name, owner, attr = key
    module = sys.modules.get(module_name)
    if module is None:
        return None
    holder = getattr(module, owner, None) if owner else module
    return vars(holder).get(attr) if isinstance(holder, type) else getattr(holder, attr, None)


def changes(baseline: Baseline) -> list[str]:
    """The dotted names whose object is no longer the one in ``baseline``."""
    return [
        ".".join(part for part in key if part)
        for key, original in baseline.items()
        if _current(key) is not original
    ]


def restore(baseline: Baseline) -> None:
    """Put every changed function or class back."""
    for key, original in baseline.items():
        if _current(key) is original:
            continue
        module_name, owner, attr = key
        module = sys.modules.get(module_name)
        if module is None:
            continue
        holder = getattr(module, owner, None) if owner else module
        try:
            setattr(holder, attr, original)
        except (AttributeError, TypeError):  # pragma: no cover - a frozen holder
            pass


def describe(changed: list[str]) -> str:
    """The learner-facing sentence for tampering."""
    shown = ", ".join(changed[:4]) + (f" and {len(changed) - 4} more" if len(changed) > 4 else "")
    return (
        f"your code replaced {shown}; code under test must not patch the time functions or "
        "the test machinery, so its results cannot be judged"
    )
