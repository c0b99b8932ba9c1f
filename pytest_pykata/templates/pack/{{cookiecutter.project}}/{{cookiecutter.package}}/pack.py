"""Registers this pack with pykata (entry-point group ``pykata`` in pyproject.toml)."""

from pathlib import Path

from pytest_pykata import hookimpl
from pytest_pykata.catalog import PackSpec

HERE = Path(__file__).resolve().parent


@hookimpl
def pykata_packs() -> list[PackSpec]:
    """This pack's katas (katas/<slug>/) and reference solutions (solutions/<slug>.py)."""
    return [
        PackSpec(
            name="{{ cookiecutter.package }}",
            katas_dir=HERE / "katas",
            solutions_dir=HERE / "solutions",
        )
    ]
