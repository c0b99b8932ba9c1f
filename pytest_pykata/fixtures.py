"""Fixtures: frozen_clock and flaky_service (placeholder, being written)."""

from __future__ import annotations

import pytest


@pytest.fixture
def frozen_clock():
    """Placeholder."""
    raise NotImplementedError


@pytest.fixture
def flaky_service():
    """Placeholder."""
    raise NotImplementedError
