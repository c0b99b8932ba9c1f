# pykata-corpus: correct
# style: OrderedDict move_to_end/popitem(last=False); decorator sorts keyword arguments
"""LRU cache built on collections.OrderedDict, which keeps keys in a linked order for us."""

import functools
from collections import OrderedDict, namedtuple

CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])


class LRUCache:
    """Keys are kept least recently used first: the front of the OrderedDict is evicted."""

    def __init__(self, capacity: int):
        if isinstance(capacity, bool) or not isinstance(capacity, int):
            raise TypeError(f"capacity must be an int, not {type(capacity).__name__}")
        if capacity <= 0:
            raise ValueError(f"capacity must be positive, got {capacity}")
        self.capacity = capacity
        self._data = OrderedDict()

    def get(self, key):
        """Return the value and mark the key most recently used, or -1."""
        if key not in self._data:
            return -1
        self._data.move_to_end(key)
        return self._data[key]

    def put(self, key, value):
        """Insert or update, evicting the least recently used key if the cache is full."""
        if key in self._data:
            self._data.move_to_end(key)
        elif len(self._data) >= self.capacity:
            self._data.popitem(last=False)
        self._data[key] = value

    def __len__(self):
        return len(self._data)

    def __contains__(self, key):
        return key in self._data

    def items(self):
        return list(self._data.items())


_KWARGS = object()


def lru_cache(maxsize=128):
    """Memoize a function; the key always hashes the arguments, even when maxsize is 0."""
    if maxsize is not None and not isinstance(maxsize, int):
        raise TypeError("maxsize must be an int or None")
    if maxsize is not None and maxsize < 0:
        maxsize = 0

    def decorator(func):
        cache = OrderedDict()
        hits = misses = 0

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            nonlocal hits, misses
            key = args
            if kwargs:
                # sorted: f(x=1, y=2) and f(y=2, x=1) share one entry
                key += (_KWARGS, *sorted(kwargs.items()))
            if key in cache:
                hits += 1
                cache.move_to_end(key)
                return cache[key]
            misses += 1
            result = func(*args, **kwargs)
            if maxsize is None or maxsize > 0:
                cache[key] = result
                if maxsize is not None and len(cache) > maxsize:
                    cache.popitem(last=False)
            return result

        def cache_info():
            return CacheInfo(hits, misses, maxsize, len(cache))

        def cache_clear():
            nonlocal hits, misses
            cache.clear()
            hits = misses = 0

        wrapper.cache_info = cache_info
        wrapper.cache_clear = cache_clear
        return wrapper

    return decorator
