# pykata-corpus: buggy level=2
# bug: an OrderedDict rebuilt on every hit or update to move the key to the end, O(n)
"""LRU cache on an OrderedDict, the order rebuilt whenever a key is used."""

import functools
from collections import OrderedDict, namedtuple

CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])


class LRUCache:
    def __init__(self, capacity: int):
        if not isinstance(capacity, int):
            raise TypeError("capacity must be an int")
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.data = OrderedDict()

    def _refresh(self, key, value):
        # Rebuild the order with the key moved to the end (the most recent).
        self.data = OrderedDict([(k, v) for k, v in self.data.items() if k != key] + [(key, value)])

    def get(self, key):
        if key not in self.data:
            return -1
        value = self.data[key]
        self._refresh(key, value)
        return value

    def put(self, key, value):
        if key in self.data:
            self._refresh(key, value)
            return
        if len(self.data) >= self.capacity:
            self.data.popitem(last=False)
        self.data[key] = value

    def clear(self):
        self.data.clear()

    def __len__(self):
        return len(self.data)

    def __contains__(self, key):
        return key in self.data

    def items(self):
        return list(self.data.items())


def lru_cache(maxsize=128):
    if maxsize is not None and not isinstance(maxsize, int):
        raise TypeError("maxsize must be an int or None")
    if maxsize is not None and maxsize < 0:
        maxsize = 0

    def decorator(func):
        if maxsize is None:
            store = {}
        elif maxsize > 0:
            store = LRUCache(maxsize)
        else:
            store = None
        hits = 0
        misses = 0
        kwd_mark = object()

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            nonlocal hits, misses
            if store is None:
                misses += 1
                return func(*args, **kwargs)
            key = args
            if kwargs:
                key += (kwd_mark, *kwargs.items())
            if key in store:
                hits += 1
                return store.get(key)
            misses += 1
            result = func(*args, **kwargs)
            if maxsize is None:
                store[key] = result
            else:
                store.put(key, result)
            return result

        def cache_info():
            return CacheInfo(hits, misses, maxsize, 0 if store is None else len(store))

        def cache_clear():
            nonlocal hits, misses
            hits = misses = 0
            if store is not None:
                store.clear()

        wrapper.cache_info = cache_info
        wrapper.cache_clear = cache_clear
        return wrapper

    return decorator
