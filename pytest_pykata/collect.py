"""Collecting a kata's hidden specs into pytest items.

Each selected kata becomes a :class:`KataCollector` (node id ``kata:<slug>``) holding one
:class:`SpecModule` per spec file. Every item carries a :class:`SpecInfo` (kata, level, rule)
read from its ``@spec`` marker; a spec without one, or with a level the kata does not have, is
a malformed kata definition.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pytest_pykata.catalog import Kata
from pytest_pykata.errors import KataDefinitionError, PykataError
from pytest_pykata.spec import MARKER

NODE_PREFIX = "kata:"


@dataclass(frozen=True)
class SpecInfo:
    """What an item of a hidden spec is about."""

    kata: str
    level: int
    rule: str
    name: str
    solo: bool = False


def spec_info(item: pytest.Item) -> SpecInfo | None:
    """The SpecInfo of a hidden-spec item, or None for any other item."""
    return getattr(item, "pykata_spec", None)


def kata_of_nodeid(nodeid: str) -> str | None:
    """The kata slug a node id belongs to (works on reports from other processes too)."""
    if not nodeid.startswith(NODE_PREFIX):
        return None
    return nodeid[len(NODE_PREFIX) :].split("::", 1)[0]


class _ExplainsDefinitionErrors:
    def repr_failure(self, excinfo: Any, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if isinstance(excinfo.value, PykataError):
            return f"pykata: {excinfo.value}"
        return super().repr_failure(excinfo, *args, **kwargs)  # type: ignore[misc]


class SpecModule(_ExplainsDefinitionErrors, pytest.Module):
    """One hidden spec file of a kata."""

    kata: Kata

    def collect(self) -> Iterable[pytest.Item | pytest.Collector]:
        for node in super().collect():
            if not isinstance(node, pytest.Item):
                raise KataDefinitionError(
                    self.path, node.name, "hidden specs must be module-level test functions"
                )
            _attach_info(node, self.kata, self.path)
            yield node


def _attach_info(item: pytest.Item, kata: Kata, path: Path) -> None:
    mark = item.get_closest_marker(MARKER)
    if mark is None:
        raise KataDefinitionError(path, item.name, "is a spec without @spec(level=..., rule=...)")
    level = mark.kwargs.get("level")
    if not isinstance(level, int) or not 1 <= level <= len(kata.levels):
        raise KataDefinitionError(
            path,
            item.name,
            f"has level {level!r}, but {kata.slug} has levels 1 to {len(kata.levels)}",
        )
    rule = str(mark.kwargs.get("rule", ""))
    item.pykata_spec = SpecInfo(  # type: ignore[attr-defined]
        kata=kata.slug,
        level=level,
        rule=rule,
        name=item.name,
        solo=bool(mark.kwargs.get("solo", False)),
    )


class KataCollector(_ExplainsDefinitionErrors, pytest.Collector):
    """All hidden specs of one kata."""

    kata: Kata

    def collect(self) -> Iterable[pytest.Item | pytest.Collector]:
        for file in self.kata.spec_files:
            module = SpecModule.from_parent(self, path=file, nodeid=f"{self.nodeid}::{file.name}")
            module.kata = self.kata
            yield module


def collectors_for(session: pytest.Session, katas: Iterable[Kata]) -> list[KataCollector]:
    """One collector per kata, to hang below the session."""
    nodes = []
    for kata in katas:
        node = KataCollector.from_parent(
            session,
            name=f"{NODE_PREFIX}{kata.slug}",
            nodeid=f"{NODE_PREFIX}{kata.slug}",
            path=kata.path,
        )
        node.kata = kata
        nodes.append(node)
    return nodes


def check_levels_have_specs(kata: Kata, items: list[pytest.Item]) -> None:
    """Raise KataDefinitionError if a level of ``kata`` has no spec at all."""
    levels = {info.level for item in items if (info := spec_info(item)) and info.kata == kata.slug}
    missing = [n for n in range(1, len(kata.levels) + 1) if n not in levels]
    if missing and items:
        raise KataDefinitionError(
            kata.path / "kata.toml", f"levels[{missing[0]}]", "has no spec in the spec files"
        )
