"""Example tests for your LRU cache: run them with ``pytest katas/lru_cache``.

They show what each level means on small cases. The hidden specs (``pytest --kata
lru_cache``) check much more, on long random sequences; add your own tests here freely.
"""

import functools

import pytest
from lru_cache import LRUCache, lru_cache

# Level 1: evict the least recent


def test_the_classic_example():
    cache = LRUCache(2)
    cache.put(1, 1)
    cache.put(2, 2)
    assert cache.get(1) == 1  # 1 is now the most recently used
    cache.put(3, 3)  # the cache is full: 2, the least recently used, goes
    assert cache.get(2) == -1
    cache.put(4, 4)  # now 1 is the least recently used
    assert cache.get(1) == -1
    assert cache.get(3) == 3
    assert cache.get(4) == 4


def test_a_missing_key_reads_as_minus_one():
    cache = LRUCache(1)
    assert cache.get("nope") == -1


def test_putting_an_existing_key_updates_it_and_makes_it_most_recent():
    cache = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("a", 10)  # an update: nothing is evicted, "a" becomes the most recent
    cache.put("c", 3)  # evicts "b", not "a"
    assert cache.get("a") == 10
    assert cache.get("b") == -1
    assert cache.get("c") == 3


def test_keys_can_be_any_hashable():
    cache = LRUCache(3)
    cache.put((1, 2), "tuple")
    cache.put("s", "str")
    cache.put(frozenset({1}), "frozenset")
    assert cache.get((1, 2)) == "tuple"
    assert cache.get(frozenset({1})) == "frozenset"


# Level 2: constant time (the hidden spec times your cache; here just a big one works)


def test_a_big_cache_keeps_only_the_most_recent_keys():
    cache = LRUCache(10_000)
    for key in range(30_000):
        cache.put(key, key)
    assert cache.get(19_999) == -1
    assert cache.get(20_000) == 20_000


# Level 3: a proper container


def test_len_in_and_items():
    cache = LRUCache(3)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    cache.get("a")
    assert len(cache) == 3
    assert "b" in cache  # looking does not refresh "b" ...
    assert "z" not in cache
    assert cache.items() == [("b", 2), ("c", 3), ("a", 1)]  # ... so it is still first


@pytest.mark.parametrize("capacity", [0, -1])
def test_a_capacity_below_one_is_a_value_error(capacity):
    with pytest.raises(ValueError):
        LRUCache(capacity)


@pytest.mark.parametrize("capacity", [2.5, "3", None])
def test_a_capacity_that_is_not_an_int_is_a_type_error(capacity):
    with pytest.raises(TypeError):
        LRUCache(capacity)


# Level 4: memoize


def test_the_decorator_remembers_results():
    calls = []

    @lru_cache(maxsize=2)
    def square(n):
        """Square a number."""
        calls.append(n)
        return n * n

    assert square(3) == 9
    assert square(3) == 9
    assert calls == [3]  # the second call was a hit
    assert square.cache_info() == (1, 1, 2, 1)  # hits, misses, maxsize, currsize
    assert square.__name__ == "square"
    assert square.__doc__ == "Square a number."
    square.cache_clear()
    assert square.cache_info() == (0, 0, 2, 0)


def test_the_decorator_agrees_with_functools_on_a_few_calls():
    def double(x):
        return 2 * x

    mine = lru_cache(maxsize=2)(double)
    reference = functools.lru_cache(maxsize=2)(double)
    for f in (mine, reference):
        f(1)
        f(x=1)  # keyword arguments are part of the key: a second entry
        f(1)
        f(2)  # evicts f(x=1), the least recently used
        f(x=1)
    assert tuple(mine.cache_info()) == tuple(reference.cache_info())
