# pykata-corpus: correct
# style: recursive divide-and-conquer codec, letters-first ALPHABET, counter from 0, strict types
"""Base62 by divide and conquer: split the number (or the numeral) in half and recurse.

The recursion depth grows with the logarithm of the number of digits, so huge inputs are
fine. This entry uses freedoms differently from the reference: lower-case letters come
first in ALPHABET, the first generated code is ALPHABET[0], int subclasses and bytearray
are refused, and a url that only has aliases gets a generated code of its own.
"""

from __future__ import annotations

ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
BASE = 62
_VALUE = {char: value for value, char in enumerate(ALPHABET)}


def _numeral(n: int) -> str:
    """The numeral of ``n >= 0`` without leading zero digits (except for 0 itself)."""
    if n < BASE:
        return ALPHABET[n]
    # 62**k has about half the digits of n: log2(62) is a little under 6.
    k = max(1, n.bit_length() // 12)
    high, low = divmod(n, BASE**k)
    return _numeral(high) + _numeral(low).rjust(k, ALPHABET[0])


def _value(code: str) -> int:
    """The value of a non-empty numeral whose characters are all in ALPHABET."""
    if len(code) == 1:
        return _VALUE[code]
    half = len(code) // 2
    tail = len(code) - half
    return _value(code[:half]) * BASE**tail + _value(code[half:])


def _require_numeral(code: object, name: str, allow_empty: bool = False) -> str:
    if not isinstance(code, str):
        raise TypeError(f"{name} takes a str, not {type(code).__name__}")
    if not code and not allow_empty:
        raise ValueError(f"{name} got an empty string")
    for char in code:
        if char not in _VALUE:
            raise ValueError(f"{name}: {char!r} is not a base-62 digit")
    return code


def encode(n: int) -> str:
    """The base-62 numeral of ``n`` (exactly an ``int``; subclasses are refused)."""
    if type(n) is not int:
        raise TypeError(f"encode takes an int, not {type(n).__name__}")
    if n < 0:
        raise ValueError("encode takes a non-negative int")
    return _numeral(n)


def decode(code: str) -> int:
    """The value of a base-62 numeral; leading zero digits are allowed."""
    return _value(_require_numeral(code, "decode"))


class Shortener:
    """URL shortener; generated codes count up from ``encode(0)``."""

    def __init__(self) -> None:
        self._target: dict[str, str] = {}
        self._generated: dict[str, str] = {}
        self._next = 0

    def shorten(self, url: str, alias: str | None = None) -> str:
        """Generated code (one per url, made on first need) or the given alias."""
        if not isinstance(url, str):
            raise TypeError("url must be a str")
        if not (url.startswith("http://") or url.startswith("https://")):
            raise ValueError("url must start with http:// or https://")
        if alias is not None:
            _require_numeral(alias, "alias")
            if self._target.setdefault(alias, url) != url:
                raise ValueError(f"alias {alias!r} belongs to another url")
            return alias
        if url not in self._generated:
            code = encode(self._next)
            while code in self._target:
                self._next += 1
                code = encode(self._next)
            self._next += 1
            self._target[code] = url
            self._generated[url] = code
        return self._generated[url]

    def expand(self, code: str) -> str:
        """The url of ``code``, matched exactly."""
        if not isinstance(code, str):
            raise TypeError("code must be a str")
        if code not in self._target:
            raise KeyError(code)
        return self._target[code]


def encode_bytes(data: bytes) -> str:
    """Leading zero bytes as ALPHABET[0] each, then the rest as one number (bytes only)."""
    if type(data) is not bytes:
        raise TypeError(f"encode_bytes takes bytes, not {type(data).__name__}")
    zeros = len(data) - len(data.lstrip(b"\0"))
    rest = data[zeros:]
    return ALPHABET[0] * zeros + (_numeral(int.from_bytes(rest, "big")) if rest else "")


def decode_bytes(code: str) -> bytes:
    """Inverse of ``encode_bytes``; the empty string is the empty bytes."""
    _require_numeral(code, "decode_bytes", allow_empty=True)
    zeros = len(code) - len(code.lstrip(ALPHABET[0]))
    rest = code[zeros:]
    if not rest:
        return bytes(zeros)
    number = _value(rest)
    return bytes(zeros) + number.to_bytes((number.bit_length() + 7) // 8, "big")
