# pykata-corpus: correct
# style: digits from the highest power of 62 down, digits+lower+upper ALPHABET, offset counter
"""Base62 by powers: find the highest power of 62 that fits, then peel digits off from the top.

Freedoms used differently from the reference: ALPHABET puts lower-case before upper-case
("a" is 10, "A" is 36), generated codes start at one million (four characters, e.g.
"4c92", so the first code is far from ALPHABET[1]), bytearray is refused by encode_bytes,
and leading zeros are counted with an index scan rather than lstrip.
"""

from __future__ import annotations

import itertools
import string

ALPHABET = string.digits + string.ascii_lowercase + string.ascii_uppercase
_POSITION = {char: position for position, char in enumerate(ALPHABET)}
_FIRST_SERIAL = 1_000_000


def encode(n: int) -> str:
    """Digits from the most significant down, one power of 62 at a time."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"encode() argument must be int, not {type(n).__name__}")
    if n < 0:
        raise ValueError("encode() argument must not be negative")
    power = 1
    while power * 62 <= n:
        power *= 62
    digits = []
    while power:
        digit, n = divmod(n, power)
        digits.append(ALPHABET[digit])
        power //= 62
    return "".join(digits)


def _positions(code: str) -> list[int]:
    unknown = set(code) - _POSITION.keys()
    if unknown:
        raise ValueError(f"characters not in ALPHABET: {''.join(sorted(unknown))!r}")
    return [_POSITION[char] for char in code]


def decode(code: str) -> int:
    """Horner's rule over the digit positions."""
    if not isinstance(code, str):
        raise TypeError(f"decode() argument must be str, not {type(code).__name__}")
    if len(code) == 0:
        raise ValueError("decode() argument must not be empty")
    value = 0
    for position in _positions(code):
        value = value * 62 + position
    return value


class Shortener:
    """Short links: one table code -> url, one table url -> first code."""

    def __init__(self) -> None:
        self._links: dict[str, str] = {}
        self._by_url: dict[str, str] = {}
        self._serials = itertools.count(_FIRST_SERIAL)

    def shorten(self, url: str, alias: str | None = None) -> str:
        """See the kata README: generated code, or the alias pointed at ``url``."""
        if not isinstance(url, str):
            raise TypeError("url: expected str")
        if not any(url.startswith(scheme) for scheme in ("http://", "https://")):
            raise ValueError("url: expected http:// or https://")
        if alias is None:
            if url in self._by_url:
                return self._by_url[url]
            code = next(c for c in map(encode, self._serials) if c not in self._links)
        else:
            if not isinstance(alias, str):
                raise TypeError("alias: expected str or None")
            if not alias:
                raise ValueError("alias: must not be empty")
            _positions(alias)
            if alias in self._links and self._links[alias] != url:
                raise ValueError(f"alias {alias!r} already points elsewhere")
            code = alias
        self._links[code] = url
        self._by_url.setdefault(url, code)
        return code

    def expand(self, code: str) -> str:
        """Exact-match lookup."""
        if not isinstance(code, str):
            raise TypeError("code: expected str")
        try:
            return self._links[code]
        except KeyError:
            raise KeyError(f"unknown code {code!r}") from None


def encode_bytes(data: bytes) -> str:
    """Zero bytes up front become ALPHABET[0]; the remainder is encoded as a number."""
    if not isinstance(data, bytes):
        raise TypeError(f"encode_bytes() argument must be bytes, not {type(data).__name__}")
    count = next((i for i, byte in enumerate(data) if byte), len(data))
    prefix = ALPHABET[0] * count
    if count == len(data):
        return prefix
    return prefix + encode(int.from_bytes(data[count:], "big"))


def decode_bytes(code: str) -> bytes:
    """Inverse of ``encode_bytes``."""
    if not isinstance(code, str):
        raise TypeError(f"decode_bytes() argument must be str, not {type(code).__name__}")
    count = next((i for i, char in enumerate(code) if char != ALPHABET[0]), len(code))
    if count == len(code):
        return b"\x00" * count
    value = decode(code[count:])
    return b"\x00" * count + value.to_bytes((value.bit_length() + 7) // 8, "big")
