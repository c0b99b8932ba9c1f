"""Shared setup for pykata's own tests."""

from __future__ import annotations

import os

# pytester's in-process runs drop every module imported during the inner run afterwards.
# Import pykata's modules here, once, so inner runs share them instead of re-importing half
# of the package (a re-imported module and a stale one would disagree about its globals).
import pytest_pykata.cli  # noqa: F401
import pytest_pykata.isolation  # noqa: F401
import pytest_pykata.kata_fixtures  # noqa: F401
import pytest_pykata.session  # noqa: F401
import pytest_pykata.xdist_support  # noqa: F401
from hypothesis import settings

settings.register_profile("ci", settings.get_profile("ci"), print_blob=True)
settings.register_profile("dev", max_examples=50)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
