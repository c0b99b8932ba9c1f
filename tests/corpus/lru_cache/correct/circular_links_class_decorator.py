# pykata-corpus: correct
# style: list links on a circular list around a root; class-based decorator with __get__
"""LRU cache on a circular doubly linked list of small lists, and a class-based decorator."""

import functools
import types
from collections import namedtuple

PREV, NEXT, KEY, VALUE = 0, 1, 2, 3

CacheInfo = namedtuple("CacheInfo", "hits misses maxsize currsize")


class LRUCache:
    """root[NEXT] is the least recently used link, root[PREV] the most recently used."""

    def __init__(self, capacity: int):
        if not isinstance(capacity, int):
            raise TypeError("capacity must be an integer")
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._links = {}
        self._root = []
        self._root[:] = [self._root, self._root, None, None]

    def _move_to_back(self, link):
        link_prev, link_next = link[PREV], link[NEXT]
        link_prev[NEXT] = link_next
        link_next[PREV] = link_prev
        last = self._root[PREV]
        last[NEXT] = self._root[PREV] = link
        link[PREV] = last
        link[NEXT] = self._root

    def get(self, key):
        link = self._links.get(key)
        if link is None:
            return -1
        self._move_to_back(link)
        return link[VALUE]

    def put(self, key, value):
        """Store the value; return the (key, value) pair it evicted, or None."""
        link = self._links.get(key)
        if link is not None:
            link[VALUE] = value
            self._move_to_back(link)
            return None
        evicted = None
        if len(self._links) >= self.capacity:
            oldest = self._root[NEXT]
            self._root[NEXT] = oldest[NEXT]
            oldest[NEXT][PREV] = self._root
            del self._links[oldest[KEY]]
            evicted = (oldest[KEY], oldest[VALUE])
        last = self._root[PREV]
        link = [last, self._root, key, value]
        last[NEXT] = self._root[PREV] = self._links[key] = link
        return evicted

    def __len__(self):
        return len(self._links)

    def __contains__(self, key):
        return key in self._links

    def items(self):
        pairs = []
        link = self._root[NEXT]
        while link is not self._root:
            pairs.append((link[KEY], link[VALUE]))
            link = link[NEXT]
        return pairs


class _Memoized:
    """The wrapper: a callable object carrying the function's metadata and the statistics."""

    _KWARGS = object()

    def __init__(self, func, maxsize):
        functools.update_wrapper(self, func)
        self._func = func
        self._maxsize = maxsize
        self.cache_clear()

    def __call__(self, *args, **kwargs):
        if self._store is None:
            self._misses += 1
            return self._func(*args, **kwargs)
        key = (*args, self._KWARGS, *kwargs.items()) if kwargs else args
        if key in self._store:
            self._hits += 1
            return self._store.get(key)  # an LRUCache get also marks it most recent
        self._misses += 1
        result = self._func(*args, **kwargs)
        if key not in self._store:
            if isinstance(self._store, LRUCache):
                self._store.put(key, result)
            else:
                self._store[key] = result
        return result

    def __get__(self, instance, owner=None):
        return self if instance is None else types.MethodType(self, instance)

    def cache_info(self):
        size = 0 if self._store is None else len(self._store)
        return CacheInfo(self._hits, self._misses, self._maxsize, size)

    def cache_clear(self):
        if self._maxsize is None:
            self._store = {}
        elif self._maxsize > 0:
            self._store = LRUCache(self._maxsize)
        else:
            self._store = None
        self._hits = self._misses = 0


def lru_cache(maxsize=128):
    if maxsize is not None and not isinstance(maxsize, int):
        raise TypeError("maxsize must be an int or None")
    if maxsize is not None:
        maxsize = max(maxsize, 0)

    def decorator(func):
        return _Memoized(func, maxsize)

    return decorator
