# pykata-corpus: correct
# style: links as two key->key dicts; put returns self; class wrapper checks maxsize late
"""An LRU cache whose linked list is two dicts of neighbours, and a class-based memo.

``_after[k]`` is the key used just after ``k`` and ``_before[k]`` the one just before, with
a private sentinel object closing the ring. ``put`` returns the cache so calls chain. The
decorator factory only records ``maxsize``; it is validated when a function is decorated.
"""

import functools
from collections import namedtuple

_END = object()
CacheInfo = namedtuple("CacheInfo", "hits misses maxsize currsize")


class LRUCache:
    def __init__(self, capacity, /):
        if capacity is None or isinstance(capacity, (float, str, bytes, complex)):
            raise TypeError(f"capacity must be an int, not {type(capacity).__name__}")
        if not isinstance(capacity, int):
            raise TypeError("capacity must be an int")
        if capacity < 1:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self._values = {}
        self._after = {_END: _END}
        self._before = {_END: _END}

    def _unlink(self, key):
        before = self._before.pop(key)
        after = self._after.pop(key)
        self._after[before] = after
        self._before[after] = before

    def _link_newest(self, key):
        newest = self._before[_END]
        self._after[newest] = key
        self._before[key] = newest
        self._after[key] = _END
        self._before[_END] = key

    def get(self, key, /):
        if key not in self._values:
            return -1
        self._unlink(key)
        self._link_newest(key)
        return self._values[key]

    def put(self, key, value, /):
        if key in self._values:
            self._unlink(key)
        elif len(self._values) >= self.capacity:
            oldest = self._after[_END]
            self._unlink(oldest)
            del self._values[oldest]
        self._values[key] = value
        self._link_newest(key)
        return self

    def __len__(self):
        return len(self._values)

    def __contains__(self, key):
        return key in self._values

    def __iter__(self):
        key = self._after[_END]
        while key is not _END:
            yield key
            key = self._after[key]

    def items(self):
        return [(key, self._values[key]) for key in self]


class _Memo:
    """The memoized function: call it, ask cache_info(), cache_clear() it."""

    _KW = object()

    def __init__(self, fn, maxsize):
        functools.update_wrapper(self, fn)
        self._fn = fn
        self._maxsize = maxsize
        self._hits = self._misses = 0
        self._store = None if maxsize == 0 else {} if maxsize is None else LRUCache(maxsize)

    def __call__(self, *args, **kwargs):
        if self._store is None:
            self._misses += 1
            return self._fn(*args, **kwargs)
        key = (args, self._KW, tuple(kwargs.items())) if kwargs else args
        store = self._store
        if key in store:
            self._hits += 1
            return store[key] if type(store) is dict else store.get(key)
        self._misses += 1
        result = self._fn(*args, **kwargs)
        if key not in store:
            if type(store) is dict:
                store[key] = result
            else:
                store.put(key, result)
        return result

    def cache_info(self):
        return CacheInfo(
            self._hits, self._misses, self._maxsize, 0 if self._store is None else len(self._store)
        )

    def cache_clear(self):
        self._hits = self._misses = 0
        if self._store is not None:
            self._store = {} if self._maxsize is None else LRUCache(self._maxsize)


def lru_cache(maxsize=128):
    def decorate(fn):
        size = maxsize
        if size is not None:
            if not isinstance(size, int):
                raise TypeError("maxsize must be an int or None")
            size = max(size, 0)
        return _Memo(fn, size)

    return decorate
