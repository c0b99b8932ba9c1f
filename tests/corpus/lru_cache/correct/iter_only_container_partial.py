# pykata-corpus: correct
# style: OrderedDict pop-and-reinsert; `in` via __iter__; functools.partial decorator
"""An LRU cache over an OrderedDict, with the container protocol kept minimal.

There is no ``__contains__``: ``key in cache`` falls back on ``__iter__``, which walks the
keys from least to most recent without touching them. ``lru_cache(maxsize)`` returns a
``functools.partial`` of the real decorator.
"""

from collections import OrderedDict, namedtuple
from functools import partial, update_wrapper

CacheInfo = namedtuple("CacheInfo", "hits misses maxsize currsize")
_NOTHING = object()


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int):
            raise TypeError("capacity must be an int")
        if capacity <= 0:
            raise ValueError("capacity must be > 0")
        self.capacity = capacity
        self.data = OrderedDict()

    def get(self, key):
        value = self.data.pop(key, _NOTHING)
        if value is _NOTHING:
            return -1
        self.data[key] = value
        return value

    def put(self, key, value):
        if self.data.pop(key, _NOTHING) is _NOTHING and len(self.data) >= self.capacity:
            self.data.popitem(last=False)
        self.data[key] = value

    def __len__(self):
        return len(self.data)

    def __iter__(self):
        return iter(list(self.data))

    def items(self):
        return [*self.data.items()]


def _memoize(fn, *, maxsize):
    cache = OrderedDict()
    hits = misses = 0

    def wrapper(*args, **kwargs):
        nonlocal hits, misses
        if maxsize == 0:
            misses += 1
            return fn(*args, **kwargs)
        key = (args, frozenset(kwargs.items())) if kwargs else (args,)
        value = cache.pop(key, _NOTHING)
        if value is not _NOTHING:
            cache[key] = value
            hits += 1
            return value
        misses += 1
        value = fn(*args, **kwargs)
        if key not in cache:
            if maxsize is not None and len(cache) >= maxsize:
                cache.popitem(last=False)
            cache[key] = value
        return value

    def cache_info():
        return CacheInfo(hits, misses, maxsize, len(cache))

    def cache_clear():
        nonlocal hits, misses
        cache.clear()
        hits = misses = 0

    update_wrapper(wrapper, fn)
    wrapper.cache_info = cache_info
    wrapper.cache_clear = cache_clear
    return wrapper


def lru_cache(maxsize=128):
    if maxsize is not None and not isinstance(maxsize, int):
        raise TypeError("maxsize must be an int or None")
    return partial(_memoize, maxsize=None if maxsize is None else max(0, maxsize))
