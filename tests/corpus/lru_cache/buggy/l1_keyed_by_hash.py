# pykata-corpus: buggy level=1
# bug: the dict maps `hash(key)` to the node: -1 and -2 (one hash) are one entry
"""LRU cache: a dict plus a doubly linked list between sentinels (head side is the oldest)."""

import functools
from collections import OrderedDict, namedtuple

CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])


class Node:
    def __init__(self, key=None, value=None):
        self.key = key
        self.value = value
        self.prev = None
        self.next = None


class LRUCache:
    def __init__(self, capacity):
        if not isinstance(capacity, int):
            raise TypeError("capacity must be an int")
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self.map = {}
        # head.next is the least recently used node, tail.prev the most recently used one
        self.head = Node()
        self.tail = Node()
        self.head.next = self.tail
        self.tail.prev = self.head

    def _remove(self, node):
        node.prev.next = node.next
        node.next.prev = node.prev

    def _add_newest(self, node):
        node.prev = self.tail.prev
        node.next = self.tail
        self.tail.prev.next = node
        self.tail.prev = node

    def get(self, key):
        node = self.map.get(hash(key))
        if node is None:
            return -1
        self._remove(node)
        self._add_newest(node)
        return node.value

    def put(self, key, value):
        node = self.map.get(hash(key))
        if node is not None:
            node.value = value
            self._remove(node)
            self._add_newest(node)
            return
        if len(self.map) >= self.capacity:
            oldest = self.head.next
            self._remove(oldest)
            del self.map[hash(oldest.key)]
        node = Node(key, value)
        self.map[hash(key)] = node
        self._add_newest(node)

    def __len__(self):
        return len(self.map)

    def __contains__(self, key):
        return key in self.map

    def items(self):
        pairs = []
        node = self.head.next
        while node is not self.tail:
            pairs.append((node.key, node.value))
            node = node.next
        return pairs


_KWD_MARK = object()


def lru_cache(maxsize=128):
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
            if maxsize == 0:
                misses += 1
                return func(*args, **kwargs)
            key = args
            if kwargs:
                key += (_KWD_MARK, *tuple(kwargs.items()))
            if key in cache:
                hits += 1
                cache.move_to_end(key)
                return cache[key]
            misses += 1
            result = func(*args, **kwargs)
            if maxsize is not None and len(cache) >= maxsize:
                cache.popitem(last=False)
            cache[key] = result
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
