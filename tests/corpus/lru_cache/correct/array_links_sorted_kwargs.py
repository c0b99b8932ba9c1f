# pykata-corpus: correct
# style: list links in preallocated int arrays with a free list; sorted kwargs
"""An LRU cache whose linked list lives in parallel lists indexed by slot number.

Slot 0 is the sentinel; ``nxt[0]`` is the least recently used slot and ``prv[0]`` the most
recently used. Free slots are kept on a stack. Everything is preallocated when the cache is
made, so ``get`` and ``put`` only move integers around.
"""

from functools import update_wrapper
from typing import NamedTuple


class CacheInfo(NamedTuple):
    hits: int
    misses: int
    maxsize: object
    currsize: int


class LRUCache:
    __slots__ = ("_cap", "_free", "_keys", "_nxt", "_prv", "_slot", "_vals")

    def __init__(self, capacity):
        if type(capacity) is not int:
            raise TypeError("capacity: expected an int, got " + type(capacity).__name__)
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self._cap = capacity
        self._slot = {}
        n = capacity + 1
        self._keys = [None] * n
        self._vals = [None] * n
        self._nxt = [0] * n
        self._prv = [0] * n
        self._free = list(range(capacity, 0, -1))

    def _detach(self, i):
        nxt, prv = self._nxt, self._prv
        nxt[prv[i]] = nxt[i]
        prv[nxt[i]] = prv[i]

    def _push_newest(self, i):
        nxt, prv = self._nxt, self._prv
        last = prv[0]
        nxt[last] = i
        prv[i] = last
        nxt[i] = 0
        prv[0] = i

    def _find(self, key):
        return self._slot.get(key, 0)

    def get(self, key):
        i = self._find(key)
        if not i:
            return -1
        self._detach(i)
        self._push_newest(i)
        return self._vals[i]

    def put(self, key, value):
        i = self._find(key)
        if i:
            self._detach(i)
        else:
            if not self._free:
                old = self._nxt[0]
                self._detach(old)
                del self._slot[self._keys[old]]
                self._keys[old] = self._vals[old] = None
                self._free.append(old)
            i = self._free.pop()
            self._keys[i] = key
            self._slot[key] = i
        self._vals[i] = value
        self._push_newest(i)

    def __len__(self):
        return len(self._slot)

    def __contains__(self, key):
        return key in self._slot

    def items(self):
        out = []
        i = self._nxt[0]
        while i:
            out.append((self._keys[i], self._vals[i]))
            i = self._nxt[i]
        return out


def lru_cache(maxsize=128):
    if maxsize is not None:
        if type(maxsize) is not int:
            raise TypeError("maxsize must be an int or None")
        maxsize = max(maxsize, 0)

    def decorator(fn):
        table = {} if maxsize is None else (LRUCache(maxsize) if maxsize else None)
        stats = [0, 0]

        def key_of(args, kwargs):
            return (args, tuple(sorted(kwargs.items())))

        def wrapper(*args, **kwargs):
            if table is None:
                stats[1] += 1
                return fn(*args, **kwargs)
            key = key_of(args, kwargs)
            if isinstance(table, dict):
                if key in table:
                    stats[0] += 1
                    return table[key]
            else:
                i = table._find(key)
                if i:
                    stats[0] += 1
                    return table.get(key)
            stats[1] += 1
            value = fn(*args, **kwargs)
            if isinstance(table, dict):
                table.setdefault(key, value)
            elif key not in table:
                table.put(key, value)
            return value

        def cache_info():
            return CacheInfo(stats[0], stats[1], maxsize, 0 if table is None else len(table))

        def cache_clear():
            nonlocal table
            stats[:] = [0, 0]
            if table is not None:
                table = {} if maxsize is None else LRUCache(maxsize)

        update_wrapper(wrapper, fn)
        wrapper.cache_info = cache_info
        wrapper.cache_clear = cache_clear
        return wrapper

    return decorator
