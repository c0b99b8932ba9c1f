"""Importing pykata's heavy machinery once, without pytest's assertion rewriting.

pytest rewrites the asserts of every module of every distribution that registers a pytest
plugin (Hypothesis and pykata itself among them). Without a bytecode cache (for example with
``PYTHONDONTWRITEBYTECODE`` set) that rewriting costs about a second per run for Hypothesis
alone, and it buys nothing here: these modules are machinery, not tests. Learners' tests and
hidden specs are imported by pytest as usual.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager

HEAVY = (
    "hypothesis",
    "hypothesis.strategies",
    "hypothesis.stateful",
    "hypothesis.database",
    "hypothesis.control",
    "hypothesis.errors",
    "hypothesis.internal.conjecture.engine",
    "pytest_pykata.spec",
    "pytest_pykata.recorder",
    "pytest_pykata.explain",
    "pytest_pykata.concurrency",
    "pytest_pykata.integrity",
    "pytest_pykata.isolation",
    "pytest_pykata.clock",
    "pytest_pykata.flaky",
    "pytest_pykata.session",
    "pytest_pykata.kata_fixtures",
)


@contextmanager
def without_assertion_rewriting() -> Iterator[None]:
    """Take pytest's assertion-rewriting import hook out of ``sys.meta_path`` for a moment."""
    hooks = [
        (index, finder)
        for index, finder in enumerate(sys.meta_path)
        if type(finder).__name__ == "AssertionRewritingHook"
    ]
    for _, finder in hooks:
        sys.meta_path.remove(finder)
    try:
        yield
    finally:
        for index, finder in hooks:
            sys.meta_path.insert(index, finder)


def import_machinery() -> None:
    """Import everything a ``--kata`` run needs, plainly (see the module docstring)."""
    with without_assertion_rewriting():
        for name in HEAVY:
            importlib.import_module(name)
