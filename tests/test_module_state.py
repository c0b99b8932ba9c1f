"""Every example starts from the learner module's just-imported state, identities kept."""

from __future__ import annotations

import threading
import types

from pytest_pykata.module_state import ModuleState

SOURCE = """
import threading

_MISSING = object()
LINKS = {}
LOCK = threading.Lock()
SIZES = [1, 2]


class Registry:
    shared = []

    def __init__(self):
        self.items = {}


DEFAULT = Registry()


def lookup(key, default=_MISSING):
    return LINKS.get(key, default)


def remember_lazily():
    global CACHE
    CACHE = {"made": "later"}
"""


def load() -> types.ModuleType:
    module = types.ModuleType("_pykata_learner_state_test")
    exec(compile(SOURCE, "state_test.py", "exec"), module.__dict__)
    return module


def test_mutable_module_and_class_data_is_put_back():
    module = load()
    state = ModuleState.capture(module)
    module.LINKS["a"] = 1
    module.SIZES.append(3)
    module.Registry.shared.append("x")
    module.DEFAULT.items["k"] = "v"
    state.restore()
    assert module.LINKS == {} and module.SIZES == [1, 2]
    assert module.Registry.shared == [] and module.DEFAULT.items == {}


def test_sentinels_functions_classes_and_locks_keep_their_identity():
    module = load()
    sentinel, lock, registry, lookup = (
        module._MISSING,
        module.LOCK,
        module.Registry,
        module.lookup,
    )
    state = ModuleState.capture(module)
    state.restore()
    assert module._MISSING is sentinel and module.LOCK is lock
    assert module.Registry is registry and module.lookup is lookup
    assert module.lookup("absent") is module._MISSING
    assert isinstance(module.DEFAULT, module.Registry)
    assert isinstance(lock, type(threading.Lock()))


def test_data_created_after_import_is_removed():
    module = load()
    state = ModuleState.capture(module)
    module.remember_lazily()
    assert module.CACHE
    state.restore()
    assert not hasattr(module, "CACHE")


def test_each_restore_gives_a_fresh_copy():
    module = load()
    state = ModuleState.capture(module)
    state.restore()
    first = module.LINKS
    first["a"] = 1
    state.restore()
    assert module.LINKS == {} and module.LINKS is not first
