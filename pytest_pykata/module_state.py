"""Giving every Hypothesis example a learner module in its just-imported state.

Module-level data (a dict of links at module level, a class attribute used as a registry) would
otherwise carry one example's calls into the next: a failure would then depend on examples
that the printed reproducer does not contain. Re-importing the module per example fixes that,
but gives the learner's classes new identities (Hypothesis then sees the same failure as a new
one) and repeats import-time work. Instead the data is put back: right after import, the
module's and its classes' data attributes are deep-copied; before each example, fresh copies
of them replace whatever the previous example left. Functions, classes and imported modules
keep their identity.
"""

from __future__ import annotations

import copy
import types
from dataclasses import dataclass, field
from typing import Any

_MISSING = object()
_NOT_DATA = (
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    type,
    staticmethod,
    classmethod,
    property,
    types.MethodType,
)


def _is_data(name: str, value: object) -> bool:
    if name.startswith("__") and name.endswith("__"):
        return False
    return not isinstance(value, _NOT_DATA) and not callable(value)


def _copyable(value: object) -> tuple[bool, object]:
    try:
        return True, copy.deepcopy(value)
    except Exception:  # locks, files, sockets: left as they are
        return False, None


@dataclass
class _Namespace:
    """The data attributes of one namespace (a module or a class) as first seen."""

    target: Any
    data: dict[str, object] = field(default_factory=dict)

    @classmethod
    def capture(cls, target: Any) -> _Namespace:
        snapshot = cls(target)
        for name, value in list(vars(target).items()):
            if _is_data(name, value):
                ok, copied = _copyable(value)
                if ok:
                    snapshot.data[name] = copied
        return snapshot

    def restore(self) -> None:
        current = vars(self.target)
        for name, value in list(current.items()):
            if name not in self.data and _is_data(name, value):
                # Data created after import (a lazily made cache): gone, as after an import.
                try:
                    delattr(self.target, name)
                except (AttributeError, TypeError):
                    pass
        for name, pristine in self.data.items():
            try:
                setattr(self.target, name, copy.deepcopy(pristine))
            except (AttributeError, TypeError):
                pass


@dataclass
class ModuleState:
    """The state of a learner module right after import, restorable any number of times."""

    namespaces: list[_Namespace]

    @classmethod
    def capture(cls, module: types.ModuleType) -> ModuleState:
        """Remember the module's data and the data of the classes it defines."""
        spaces = [_Namespace.capture(module)]
        for value in list(vars(module).values()):
            if isinstance(value, type) and value.__module__ == module.__name__:
                spaces.append(_Namespace.capture(value))
        return cls(spaces)

    def restore(self) -> None:
        """Put fresh copies of the remembered data back."""
        for space in self.namespaces:
            space.restore()
