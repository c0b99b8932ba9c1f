# pykata-corpus: buggy level=4
# bug: misses = calls - hits, calls counted first: an unhashable call is a miss
"""LRU cache on an OrderedDict, and a memoizing decorator with its own OrderedDict."""

import functools
from collections import OrderedDict, namedtuple

CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int):
            raise TypeError("capacity must be an int")
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self.cache = OrderedDict()

    def get(self, key):
        if key not in self.cache:
            return -1
        self.cache.move_to_end(key)
        return self.cache[key]

    def put(self, key, value):
        if key in self.cache:
            self.cache.move_to_end(key)
        elif len(self.cache) >= self.capacity:
            self.cache.popitem(last=False)
        self.cache[key] = value

    def __len__(self):
        return len(self.cache)

    def __contains__(self, key):
        return key in self.cache

    def items(self):
        return list(self.cache.items())


_KWD_MARK = object()


def lru_cache(maxsize=128):
    if maxsize is not None and not isinstance(maxsize, int):
        raise TypeError("maxsize must be an int or None")
    if maxsize is not None and maxsize < 0:
        maxsize = 0

    def decorator(func):
        cache = OrderedDict()
        hits = calls = 0

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            nonlocal hits, calls
            calls += 1
            if maxsize == 0:
                return func(*args, **kwargs)
            key = args
            if kwargs:
                key += (_KWD_MARK, *tuple(kwargs.items()))
            if key in cache:
                hits += 1
                cache.move_to_end(key)
                return cache[key]
            result = func(*args, **kwargs)
            if maxsize is not None and len(cache) >= maxsize:
                cache.popitem(last=False)
            cache[key] = result
            return result

        def cache_info():
            return CacheInfo(hits, calls - hits, maxsize, len(cache))

        def cache_clear():
            nonlocal hits, calls
            cache.clear()
            hits = calls = 0

        wrapper.cache_info = cache_info
        wrapper.cache_clear = cache_clear
        return wrapper

    return decorator
