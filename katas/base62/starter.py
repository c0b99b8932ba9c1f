"""Base62 codec kata: write your solution here, level by level (see README.md).

Run ``pytest --kata base62`` to have it judged, ``pykata hint base62`` for a hint.
"""

from __future__ import annotations

# The 62 digits in order: ALPHABET[0] means 0, ALPHABET[61] means 61. You may reorder them;
# it must stay 62 distinct ASCII letters and digits.
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


# Level 1: Round trip (level 2 adds the bad-input rules to these two functions)


def encode(n: int) -> str:
    """Return the base-62 numeral of ``n`` over ``ALPHABET``, most significant digit first.

    ``encode(0) == ALPHABET[0]``; any other value has no leading ``ALPHABET[0]``.
    Level 2: raise ``ValueError`` for a negative ``n`` and ``TypeError`` for anything that is
    not an int (``bool`` included).
    """
    raise NotImplementedError("encode")


def decode(code: str) -> int:
    """Return the int whose base-62 numeral over ``ALPHABET`` is ``code``.

    Level 2: leading ``ALPHABET[0]`` characters are accepted; raise ``ValueError`` for ``""``
    or a character outside ``ALPHABET`` and ``TypeError`` if ``code`` is not a str.
    """
    raise NotImplementedError("decode")


# Level 3: Short links


class Shortener:
    """An in-memory URL shortener: ``shorten`` hands out codes, ``expand`` looks them up."""

    def __init__(self) -> None:
        """Start with no codes at all (each Shortener keeps its own)."""

    def shorten(self, url: str, alias: str | None = None) -> str:
        """Return a code that expands to ``url``; with ``alias``, make that exact code.

        The same url without an alias gets the code it got first. An alias that is empty,
        has characters outside ``ALPHABET`` or is in use for another url raises
        ``ValueError``; so does a url not starting with ``http://`` or ``https://``. A url
        that is not a str raises ``TypeError``.
        """
        raise NotImplementedError("Shortener.shorten")

    def expand(self, code: str) -> str:
        """Return the url behind ``code`` (exact string match); raise ``KeyError`` if unknown."""
        raise NotImplementedError("Shortener.expand")


# Level 4: Bytes


def encode_bytes(data: bytes) -> str:
    """Encode ``data``: one ``ALPHABET[0]`` per leading zero byte, then the rest as a number.

    ``encode_bytes(b"") == ""`` and ``encode_bytes(b"\\x00") == ALPHABET[0]``.
    """
    raise NotImplementedError("encode_bytes")


def decode_bytes(code: str) -> bytes:
    """Return the bytes ``b`` with ``encode_bytes(b) == code``; ``decode_bytes("") == b""``."""
    raise NotImplementedError("decode_bytes")
