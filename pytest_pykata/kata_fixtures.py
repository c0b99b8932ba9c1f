"""The ``learner`` fixture hidden specs use (registered only when ``--kata`` is given)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from pytest_pykata import spec as spec_api
from pytest_pykata.collect import spec_info
from pytest_pykata.explain import reproducer_test_name
from pytest_pykata.recorder import Recorder
from pytest_pykata.session import SESSION_KEY
from pytest_pykata.workspace import check_exports, learner_file


@pytest.fixture
def learner(request: pytest.FixtureRequest) -> Iterator[spec_api.Learner]:
    """The learner's kata module, seen through recording proxies (hidden specs only).

    Loading it is judged first: a module that does not import, or lacks a name the contract
    needs up to this spec's level, makes the spec an ``error`` with the reason and line.
    """
    info = spec_info(request.node)
    session = request.config.stash.get(SESSION_KEY, None)
    if info is None or session is None:
        pytest.fail("the `learner` fixture is only for pykata's hidden specs (pytest --kata)")
    kata = session.katas[info.kata]
    module = session.learner_module(kata)
    check_exports(
        module, kata.exports_up_to(info.level), learner_file(session.options.kata_dir, kata.slug)
    )
    recorder = Recorder(kata.module)
    recorder.test_name = reproducer_test_name(info)
    spec_api._set_current(recorder)
    try:
        yield spec_api.Learner(module, kata.module, recorder, reset=session.module_reset(kata))
    finally:
        spec_api._set_current(None)
