# pykata-corpus: correct
# style: shuffled ALPHABET, reduce-based decode, random generated codes, lenient input types
"""Base62 with a shuffled alphabet and a shortener that draws its codes at random.

Freedoms used differently from the reference: ALPHABET is a fixed shuffle (so ALPHABET[0]
is "q"), generated codes are seven random characters from the ``random`` module rather than
a counter, ``encode`` accepts any int subclass but bool, and ``encode_bytes`` takes anything
bytes-like (bytearray, memoryview).
"""

from __future__ import annotations

import random
from functools import reduce

ALPHABET = "qZ3xKp8LmN0aRtYv5bWc1dEf7gHi9jTk2lUo4nSr6sVuBwCyDzAeFhGIJMOPQX"
_RADIX = len(ALPHABET)
_DIGIT = {char: index for index, char in enumerate(ALPHABET)}
_CODE_LENGTH = 7


def _digit(char: str) -> int:
    try:
        return _DIGIT[char]
    except KeyError:
        raise ValueError(f"{char!r} is not in ALPHABET") from None


def encode(n: int) -> str:
    """Most significant digit first; ``encode(0)`` is a single ALPHABET[0]."""
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError("an int is required")
    if n < 0:
        raise ValueError("a non-negative int is required")
    out = [ALPHABET[n % _RADIX]]
    n //= _RADIX
    while n:
        out.append(ALPHABET[n % _RADIX])
        n //= _RADIX
    out.reverse()
    return "".join(out)


def decode(code: str) -> int:
    """Fold the digits left to right: value = value * 62 + digit."""
    if not isinstance(code, str):
        raise TypeError("a str is required")
    if code == "":
        raise ValueError("nothing to decode")
    return reduce(lambda acc, char: acc * _RADIX + _digit(char), code, 0)


class Shortener:
    """URL shortener with random seven-character codes, drawn again on a collision."""

    def __init__(self) -> None:
        self._links: dict[str, str] = {}
        self._first: dict[str, str] = {}

    def _draw(self) -> str:
        while True:
            code = "".join(random.choices(ALPHABET, k=_CODE_LENGTH))
            if code not in self._links:
                return code

    def shorten(self, url: str, alias: str | None = None) -> str:
        """Return the alias (now pointing at ``url``) or the url's first code."""
        if not isinstance(url, str):
            raise TypeError("url must be a str")
        if url[:7] != "http://" and url[:8] != "https://":
            raise ValueError("only http:// and https:// urls can be shortened")
        if alias is None:
            if url not in self._first:
                code = self._draw()
                self._links[code] = url
                self._first[url] = code
            return self._first[url]
        if not isinstance(alias, str):
            raise TypeError("alias must be a str or None")
        if alias == "" or any(char not in _DIGIT for char in alias):
            raise ValueError("alias must be made of ALPHABET characters")
        if self._links.get(alias, url) != url:
            raise ValueError("alias already in use")
        self._links[alias] = url
        self._first.setdefault(url, alias)
        return alias

    def expand(self, code: str) -> str:
        """Exact lookup; an unknown code raises KeyError."""
        if not isinstance(code, str):
            raise TypeError("code must be a str")
        return self._links[code]


def encode_bytes(data: bytes) -> str:
    """Base58-style: one ALPHABET[0] per leading zero byte, then the rest as a number."""
    raw = bytes(memoryview(data))
    body = raw.lstrip(b"\x00")
    head = ALPHABET[0] * (len(raw) - len(body))
    return head + encode(int.from_bytes(body, "big")) if body else head


def decode_bytes(code: str) -> bytes:
    """Inverse of ``encode_bytes``."""
    if not isinstance(code, str):
        raise TypeError("a str is required")
    body = code.lstrip(ALPHABET[0])
    head = bytes(len(code) - len(body))
    if not body:
        return head
    value = decode(body)
    return head + value.to_bytes(-(-value.bit_length() // 8), "big")
