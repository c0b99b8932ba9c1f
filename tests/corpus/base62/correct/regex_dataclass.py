# pykata-corpus: correct
# style: regex validation, slotted dataclass Shortener with a lock, singledispatch encode
"""Base62 with ``functools.singledispatch`` for the type rules and regexes for the text rules.

Freedoms used: ``encode`` is a ``singledispatch`` function (``bool`` and every non-int go to
handlers that raise ``TypeError``; an ``IntEnum`` member dispatches to the int handler and
is accepted); ``decode`` is memoised with ``functools.lru_cache`` (unhashable arguments
therefore raise ``TypeError`` from the cache itself); characters are checked with one
``re.fullmatch``; ``Shortener`` is a ``@dataclass(slots=True)`` with optional fields
(``start``, ``lock``) and a per-instance ``threading.RLock``; generated codes count up from
``62**3`` ("1000"); the url is matched with a regex; the alias is validated before the url.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache, singledispatch

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ALLOWED = re.compile(f"[{ALPHABET}]+")
_URL = re.compile(r"https?://")


@singledispatch
def encode(n):
    raise TypeError(f"cannot encode a {type(n).__name__}")


@encode.register
def _(n: bool):
    raise TypeError("cannot encode a bool")


@encode.register
def _(n: int):
    if n < 0:
        raise ValueError("cannot encode a negative number")
    digits = [ALPHABET[n % 62]]
    while n >= 62:
        n //= 62
        digits.append(ALPHABET[n % 62])
    return "".join(digits[::-1])


@lru_cache(maxsize=1024)
def decode(code):
    if not isinstance(code, str):
        raise TypeError("decode takes a str")
    if _ALLOWED.fullmatch(code) is None:
        raise ValueError(f"not a base-62 numeral: {code!r}")
    value = 0
    for char in code:
        value = 62 * value + ALPHABET.index(char)
    return value


@dataclass(slots=True)
class Shortener:
    start: int = 62**3
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _links: dict = field(default_factory=dict, init=False, repr=False)
    _first: dict = field(default_factory=dict, init=False, repr=False)
    _next: int = field(default=0, init=False, repr=False)

    def __post_init__(self):
        self._next = self.start

    def shorten(self, url, alias=None):
        if alias is not None and not isinstance(alias, str):
            raise TypeError("alias must be a str or None")
        if alias is not None and _ALLOWED.fullmatch(alias) is None:
            raise ValueError("alias must be one or more ALPHABET characters")
        if not isinstance(url, str):
            raise TypeError("url must be a str")
        if not _URL.match(url):
            raise ValueError("url must start with http:// or https://")
        with self.lock:
            if alias is not None:
                if self._links.setdefault(alias, url) != url:
                    raise ValueError(f"alias {alias!r} is taken")
                self._first.setdefault(url, alias)
                return alias
            if url not in self._first:
                while encode(self._next) in self._links:
                    self._next += 1
                code = encode(self._next)
                self._next += 1
                self._links[code] = url
                self._first[url] = code
            return self._first[url]

    def expand(self, code):
        if not isinstance(code, str):
            raise TypeError("code must be a str")
        with self.lock:
            return self._links[code]


def encode_bytes(data: bytes) -> str:
    if not isinstance(data, bytes):
        raise TypeError("encode_bytes takes bytes")
    m = re.match(rb"\x00*", data)
    rest = data[m.end() :]
    return ALPHABET[0] * m.end() + (encode(int.from_bytes(rest, "big")) if rest else "")


def decode_bytes(code: str) -> bytes:
    if not isinstance(code, str):
        raise TypeError("decode_bytes takes a str")
    if code and _ALLOWED.fullmatch(code) is None:
        raise ValueError("not a base-62 numeral")
    m = re.match(f"{ALPHABET[0]}*", code)
    rest = code[m.end() :]
    prefix = bytes(m.end())
    if not rest:
        return prefix
    n = decode(rest)
    return prefix + n.to_bytes(-(-n.bit_length() // 8), "big")
