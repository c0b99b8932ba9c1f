# pykata-corpus: buggy level=4
# bug: one plain Lock is held while the function runs, so a function that calls itself hangs
"""LRU cache: a hash map plus a doubly linked list, and a memoizing decorator on top."""

import functools
import threading
from collections import namedtuple

CacheInfo = namedtuple("CacheInfo", ["hits", "misses", "maxsize", "currsize"])


class Node:
    def __init__(self, key=None, value=None):
        self.key = key
        self.value = value
        self.prev = None
        self.next = None


class LRUCache:
    def __init__(self, capacity: int):
        if not isinstance(capacity, int):
            raise TypeError("capacity must be an int")
        if capacity <= 0:
            raise ValueError("capacity must be positive")
        self.capacity = capacity
        self.map = {}
        # head.next is the most recently used node, tail.prev the least recently used one
        self.head = Node()
        self.tail = Node()
        self.head.next = self.tail
        self.tail.prev = self.head

    def _remove(self, node):
        node.prev.next = node.next
        node.next.prev = node.prev

    def _add_to_front(self, node):
        node.prev = self.head
        node.next = self.head.next
        self.head.next.prev = node
        self.head.next = node

    def get(self, key):
        if key not in self.map:
            return -1
        node = self.map[key]
        self._remove(node)
        self._add_to_front(node)
        return node.value

    def put(self, key, value):
        if key in self.map:
            node = self.map[key]
            node.value = value
            self._remove(node)
            self._add_to_front(node)
            return
        if len(self.map) == self.capacity:
            lru = self.tail.prev
            self._remove(lru)
            del self.map[lru.key]
        node = Node(key, value)
        self.map[key] = node
        self._add_to_front(node)

    def clear(self):
        self.map.clear()
        self.head.next = self.tail
        self.tail.prev = self.head

    def __len__(self):
        return len(self.map)

    def __contains__(self, key):
        return key in self.map

    def items(self):
        result = []
        node = self.tail.prev
        while node is not self.head:
            result.append((node.key, node.value))
            node = node.prev
        return result


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
        lock = threading.Lock()  # thread-safe: one call at a time

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            nonlocal hits, misses
            with lock:
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
            with lock:
                return CacheInfo(hits, misses, maxsize, 0 if store is None else len(store))

        def cache_clear():
            nonlocal hits, misses
            with lock:
                hits = misses = 0
                if store is not None:
                    store.clear()

        wrapper.cache_info = cache_info
        wrapper.cache_clear = cache_clear
        return wrapper

    return decorator
