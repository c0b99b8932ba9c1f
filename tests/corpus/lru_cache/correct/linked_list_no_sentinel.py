# pykata-corpus: correct
# style: dict + linked list without sentinels, head is newest; decorator reuses the class
"""An LRU cache with explicit head and tail pointers, and a decorator reusing it."""

import functools
import sys
from typing import NamedTuple


class CacheInfo(NamedTuple):
    hits: int
    misses: int
    maxsize: int | None
    currsize: int


class _Entry:
    __slots__ = ("key", "newer", "older", "value")

    def __init__(self, key, value):
        self.key = key
        self.value = value
        self.newer = None
        self.older = None


_ABSENT = object()


class LRUCache:
    """head is the most recently used entry, tail the least recently used."""

    def __init__(self, capacity: int):
        if not isinstance(capacity, int) or isinstance(capacity, bool):
            raise TypeError("capacity must be an int")
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        self._capacity = capacity
        self._entries = {}
        self._head = None
        self._tail = None

    @property
    def capacity(self):
        return self._capacity

    def _detach(self, entry):
        if entry.newer is None:
            self._head = entry.older
        else:
            entry.newer.older = entry.older
        if entry.older is None:
            self._tail = entry.newer
        else:
            entry.older.newer = entry.newer
        entry.newer = entry.older = None

    def _push_front(self, entry):
        entry.older = self._head
        entry.newer = None
        if self._head is not None:
            self._head.newer = entry
        self._head = entry
        if self._tail is None:
            self._tail = entry

    def _lookup(self, key, default=_ABSENT):
        entry = self._entries.get(key)
        if entry is None:
            return default
        if entry is not self._head:
            self._detach(entry)
            self._push_front(entry)
        return entry.value

    def get(self, key):
        return self._lookup(key, -1)

    def put(self, key, value):
        entry = self._entries.get(key)
        if entry is not None:
            entry.value = value
            if entry is not self._head:
                self._detach(entry)
                self._push_front(entry)
            return
        if len(self._entries) >= self._capacity:
            oldest = self._tail
            self._detach(oldest)
            del self._entries[oldest.key]
        entry = _Entry(key, value)
        self._entries[key] = entry
        self._push_front(entry)

    def clear(self):
        self._entries.clear()
        self._head = self._tail = None

    def __len__(self):
        return len(self._entries)

    def __contains__(self, key):
        return key in self._entries

    def __iter__(self):
        """Keys, least recently used first."""
        entry = self._tail
        while entry is not None:
            yield entry.key
            entry = entry.newer

    def items(self):
        pairs = []
        entry = self._tail
        while entry is not None:
            pairs.append((entry.key, entry.value))
            entry = entry.newer
        return pairs

    def __repr__(self):
        return f"LRUCache({self._capacity}, {dict(self.items())!r})"


def lru_cache(maxsize=128):
    if maxsize is not None and not isinstance(maxsize, int):
        raise TypeError("maxsize must be an int or None")
    if maxsize is not None and maxsize < 0:
        maxsize = 0

    def decorator(func):
        # maxsize=None: an LRUCache too big to ever fill
        cache = None if maxsize == 0 else LRUCache(sys.maxsize if maxsize is None else maxsize)
        hits = misses = 0

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            nonlocal hits, misses
            if cache is None:
                misses += 1
                return func(*args, **kwargs)
            key = (args, frozenset(kwargs.items()))
            result = cache._lookup(key)
            if result is not _ABSENT:
                hits += 1
                return result
            misses += 1
            result = func(*args, **kwargs)
            cache.put(key, result)
            return result

        def cache_info():
            return CacheInfo(hits, misses, maxsize, 0 if cache is None else len(cache))

        def cache_clear():
            nonlocal hits, misses
            hits = misses = 0
            if cache is not None:
                cache.clear()

        wrapper.cache_info = cache_info
        wrapper.cache_clear = cache_clear
        return wrapper

    return decorator
