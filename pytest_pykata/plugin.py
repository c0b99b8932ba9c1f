"""pytest hooks for pykata (skeleton; the real hooks are being written)."""

from __future__ import annotations

from pytest_pykata.fixtures import flaky_service, frozen_clock  # noqa: F401
