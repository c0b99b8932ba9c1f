# pykata-corpus: correct
# style: __slots__, value checked before type, math.inf limit for None; typed= extra
"""A slotted LRU cache, and a decorator with functools' optional extras.

The capacity's size is checked first (comparing a str or None with 1 raises TypeError by
itself) and its type second. ``maxsize=None`` is handled by the same ``LRUCache`` machinery
with an infinite limit. The decorator also accepts ``typed=`` and offers
``cache_parameters()``, as functools does.
"""

import math
from functools import WRAPPER_ASSIGNMENTS, WRAPPER_UPDATES
from typing import NamedTuple


class CacheInfo(NamedTuple):
    hits: int
    misses: int
    maxsize: int | None
    currsize: int

    def ratio(self):
        total = self.hits + self.misses
        return self.hits / total if total else 0.0


class _Entry:
    __slots__ = ("key", "next", "prev", "val")


class LRUCache:
    __slots__ = ("_limit", "_sentinel", "_table")

    def __init__(self, capacity):
        if capacity < 1:
            raise ValueError("capacity must be at least one")
        if not isinstance(capacity, int):
            raise TypeError("capacity must be a whole number (int)")
        self._setup(capacity)

    @classmethod
    def _unbounded(cls):
        cache = cls.__new__(cls)
        cache._setup(math.inf)
        return cache

    def _setup(self, limit):
        self._limit = limit
        self._table = {}
        s = _Entry()
        s.prev = s.next = s
        self._sentinel = s

    def _move_last(self, e):
        e.prev.next = e.next
        e.next.prev = e.prev
        self._append(e)

    def _append(self, e):
        s = self._sentinel
        e.prev = s.prev
        e.next = s
        s.prev.next = e
        s.prev = e

    def _probe(self, key, miss):
        try:
            e = self._table[key]
        except KeyError:
            return miss
        self._move_last(e)
        return e.val

    def get(self, key):
        return self._probe(key, -1)

    def put(self, key, value):
        e = self._table.get(key)
        if e is not None:
            e.val = value
            self._move_last(e)
            return
        if len(self._table) >= self._limit:
            victim = self._sentinel.next
            victim.prev.next = victim.next
            victim.next.prev = victim.prev
            del self._table[victim.key]
        e = _Entry()
        e.key, e.val = key, value
        self._table[key] = e
        self._append(e)

    def __len__(self):
        return len(self._table)

    def __contains__(self, key):
        return key in self._table

    def items(self):
        out, s = [], self._sentinel
        e = s.next
        while e is not s:
            out.append((e.key, e.val))
            e = e.next
        return out


class _KwMark:
    pass


def lru_cache(maxsize=128, typed=False):
    if maxsize is not None and (isinstance(maxsize, bool) or not isinstance(maxsize, int)):
        if not isinstance(maxsize, bool):
            raise TypeError("maxsize must be an int or None")
    size = None if maxsize is None else max(0, int(maxsize))
    mark = _KwMark()

    def decorator(fn):
        miss = object()
        state = {"hits": 0, "misses": 0, "cache": None}

        def fresh():
            if size is None:
                return LRUCache._unbounded()
            return LRUCache(size) if size > 0 else None

        state["cache"] = fresh()

        def make_key(args, kwargs):
            key = args
            if kwargs:
                key += (mark, *tuple(kwargs.items()))
            if typed:
                key += tuple(type(a) for a in args) + tuple(type(v) for v in kwargs.values())
            return key

        def wrapper(*args, **kwargs):
            cache = state["cache"]
            if cache is None:
                state["misses"] += 1
                return fn(*args, **kwargs)
            key = make_key(args, kwargs)
            found = cache._probe(key, miss)
            if found is not miss:
                state["hits"] += 1
                return found
            state["misses"] += 1
            result = fn(*args, **kwargs)
            if key not in cache:
                cache.put(key, result)
            return result

        for name in WRAPPER_ASSIGNMENTS:
            if hasattr(fn, name):
                setattr(wrapper, name, getattr(fn, name))
        for name in WRAPPER_UPDATES:
            getattr(wrapper, name).update(getattr(fn, name, {}))
        wrapper.__wrapped__ = fn

        def cache_info():
            cache = state["cache"]
            return CacheInfo(state["hits"], state["misses"], size, len(cache) if cache else 0)

        def cache_clear():
            state.update(hits=0, misses=0, cache=fresh())

        def cache_parameters():
            return {"maxsize": size, "typed": typed}

        wrapper.cache_info = cache_info
        wrapper.cache_clear = cache_clear
        wrapper.cache_parameters = cache_parameters
        return wrapper

    return decorator
