# pykata-corpus: buggy level=2
# bug: recency is a deque of keys: every hit or update does deque.remove(key), O(n)
"""LRU cache: a dict for the values, a deque for the order (deques are fast at both ends)."""

import functools
from collections import deque, namedtuple

CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])


class LRUCache:
    def __init__(self, capacity: int):
        if not isinstance(capacity, int):
            raise TypeError("capacity must be an int")
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.cache = {}
        self.queue = deque()

    def get(self, key):
        if key not in self.cache:
            return -1
        self.queue.remove(key)
        self.queue.append(key)
        return self.cache[key]

    def put(self, key, value):
        if key in self.cache:
            self.queue.remove(key)
        elif len(self.cache) == self.capacity:
            del self.cache[self.queue.popleft()]
        self.cache[key] = value
        self.queue.append(key)

    def clear(self):
        self.cache.clear()
        self.queue.clear()

    def __len__(self):
        return len(self.cache)

    def __contains__(self, key):
        return key in self.cache

    def items(self):
        return [(key, self.cache[key]) for key in self.queue]


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
