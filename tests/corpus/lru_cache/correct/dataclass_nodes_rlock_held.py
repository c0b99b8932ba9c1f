# pykata-corpus: correct
# style: @dataclass cache, slotted dataclass nodes; RLock held across the call
"""A dataclass LRU cache, and a thread-safe decorator that serializes whole calls.

The decorator holds a re-entrant lock for the whole call, the function's run included: two
threads never compute at once, and a function that calls itself re-enters the lock from the
same thread. Keys are hashed up front, so an unhashable argument fails before anything else.
"""

from __future__ import annotations

import threading
from collections import namedtuple
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])


@dataclass(slots=True, eq=False)
class _Link:
    key: Any = None
    value: Any = None
    older: _Link | None = None
    newer: _Link | None = None


@dataclass
class LRUCache:
    capacity: int
    _index: dict = field(default_factory=dict, init=False, repr=False)
    _root: _Link = field(default_factory=_Link, init=False, repr=False)

    def __post_init__(self):
        if isinstance(self.capacity, bool) or not isinstance(self.capacity, int):
            raise TypeError("capacity must be an integer")
        if self.capacity < 1:
            raise ValueError("capacity must be at least 1")
        # root.newer is the most recent link, root.older the least recent (a ring).
        self._root.newer = self._root.older = self._root

    def _cut(self, link):
        link.older.newer = link.newer
        link.newer.older = link.older

    def _front(self, link):
        root = self._root
        link.older = root
        link.newer = root.newer
        root.newer.older = link
        root.newer = link

    def get(self, key):
        link = self._index.get(key)
        if link is None:
            return -1
        self._cut(link)
        self._front(link)
        return link.value

    def put(self, key, value):
        link = self._index.get(key)
        if link is not None:
            link.value = value
            self._cut(link)
        else:
            if len(self._index) >= self.capacity:
                oldest = self._root.older
                self._cut(oldest)
                del self._index[oldest.key]
            link = _Link(key, value)
            self._index[key] = link
        self._front(link)

    def __len__(self):
        return len(self._index)

    def __contains__(self, key):
        return key in self._index

    def items(self):
        pairs = []
        link = self._root.older
        while link is not self._root:
            pairs.append((link.key, link.value))
            link = link.older
        return pairs


class _Mark:
    __slots__ = ()


_MARK = _Mark()


def lru_cache(maxsize=128):
    if not (maxsize is None or isinstance(maxsize, int)):
        raise TypeError(f"maxsize must be None or an int, got {maxsize!r}")
    limit = None if maxsize is None else max(maxsize, 0)

    def decorate(fn):
        lock = threading.RLock()
        cache = {} if limit is None else LRUCache(limit) if limit else None
        hits = misses = 0

        @wraps(fn)
        def memo(*args, **kwargs):
            nonlocal hits, misses
            with lock:
                if cache is None:
                    misses += 1
                    return fn(*args, **kwargs)
                key = (*args, _MARK, *(x for pair in kwargs.items() for x in pair))
                hash(key)
                if key in cache:
                    hits += 1
                    return cache[key] if limit is None else cache.get(key)
                misses += 1
                result = fn(*args, **kwargs)
                if limit is None:
                    cache[key] = result
                else:
                    cache.put(key, result)
                return result

        def cache_info():
            with lock:
                return CacheInfo(hits, misses, limit, 0 if cache is None else len(cache))

        def cache_clear():
            nonlocal hits, misses, cache
            with lock:
                hits = misses = 0
                if cache is not None:
                    cache = {} if limit is None else LRUCache(limit)

        memo.cache_info = cache_info
        memo.cache_clear = cache_clear
        return memo

    return decorate
