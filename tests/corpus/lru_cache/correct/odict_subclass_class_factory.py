# pykata-corpus: correct
# style: LRUCache subclasses OrderedDict; lru_cache is a class; operator.index
"""An LRU cache that *is* an OrderedDict, and a decorator factory written as a class.

The cache inherits ``len`` and ``in`` from the dict (neither touches the order), overrides
``get`` and ``items``, and adds ``put``. The capacity goes through ``operator.index``, so
anything that is not an integer raises TypeError on its own; a bad size raises a
ValueError subclass of this module.
"""

import functools
import operator
from collections import OrderedDict, namedtuple

Stats = namedtuple("Stats", "hits misses maxsize currsize")


class CapacityError(ValueError):
    """A capacity below one."""


class LRUCache(OrderedDict):
    def __init__(self, capacity):
        super().__init__()
        capacity = operator.index(capacity)
        if capacity < 1:
            raise CapacityError(f"a cache must hold at least one key, not {capacity}")
        self.capacity = capacity

    def get(self, key, default=-1):
        if key not in self:
            return default
        self.move_to_end(key)
        return self[key]

    def put(self, key, value):
        if key in self:
            self.move_to_end(key)
        elif len(self) == self.capacity:
            self.popitem(last=False)
        self[key] = value

    def items(self):
        return list(super().items())


class lru_cache:  # named like functools.lru_cache
    """``@lru_cache(maxsize=...)``: the instance is the decorator."""

    _KW = object()

    def __init__(self, maxsize=128):
        if maxsize is not None:
            maxsize = max(0, operator.index(maxsize))
        self.maxsize = maxsize

    def __call__(self, fn):
        maxsize = self.maxsize
        store = OrderedDict()
        counts = {"hits": 0, "misses": 0}
        kw = self._KW

        def wrapper(*args, **kwargs):
            if maxsize == 0:
                counts["misses"] += 1
                return fn(*args, **kwargs)
            key = (*args, kw, *tuple(kwargs.items())) if kwargs else args
            try:
                result = store[key]
            except KeyError:
                pass
            else:
                store.move_to_end(key)
                counts["hits"] += 1
                return result
            counts["misses"] += 1
            result = fn(*args, **kwargs)
            if key not in store:
                if maxsize is not None and len(store) >= maxsize:
                    store.popitem(last=False)
                store[key] = result
            return result

        def cache_info():
            return Stats(counts["hits"], counts["misses"], maxsize, len(store))

        def cache_clear():
            store.clear()
            counts.update(hits=0, misses=0)

        wrapper.cache_info = cache_info
        wrapper.cache_clear = cache_clear
        return functools.update_wrapper(wrapper, fn)
