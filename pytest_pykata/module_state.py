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

import collections.abc
import copy
import enum
import types
from dataclasses import dataclass, field
from typing import Any

_MUTABLE = (
    collections.abc.MutableMapping,
    collections.abc.MutableSequence,
    collections.abc.MutableSet,
    bytearray,
)


def _resettable(value: object, module_name: str) -> bool:
    """Mutable state: a container, or an instance of one of the learner's own classes.

    Everything else (sentinels such as ``_MISSING = object()``, numbers, strings, tuples,
    enum members, locks) keeps its identity: code compares it with ``is``.
    """
    if isinstance(value, _MUTABLE):
        return True
    kind = type(value)
    return (
        kind.__module__ == module_name
        and not isinstance(value, enum.Enum | type | types.FunctionType)
        and hasattr(value, "__dict__")
    )


@dataclass
class _Namespace:
    """The mutable data attributes of one namespace (a module or a class) as first seen."""

    target: Any
    module_name: str
    keep: dict[int, object]
    names_at_import: set[str] = field(default_factory=set)
    data: dict[str, object] = field(default_factory=dict)

    @classmethod
    def capture(cls, target: Any, module_name: str, keep: dict[int, object]) -> _Namespace:
        snapshot = cls(target, module_name, keep, set(vars(target)))
        for name, value in list(vars(target).items()):
            if name.startswith("__") or not _resettable(value, module_name):
                continue
            try:
                snapshot.data[name] = copy.deepcopy(value, dict(keep))
            except Exception:  # holds a lock, a file, a socket: left as it is
                continue
        return snapshot

    def restore(self) -> None:
        for name, value in list(vars(self.target).items()):
            # Mutable data created after import (a lazily made cache): gone, as after import.
            if name not in self.names_at_import and _resettable(value, self.module_name):
                try:
                    delattr(self.target, name)
                except (AttributeError, TypeError):
                    pass
        for name, pristine in self.data.items():
            try:
                setattr(self.target, name, copy.deepcopy(pristine, dict(self.keep)))
            except (AttributeError, TypeError):
                pass


@dataclass
class ModuleState:
    """The state of a learner module right after import, restorable any number of times."""

    namespaces: list[_Namespace]

    @classmethod
    def capture(cls, module: types.ModuleType) -> ModuleState:
        """Remember the module's data and the data of the classes it defines."""
        name = module.__name__
        classes = [
            value
            for value in list(vars(module).values())
            if isinstance(value, type) and value.__module__ == name
        ]
        # Objects that must keep their identity inside copied containers too (sentinels,
        # functions, classes): deepcopy's memo maps each to itself.
        keep = {
            id(value): value
            for holder in (module, *classes)
            for value in list(vars(holder).values())
            if not _resettable(value, name)
        }
        spaces = [_Namespace.capture(holder, name, keep) for holder in (module, *classes)]
        return cls(spaces)

    def restore(self) -> None:
        """Put fresh copies of the remembered data back."""
        for space in self.namespaces:
            space.restore()
