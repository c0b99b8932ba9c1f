# pykata-corpus: correct
# style: list cells, head newest; decorator keys with functools._make_key, plain Lock
"""LRU cache on list cells, and a thread-safe memoizer that never holds its lock during a call.

The cache keeps ``head`` (most recent) and ``tail`` (least recent) sentinels; each cell is a
list ``[newer, older, key, value]``. The decorator borrows functools' own key maker (so it
builds keys exactly like functools, lone-int fast path included), keeps entries in its own
``LRUCache`` and guards only its bookkeeping with a plain lock.
"""

import functools
import threading
from collections import namedtuple

NEWER, OLDER, KEY, VALUE = 0, 1, 2, 3
CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])


class LRUCache:
    def __init__(self, capacity: int):
        if not isinstance(capacity, int):
            raise TypeError(f"capacity must be int, got {type(capacity).__name__}")
        if capacity < 1:
            raise ValueError(f"capacity must be >= 1, got {capacity}")
        self.capacity = capacity
        self.cells = {}
        self.head = [None, None, None, None]
        self.tail = [None, None, None, None]
        self.head[OLDER] = self.tail
        self.tail[NEWER] = self.head

    def _remove(self, cell):
        cell[NEWER][OLDER] = cell[OLDER]
        cell[OLDER][NEWER] = cell[NEWER]

    def _insert_newest(self, cell):
        first = self.head[OLDER]
        cell[NEWER] = self.head
        cell[OLDER] = first
        first[NEWER] = cell
        self.head[OLDER] = cell

    def lookup(self, key, default=None):
        cell = self.cells.get(key)
        if cell is None:
            return default
        self._remove(cell)
        self._insert_newest(cell)
        return cell[VALUE]

    def get(self, key):
        return self.lookup(key, -1)

    def put(self, key, value):
        cell = self.cells.get(key)
        if cell is not None:
            cell[VALUE] = value
            self._remove(cell)
        else:
            if len(self.cells) == self.capacity:
                oldest = self.tail[NEWER]
                self._remove(oldest)
                del self.cells[oldest[KEY]]
            cell = [None, None, key, value]
            self.cells[key] = cell
        self._insert_newest(cell)

    def __len__(self):
        return len(self.cells)

    def __contains__(self, key):
        return key in self.cells

    def items(self):
        result = []
        cell = self.tail[NEWER]
        while cell is not self.head:
            result.append((cell[KEY], cell[VALUE]))
            cell = cell[NEWER]
        return result


def lru_cache(maxsize=128):
    if maxsize is not None:
        if not isinstance(maxsize, int):
            raise TypeError("maxsize must be an int or None")
        if maxsize < 0:
            maxsize = 0

    def decorator(user_function):
        lock = threading.Lock()
        stats = {"hits": 0, "misses": 0}
        absent = object()
        if maxsize is None:
            entries = {}
        elif maxsize:
            entries = LRUCache(maxsize)
        else:
            entries = None

        def wrapper(*args, **kwds):
            if entries is None:
                with lock:
                    stats["misses"] += 1
                return user_function(*args, **kwds)
            key = functools._make_key(args, kwds, False)
            with lock:
                if maxsize is None:
                    found = entries.get(key, absent)
                else:
                    found = entries.lookup(key, absent)
                if found is not absent:
                    stats["hits"] += 1
                    return found
                stats["misses"] += 1
            result = user_function(*args, **kwds)
            with lock:
                if key not in entries:
                    if maxsize is None:
                        entries[key] = result
                    else:
                        entries.put(key, result)
            return result

        def cache_info():
            with lock:
                size = 0 if entries is None else len(entries)
                return CacheInfo(stats["hits"], stats["misses"], maxsize, size)

        def cache_clear():
            nonlocal entries
            with lock:
                stats["hits"] = stats["misses"] = 0
                if entries is not None:
                    entries = {} if maxsize is None else LRUCache(maxsize)

        wrapper.cache_info = cache_info
        wrapper.cache_clear = cache_clear
        return functools.wraps(user_function)(wrapper)

    return decorator
