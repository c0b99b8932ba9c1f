"""pytest hooks for pykata: options always; everything else only when ``--kata`` is given.

This module is loaded on every pytest run through the ``pytest11`` entry point, so it imports
only pytest and the standard library. A plain run (no ``--kata``) costs one option lookup.
"""

from __future__ import annotations

import pytest

from pytest_pykata.fixtures import flaky_service, frozen_clock  # noqa: F401  (plugin fixtures)
from pytest_pykata.options import add_options, kata_requested


def pytest_addoption(parser: pytest.Parser) -> None:
    add_options(parser)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "pykata(level, rule): a pykata hidden spec (set by @spec, not by hand)"
    )
    if not kata_requested(config):
        return
    # Heavy machinery (Hypothesis, the kata catalog, the runner) loads only from here on.
    from pytest_pykata.imports import import_machinery

    import_machinery()
    from pytest_pykata import kata_fixtures
    from pytest_pykata.session import KataSession

    session = KataSession.configure(config)
    config.pluginmanager.register(session, "pykata-session")
    config.pluginmanager.register(kata_fixtures, "pykata-fixtures")
    if config.pluginmanager.hasplugin("xdist"):
        from pytest_pykata.xdist_support import KataScheduling

        if KataScheduling.applies(config):
            config.pluginmanager.register(KataScheduling(), "pykata-xdist")
