"""LRU cache kata: replace every ``raise NotImplementedError`` with working code.

Run the hidden specs with ``pytest --kata lru_cache``, your own examples with
``pytest katas/lru_cache``, and ask for a hint with ``pykata hint lru_cache``.
The README next to this file explains every level.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any


class LRUCache:
    """A cache of at most ``capacity`` keys that evicts the least recently used key.

    Level 1: ``get`` and ``put``. Level 2: both in O(1). Level 3: ``len``, ``in``,
    ``items()`` and a checked ``capacity``.
    """

    def __init__(self, capacity: int) -> None:
        """Create an empty cache that holds at most ``capacity`` keys.

        Level 3: a capacity of 0 or less raises ValueError, a capacity that is not an
        int raises TypeError.
        """
        raise NotImplementedError

    def get(self, key: Hashable) -> Any:
        """Return the value stored for ``key`` and make ``key`` the most recently used.

        Return -1 when ``key`` is not in the cache (and change nothing).
        """
        raise NotImplementedError

    def put(self, key: Hashable, value: Any) -> None:
        """Store ``value`` under ``key`` and make ``key`` the most recently used.

        A key already in the cache gets the new value. A new key in a full cache first
        evicts the least recently used key.
        """
        raise NotImplementedError

    def __len__(self) -> int:
        """Level 3: the number of keys stored."""
        raise NotImplementedError

    def __contains__(self, key: object) -> bool:
        """Level 3: whether ``key`` is stored, without changing its recency."""
        raise NotImplementedError

    def items(self) -> list[tuple[Any, Any]]:
        """Level 3: a new list of ``(key, value)`` pairs, least recently used first."""
        raise NotImplementedError


def lru_cache(maxsize: int | None = 128) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Level 4: a decorator factory that memoizes a function like ``functools.lru_cache``.

    Used with parentheses: ``@lru_cache()`` or ``@lru_cache(maxsize=32)``. The wrapped
    function keeps the results of the ``maxsize`` most recently used calls (``None``: all
    of them, ``0`` or less: none), and has ``cache_info()`` and ``cache_clear()``.
    """
    raise NotImplementedError
