# pykata-corpus: buggy level=3
# bug: the alias type is never checked: a tuple of ALPHABET strings is taken as an alias
"""The reference solution with one mistake: the alias type is never checked: a falsy non-str
alias (0, b'') is refused as 'empty' with ValueError, bytes as 'foreign characters'.
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

_BASE = len(ALPHABET)
_DIGIT_VALUES = {char: value for value, char in enumerate(ALPHABET)}
_URL_SCHEMES = ("http://", "https://")


def encode(n: int) -> str:
    """Return the base-62 numeral of ``n`` over ``ALPHABET``, most significant digit first.

    ``encode(0)`` is ``ALPHABET[0]``; any other value has no leading ``ALPHABET[0]``.
    Raise ``TypeError`` if ``n`` is not an int (``bool`` included) and ``ValueError`` if it
    is negative.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"encode() needs an int, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"encode() needs a non-negative int, got {n}")
    if n == 0:
        return ALPHABET[0]
    digits: list[str] = []
    while n:
        n, remainder = divmod(n, _BASE)
        digits.append(ALPHABET[remainder])
    return "".join(reversed(digits))


def decode(code: str) -> int:
    """Return the int whose base-62 numeral over ``ALPHABET`` is ``code``.

    Leading ``ALPHABET[0]`` characters are accepted and add nothing to the value.
    Raise ``TypeError`` if ``code`` is not a str and ``ValueError`` if it is empty or holds a
    character outside ``ALPHABET``.
    """
    if not isinstance(code, str):
        raise TypeError(f"decode() needs a str, not {type(code).__name__}")
    if not code:
        raise ValueError("decode() needs at least one character")
    value = 0
    for position, char in enumerate(code):
        digit = _DIGIT_VALUES.get(char)
        if digit is None:
            raise ValueError(f"{char!r} at position {position} is not a base-62 digit")
        value = value * _BASE + digit
    return value


def _check_url(url: object) -> None:
    """Raise unless ``url`` is a str starting with lower-case ``http://`` or ``https://``."""
    if not isinstance(url, str):
        raise TypeError(f"url must be a str, not {type(url).__name__}")
    if not url.startswith(_URL_SCHEMES):
        raise ValueError(f"url must start with http:// or https://, got {url!r}")


def _check_code_text(code: object, what: str) -> None:
    """Raise unless ``code`` is a non-empty str of ``ALPHABET`` characters."""
    if not code:
        raise ValueError(f"{what} must not be empty")
    stray = next((c for c in code if not isinstance(c, str) or c not in _DIGIT_VALUES), None)
    if stray is not None:
        raise ValueError(f"{what} {code!r} holds {stray!r}, which is not in ALPHABET")


class Shortener:
    """An in-memory URL shortener: ``shorten`` hands out codes, ``expand`` looks them up.

    Generated codes are ``encode(1)``, ``encode(2)``, ... skipping any code already in use.
    Each instance keeps its own codes. A call that raises changes nothing.
    """

    def __init__(self) -> None:
        self._url_by_code: dict[str, str] = {}
        self._first_code_by_url: dict[str, str] = {}
        self._next_number = 1

    def shorten(self, url: str, alias: str | None = None) -> str:
        """Return a code that expands to ``url``.

        Without ``alias``: the first code ``url`` ever got, or a fresh generated code.
        With ``alias``: make that exact code point at ``url`` and return it. Raise
        ``ValueError`` if the alias is empty, holds characters outside ``ALPHABET`` or
        already points at another url; ``TypeError`` if ``url`` or ``alias`` has the wrong
        type; ``ValueError`` if ``url`` does not start with ``http://`` or ``https://``.
        """
        _check_url(url)
        if alias is None:
            existing = self._first_code_by_url.get(url)
            if existing is not None:
                return existing
            return self._register(self._fresh_code(), url)
        _check_code_text(alias, "alias")
        owner = self._url_by_code.get(alias)
        if owner is not None and owner != url:
            raise ValueError(f"alias {alias!r} is already taken")
        return self._register(alias, url)

    def expand(self, code: str) -> str:
        """Return the url behind ``code`` (exact match); raise ``KeyError`` if unknown."""
        if not isinstance(code, str):
            raise TypeError(f"code must be a str, not {type(code).__name__}")
        try:
            return self._url_by_code[code]
        except KeyError:
            raise KeyError(code) from None

    def _register(self, code: str, url: str) -> str:
        self._url_by_code[code] = url
        self._first_code_by_url.setdefault(url, code)
        return code

    def _fresh_code(self) -> str:
        """The next counter value's code that is not already in use."""
        while True:
            code = encode(self._next_number)
            self._next_number += 1
            if code not in self._url_by_code:
                return code


def encode_bytes(data: bytes) -> str:
    """Encode ``data`` as base 62, one ``ALPHABET[0]`` per leading zero byte (Base58 style).

    The bytes after the leading zeros, if any, are encoded as one big-endian number.
    ``encode_bytes(b"") == ""`` and ``encode_bytes(b"\\x00") == ALPHABET[0]``.
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"encode_bytes() needs bytes, not {type(data).__name__}")
    rest = bytes(data).lstrip(b"\x00")
    prefix = ALPHABET[0] * (len(data) - len(rest))
    if not rest:
        return prefix
    return prefix + encode(int.from_bytes(rest, "big"))


def decode_bytes(code: str) -> bytes:
    """Return the bytes ``b`` with ``encode_bytes(b) == code``.

    ``decode_bytes("") == b""``. Raise ``TypeError`` if ``code`` is not a str and
    ``ValueError`` if it holds a character outside ``ALPHABET``.
    """
    if not isinstance(code, str):
        raise TypeError(f"decode_bytes() needs a str, not {type(code).__name__}")
    rest = code.lstrip(ALPHABET[0])
    zeros = b"\x00" * (len(code) - len(rest))
    if not rest:
        return zeros
    number = decode(rest)
    return zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")
