"""The kata-pack extension API.

A kata pack is any installed distribution that registers a module under the ``pykata``
entry-point group; the module implements the hooks below with ``pytest_pykata.hookimpl``.
The built-in pack (``pytest_pykata.builtin_pack``) is registered exactly the same way::

    [project.entry-points.pykata]
    mypack = "mypack.pykata_pack"

    # mypack/pykata_pack.py
    from pathlib import Path
    from pytest_pykata import hookimpl
    from pytest_pykata.catalog import PackSpec

    @hookimpl
    def pykata_packs():
        here = Path(__file__).parent
        return [PackSpec(name="mypack", katas_dir=here / "katas",
                         solutions_dir=here / "solutions")]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pytest_pykata.catalog import PackSpec

hookspec = pluggy.HookspecMarker("pykata")


@hookspec
def pykata_packs() -> Iterable[PackSpec]:
    """Return the kata packs this plugin provides: each names a folder of kata folders."""
