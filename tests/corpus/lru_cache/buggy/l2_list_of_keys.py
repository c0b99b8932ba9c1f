# pykata-corpus: buggy level=2
# bug: recency is a list of keys: list.remove on every touch, list.pop(0) on every eviction
"""LRU cache: values in a dict, recency order in a list (oldest first)."""

import functools
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
        self.order = []

    def get(self, key):
        if key not in self.values:
            return -1
        self.order.remove(key)
        self.order.append(key)
        return self.values[key]

    def put(self, key, value):
        if key in self.values:
            self.order.remove(key)
        elif len(self.values) >= self.capacity:
            oldest = self.order.pop(0)
            del self.values[oldest]
        self.values[key] = value
        self.order.append(key)

    def clear(self):
        self.values.clear()
        self.order.clear()

    def __len__(self):
        return len(self.values)

    def __contains__(self, key):
        return key in self.values

    def items(self):
        return [(key, self.values[key]) for key in self.order]


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
