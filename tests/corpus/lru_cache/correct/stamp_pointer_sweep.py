# pykata-corpus: correct
# style: increasing stamps, eviction sweeps a pointer over dead stamps (amortized O(1))
"""An LRU cache without any linked list or ordered container.

Each stored key carries the stamp of its last use (0, 1, 2, ... in order) and ``_by_stamp``
maps live stamps back to keys. The least recently used key has the smallest live stamp, so
eviction advances ``_low`` past stamps that are no longer live. Every stamp is passed over
once at most, so eviction is amortized O(1). ``items()`` walks stamps in order too.
"""

import collections
import functools

Info = collections.namedtuple("Info", ("hits", "misses", "maxsize", "currsize"))


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int):
            raise TypeError("capacity must be an int")
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        self._capacity = capacity
        self._entries = {}  # key -> [stamp, value]
        self._by_stamp = {}  # live stamp -> key
        self._low = 0  # no live stamp is below this
        self._next = 0

    def _stamp(self, key, entry):
        del self._by_stamp[entry[0]]
        entry[0] = self._next
        self._by_stamp[self._next] = key
        self._next += 1

    def get(self, key):
        entry = self._entries.get(key)
        if entry is None:
            return -1
        self._stamp(key, entry)
        return entry[1]

    def put(self, key, value):
        entry = self._entries.get(key)
        if entry is not None:
            entry[1] = value
            self._stamp(key, entry)
            return
        if len(self._entries) >= self._capacity:
            while self._low not in self._by_stamp:
                self._low += 1
            del self._entries[self._by_stamp.pop(self._low)]
        self._entries[key] = [self._next, value]
        self._by_stamp[self._next] = key
        self._next += 1

    def __len__(self):
        return len(self._entries)

    def __contains__(self, key):
        return key in self._entries

    def items(self):
        return [(key, self._entries[key][1]) for _, key in sorted(self._by_stamp.items())]


_SEPARATOR = object()


def lru_cache(maxsize=128):
    if maxsize is not None and not isinstance(maxsize, int):
        raise TypeError("maxsize must be an integer or None")
    if maxsize is not None and maxsize < 0:
        maxsize = 0

    def decorating(function):
        cache = None if maxsize is None else (LRUCache(maxsize) if maxsize > 0 else None)
        everything = {} if maxsize is None else None
        hits = misses = 0
        missing = object()

        def lookup(key):
            if everything is not None:
                return everything.get(key, missing)
            if key in cache:
                return cache.get(key)
            return missing

        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            nonlocal hits, misses
            if maxsize == 0:
                misses += 1
                return function(*args, **kwargs)
            key = args
            if kwargs:
                key = (*key, _SEPARATOR, *tuple(kwargs.items()))
            found = lookup(key)
            if found is not missing:
                hits += 1
                return found
            misses += 1
            value = function(*args, **kwargs)
            if everything is not None:
                everything[key] = value
            elif key not in cache:
                cache.put(key, value)
            return value

        def cache_info():
            size = len(everything) if everything is not None else len(cache) if cache else 0
            return Info(hits, misses, maxsize, size)

        def cache_clear():
            nonlocal hits, misses, cache
            hits = misses = 0
            if everything is not None:
                everything.clear()
            elif cache is not None:
                cache = LRUCache(maxsize)

        wrapper.cache_info = cache_info
        wrapper.cache_clear = cache_clear
        return wrapper

    return decorating
