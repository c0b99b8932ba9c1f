"""Reference solution of the lru_cache kata: an O(1) LRU cache and a memoizing decorator.

``LRUCache`` keeps a dict from key to node and threads the nodes on a doubly linked list
between two sentinel nodes, least recently used first. Every operation touches a constant
number of nodes, so ``get`` and ``put`` are O(1) whatever the capacity.

``lru_cache`` follows ``functools.lru_cache(typed=False)`` in everything a caller can
observe: the same keys, the same hit and miss counts, the same eviction order.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from typing import Any, NamedTuple, ParamSpec, TypeVar

__all__ = ["CacheInfo", "LRUCache", "lru_cache"]

P = ParamSpec("P")
R = TypeVar("R")

_MISSING: Any = object()


class _Node:
    """One cached entry, linked to its neighbours in recency order."""

    __slots__ = ("key", "next", "prev", "value")

    def __init__(self, key: Any = None, value: Any = None) -> None:
        self.key = key
        self.value = value
        self.prev: _Node = self
        self.next: _Node = self


class LRUCache:
    """A cache of at most ``capacity`` keys that evicts the least recently used key.

    Reading a key with ``get`` or writing it with ``put`` makes it the most recently used;
    ``len``, ``in`` and ``items`` only look. Not thread-safe: share one between threads
    behind a lock.
    """

    def __init__(self, capacity: int) -> None:
        """Create an empty cache; ``capacity`` must be an int of at least 1."""
        if not isinstance(capacity, int):
            raise TypeError(f"capacity must be an int, not {type(capacity).__name__}")
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {capacity}")
        self._capacity = capacity
        self._nodes: dict[Hashable, _Node] = {}
        # Sentinels: _head.next is the least recently used node, _tail.prev the most.
        self._head = _Node()
        self._tail = _Node()
        self._head.next = self._tail
        self._tail.prev = self._head

    @property
    def capacity(self) -> int:
        """The most keys this cache holds."""
        return self._capacity

    def get(self, key: Hashable, default: Any = -1) -> Any:
        """Return the value of ``key`` and make it the most recently used, or ``default``.

        ``default`` is ``-1``, the classic interface's answer for a missing key.
        """
        node = self._nodes.get(key)
        if node is None:
            return default
        self._unlink(node)
        self._append(node)
        return node.value

    def put(self, key: Hashable, value: Any) -> None:
        """Store ``value`` under ``key`` as the most recently used entry.

        A new key in a full cache first evicts the least recently used key.
        """
        node = self._nodes.get(key)
        if node is not None:
            node.value = value
            self._unlink(node)
            self._append(node)
            return
        if len(self._nodes) >= self._capacity:
            oldest = self._head.next
            self._unlink(oldest)
            del self._nodes[oldest.key]
        node = _Node(key, value)
        self._nodes[key] = node
        self._append(node)

    def __len__(self) -> int:
        """The number of keys stored."""
        return len(self._nodes)

    def __contains__(self, key: object) -> bool:
        """Whether ``key`` is stored; does not change recency."""
        return key in self._nodes

    def items(self) -> list[tuple[Any, Any]]:
        """A new list of ``(key, value)`` pairs, least recently used first."""
        pairs = []
        node = self._head.next
        while node is not self._tail:
            pairs.append((node.key, node.value))
            node = node.next
        return pairs

    def clear(self) -> None:
        """Remove every key."""
        self._nodes.clear()
        self._head.next = self._tail
        self._tail.prev = self._head

    def __repr__(self) -> str:
        return f"{type(self).__name__}(capacity={self._capacity}, size={len(self._nodes)})"

    def _unlink(self, node: _Node) -> None:
        node.prev.next = node.next
        node.next.prev = node.prev

    def _append(self, node: _Node) -> None:
        """Link ``node`` in as the most recently used."""
        last = self._tail.prev
        last.next = node
        node.prev = last
        node.next = self._tail
        self._tail.prev = node


class CacheInfo(NamedTuple):
    """Statistics of a function wrapped by :func:`lru_cache`, as ``functools`` reports them."""

    hits: int
    misses: int
    maxsize: int | None
    currsize: int


_KWARGS_MARK = (object(),)
_BARE_KEY_TYPES = frozenset({int, str})


def _make_key(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Hashable:
    """The cache key of one call, built exactly as ``functools`` builds it.

    Positional arguments, then a marker, then each keyword name and value in call order,
    so ``f(1)`` and ``f(x=1)`` are different calls. Like ``functools``, a lone ``int`` or
    ``str`` argument is its own key (it saves a tuple per entry), which is why ``f(1)`` and
    ``f(True)`` are two entries while ``f(1.0)`` and ``f(True)`` are one.
    """
    key = args
    if kwargs:
        key += _KWARGS_MARK
        for item in kwargs.items():
            key += item
    elif len(key) == 1 and type(key[0]) in _BARE_KEY_TYPES:
        return key[0]
    return key


def lru_cache(maxsize: int | None = 128) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Memoize a function, keeping the results of the ``maxsize`` most recent calls.

    Use it with parentheses: ``@lru_cache()`` or ``@lru_cache(maxsize=32)``. ``None``
    keeps every result, ``0`` (or a negative size) keeps none. The wrapper has
    ``cache_info()`` and ``cache_clear()``, and the metadata of the wrapped function.
    """
    if maxsize is not None and not isinstance(maxsize, int):
        raise TypeError(
            f"maxsize must be an int or None, not {type(maxsize).__name__}"
            " (use the decorator with parentheses: @lru_cache())"
        )
    if maxsize is not None:
        maxsize = max(int(maxsize), 0)  # a negative size caches nothing, like 0

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        return _wrap(func, maxsize)

    return decorate


def _wrap(func: Callable[P, R], maxsize: int | None) -> Callable[P, R]:
    """Build the memoizing wrapper of ``func`` for a ``maxsize`` that is None or >= 0."""
    # The lock guards the bookkeeping only, never the call: a recursive function can call
    # itself, and other threads are not held up while one computes.
    lock = threading.RLock()
    hits = misses = 0
    store: LRUCache | dict[Hashable, Any] | None
    if maxsize is None:
        store = {}
    elif maxsize == 0:
        store = None
    else:
        store = LRUCache(maxsize)

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        nonlocal hits, misses
        if store is None:
            # Nothing is cached, so no key is built (functools does the same).
            with lock:
                misses += 1
            return func(*args, **kwargs)
        key = _make_key(args, kwargs)
        with lock:
            result = store.get(key, _MISSING)  # an unhashable argument raises TypeError here
            if result is not _MISSING:
                hits += 1
                return result
            misses += 1
        result = func(*args, **kwargs)
        with lock:
            # A recursive call (or another thread) may have stored this key meanwhile: keep
            # that entry, as functools does.
            if key not in store:
                if isinstance(store, LRUCache):
                    store.put(key, result)
                else:
                    store[key] = result
        return result

    def cache_info() -> CacheInfo:
        """Report the hits, misses, maxsize and current size of the cache."""
        with lock:
            return CacheInfo(hits, misses, maxsize, len(store) if store is not None else 0)

    def cache_clear() -> None:
        """Empty the cache and reset its statistics."""
        nonlocal hits, misses
        with lock:
            if store is not None:
                store.clear()
            hits = misses = 0

    def cache_parameters() -> dict[str, Any]:
        """The arguments the cache was made with, as ``functools`` reports them."""
        return {"maxsize": maxsize, "typed": False}

    wrapper.cache_info = cache_info  # type: ignore[attr-defined]
    wrapper.cache_clear = cache_clear  # type: ignore[attr-defined]
    wrapper.cache_parameters = cache_parameters  # type: ignore[attr-defined]
    return wrapper
