"""Shared setup for pykata's own tests."""

from __future__ import annotations

import os

from hypothesis import settings

# pytester's in-process runs drop every module imported during the inner run afterwards.
# Import pykata's modules here, once, so inner runs share them instead of re-importing half
# of the package (a re-imported module and a stale one would disagree about its globals).
import pytest_pykata.cli
import pytest_pykata.clock
import pytest_pykata.concurrency
import pytest_pykata.flaky
import pytest_pykata.integrity
import pytest_pykata.isolation
import pytest_pykata.kata_fixtures
import pytest_pykata.session
import pytest_pykata.xdist_support  # noqa: F401

settings.register_profile("ci", settings.get_profile("ci"), print_blob=True)
settings.register_profile("dev", max_examples=50)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
