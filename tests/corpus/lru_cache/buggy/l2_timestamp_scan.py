# pykata-corpus: buggy level=2
# bug: a last-used tick per key; eviction takes min() over all keys, O(n) per evicting put
"""LRU cache with a logical clock: the key with the oldest tick is the least recently used."""

import functools
import itertools
from collections import namedtuple

CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])


class LRUCache:
    def __init__(self, capacity: int):
        if not isinstance(capacity, int):
            raise TypeError("capacity must be an int")
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.values = {}
        self.last_used = {}
        self.clock = itertools.count()

    def get(self, key):
        if key not in self.values:
            return -1
        self.last_used[key] = next(self.clock)
        return self.values[key]

    def put(self, key, value):
        if key not in self.values and len(self.values) >= self.capacity:
            oldest = min(self.last_used, key=self.last_used.get)
            del self.values[oldest]
            del self.last_used[oldest]
        self.values[key] = value
        self.last_used[key] = next(self.clock)

    def clear(self):
        self.values.clear()
        self.last_used.clear()

    def __len__(self):
        return len(self.values)

    def __contains__(self, key):
        return key in self.values

    def items(self):
        keys = sorted(self.values, key=self.last_used.get)
        return [(key, self.values[key]) for key in keys]


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
