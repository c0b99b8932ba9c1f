# pykata-corpus: buggy level=2
# bug: encode has no check for negative numbers and returns ''
"""Base62 codec, URL shortener and bytes codec."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
BASE = len(ALPHABET)
INDEX = {char: i for i, char in enumerate(ALPHABET)}


def encode(n: int) -> str:
    """Base-62 numeral of ``n``, most significant digit first."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected an int, got {type(n).__name__}")
    if n == 0:
        return ALPHABET[0]
    digits = []
    while n > 0:
        n, rem = divmod(n, BASE)
        digits.append(ALPHABET[rem])
    return "".join(reversed(digits))


def decode(code: str) -> int:
    """The number a base-62 numeral stands for."""
    if not isinstance(code, str):
        raise TypeError(f"expected a str, got {type(code).__name__}")
    if not code:
        raise ValueError("cannot decode an empty string")
    n = 0
    for char in code:
        if char not in INDEX:
            raise ValueError(f"invalid character {char!r}")
        n = n * BASE + INDEX[char]
    return n


def _check_alias(alias: object) -> None:
    if not isinstance(alias, str):
        raise TypeError(f"alias must be a str, got {type(alias).__name__}")
    if not alias or any(char not in INDEX for char in alias):
        raise ValueError(f"invalid alias {alias!r}")


class Shortener:
    """In-memory URL shortener."""

    def __init__(self) -> None:
        self._urls: dict[str, str] = {}  # code -> url
        self._codes: dict[str, str] = {}  # url -> first code
        self._counter = 1

    def shorten(self, url: str, alias: str | None = None) -> str:
        """A code for ``url``: the alias if given, else the url's first code or a new one."""
        if not isinstance(url, str):
            raise TypeError(f"url must be a str, got {type(url).__name__}")
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"not an http(s) url: {url!r}")
        if alias is None:
            if url in self._codes:
                return self._codes[url]
            code = self._next_code()
        else:
            _check_alias(alias)
            if alias in self._urls and self._urls[alias] != url:
                raise ValueError(f"alias {alias!r} is already taken")
            code = alias
        self._urls[code] = url
        self._codes.setdefault(url, code)
        return code

    def expand(self, code: str) -> str:
        """The url behind ``code``; KeyError if there is none."""
        if not isinstance(code, str):
            raise TypeError(f"code must be a str, got {type(code).__name__}")
        return self._urls[code]

    def _next_code(self) -> str:
        code = encode(self._counter)
        self._counter += 1
        while code in self._urls:
            code = encode(self._counter)
            self._counter += 1
        return code


def encode_bytes(data: bytes) -> str:
    """One ALPHABET[0] per leading zero byte, then the rest as a big-endian number."""
    if not isinstance(data, bytes):
        raise TypeError(f"expected bytes, got {type(data).__name__}")
    stripped = data.lstrip(b"\x00")
    zeros = len(data) - len(stripped)
    if not stripped:
        return ALPHABET[0] * zeros
    return ALPHABET[0] * zeros + encode(int.from_bytes(stripped, "big"))


def decode_bytes(code: str) -> bytes:
    """The bytes that ``encode_bytes`` turns into ``code``."""
    if not isinstance(code, str):
        raise TypeError(f"expected a str, got {type(code).__name__}")
    stripped = code.lstrip(ALPHABET[0])
    zeros = len(code) - len(stripped)
    if not stripped:
        return b"\x00" * zeros
    n = decode(stripped)
    return b"\x00" * zeros + n.to_bytes((n.bit_length() + 7) // 8, "big")
