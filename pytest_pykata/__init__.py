"""pykata: kata exercises for production Python, judged by hidden property-based specs.

The package is a pytest plugin (``pytest --kata <slug>``), a ``pykata`` command, and a
built-in pack of katas. Importing it is cheap: nothing heavy is imported here.
"""

from __future__ import annotations

__version__ = "0.1.0"

import pluggy as _pluggy  # already imported by pytest itself, so this costs nothing

hookimpl = _pluggy.HookimplMarker("pykata")
"""Marker for kata-pack hook implementations (see :mod:`pytest_pykata.hookspecs`)."""
