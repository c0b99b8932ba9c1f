# pykata-corpus: correct
# style: generator + deque codec, custom exception subclasses, one module-wide id counter
"""Base62 with its own exception hierarchy and a counter shared by every Shortener.

Freedoms used: ALPHABET is upper case, then lower case, then digits (the base64 order, so
ALPHABET[0] == "A"); every error is a custom subclass of the required exception
(``Base62ValueError(ValueError)``, ``Base62TypeError(TypeError)``,
``UnknownCode(KeyError)``); characters are validated with ``isascii() and isalnum()``
(any ALPHABET holds exactly the 62 ASCII letters and digits); aliases are validated by
calling ``decode``; generated codes come from ``itertools.count`` at module level, shared
by all Shortener instances (each instance still keeps its own codes); urls are split with
``str.partition``; ``encode``/``decode`` take their argument positional-only.
"""

from __future__ import annotations

import itertools
import string
from collections import deque

ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits
_POS = {c: i for i, c in enumerate(ALPHABET)}
_IDS = itertools.count(1)


class Base62ValueError(ValueError):
    pass


class Base62TypeError(TypeError):
    pass


class UnknownCode(KeyError):
    pass


def _digits(n):
    while True:
        n, r = divmod(n, 62)
        yield ALPHABET[r]
        if not n:
            return


def encode(n, /):
    if type(n) is bool or not isinstance(n, int):
        raise Base62TypeError(type(n).__name__)
    if n < 0:
        raise Base62ValueError(n)
    out = deque()
    for d in _digits(n):
        out.appendleft(d)
    return "".join(out)


def decode(code, /):
    if not isinstance(code, str):
        raise Base62TypeError(type(code).__name__)
    if not code or not (code.isascii() and code.isalnum()):
        raise Base62ValueError(code)
    return sum(_POS[c] * 62**i for i, c in enumerate(reversed(code)))


class Shortener:
    def __init__(self):
        self.url_of = {}
        self.code_of = {}

    @staticmethod
    def _valid_url(url):
        if not isinstance(url, str):
            raise Base62TypeError("url")
        scheme, sep, _ = url.partition("://")
        if not sep or scheme not in ("http", "https"):
            raise Base62ValueError(url)

    def shorten(self, url, alias=None):
        self._valid_url(url)
        if alias is not None:
            decode(alias)  # TypeError for a non-str, ValueError if empty or foreign
            if self.url_of.get(alias, url) != url:
                raise Base62ValueError(f"{alias} is taken")
            self.url_of[alias] = url
            self.code_of.setdefault(url, alias)
            return alias
        if url in self.code_of:
            return self.code_of[url]
        code = encode(next(_IDS))
        while code in self.url_of:
            code = encode(next(_IDS))
        self.url_of[code] = url
        self.code_of[url] = code
        return code

    def expand(self, code):
        if not isinstance(code, str):
            raise Base62TypeError("code")
        if code not in self.url_of:
            raise UnknownCode(code)
        return self.url_of[code]


def encode_bytes(data):
    if not isinstance(data, bytes):
        raise Base62TypeError("bytes")
    zeros = len(data) - len(data.lstrip(b"\0"))
    tail = data[zeros:]
    return ALPHABET[0] * zeros + (encode(int.from_bytes(tail, "big")) if tail else "")


def decode_bytes(code):
    if not isinstance(code, str):
        raise Base62TypeError("code")
    if code and not (code.isascii() and code.isalnum()):
        raise Base62ValueError(code)
    tail = code.lstrip(ALPHABET[0])
    zeros = bytes(len(code) - len(tail))
    if not tail:
        return zeros
    n = decode(tail)
    return zeros + n.to_bytes((n.bit_length() + 7) // 8, "big")
