"""The built-in kata pack, registered through the ``pykata`` entry-point group like any other.

In a built wheel the katas and reference solutions live inside the package
(``pytest_pykata/builtin/``); in an editable checkout they are the top-level ``katas/`` and
``solutions/`` folders next to the package.
"""

from __future__ import annotations

from pathlib import Path

from pytest_pykata import hookimpl
from pytest_pykata.catalog import PackSpec

_PACKAGE = Path(__file__).resolve().parent


def pack_root() -> Path:
    """The folder holding the built-in ``katas/`` and ``solutions/``."""
    shipped = _PACKAGE / "builtin"
    return shipped if (shipped / "katas").is_dir() else _PACKAGE.parent


@hookimpl
def pykata_packs() -> list[PackSpec]:
    """The built-in pack: retry, circuit_breaker, lru_cache, base62, rate_limiter, ..."""
    root = pack_root()
    return [PackSpec(name="builtin", katas_dir=root / "katas", solutions_dir=root / "solutions")]
