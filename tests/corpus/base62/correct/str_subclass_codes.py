# pykata-corpus: correct
# style: codes are a str subclass carrying their number; bytes by a bit-shift loop
"""Every numeral this module hands out is a ``Code``: a ``str`` subclass that remembers its value.

``Code`` is a str in every respect (it compares, hashes and prints like the plain string),
with one extra read-only attribute, ``.value``. Freedoms used: ``encode``, ``encode_bytes``
and ``Shortener.shorten`` return ``Code`` objects, which are ``str`` instances; ``decode``
accepts str subclasses; bytes are turned into an int with a shift-and-or loop and back
with a mask-and-shift loop; ``Shortener`` uses ``__slots__`` and its generated codes are
two characters or more (counting from 62); the "url must be http(s)" test slices the
string instead of calling ``startswith``.
"""

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_D = {c: i for i, c in enumerate(ALPHABET)}


class Code(str):
    """A base-62 numeral; ``value`` is the number it stands for (leading zeros ignored)."""

    __slots__ = ()

    @property
    def value(self):
        return decode(str(self))


def encode(n):
    if n.__class__ is bool or not isinstance(n, int):
        raise TypeError("an int is needed")
    if n < 0:
        raise ValueError("a non-negative int is needed")
    chars = []
    while True:
        n, r = divmod(n, 62)
        chars.append(ALPHABET[r])
        if n == 0:
            break
    return Code("".join(reversed(chars)))


def decode(code):
    if not isinstance(code, str):
        raise TypeError("a str is needed")
    if len(code) == 0:
        raise ValueError("an empty string is not a numeral")
    n = 0
    for c in code:
        if c not in _D:
            raise ValueError(f"{c!r} is not a digit")
        n = n * 62 + _D[c]
    return n


class Shortener:
    __slots__ = ("_mine", "_n", "_where")

    def __init__(self):
        self._where = {}
        self._mine = {}
        self._n = 62

    def shorten(self, url, alias=None):
        if not isinstance(url, str):
            raise TypeError("url must be a str")
        if url[:7] != "http://" and url[:8] != "https://":
            raise ValueError("url must start with http:// or https://")
        if alias is None:
            if url in self._mine:
                return self._mine[url]
            code = encode(self._n)
            while code in self._where:
                self._n += 1
                code = encode(self._n)
            self._n += 1
        else:
            if not isinstance(alias, str):
                raise TypeError("alias must be a str")
            decode(alias)
            if self._where.get(alias, url) != url:
                raise ValueError("alias taken")
            code = Code(alias)
        self._where[code] = url
        self._mine.setdefault(url, code)
        return code

    def expand(self, code):
        if not isinstance(code, str):
            raise TypeError("code must be a str")
        if code in self._where:
            return self._where[code]
        raise KeyError(code)


def encode_bytes(data):
    if not isinstance(data, bytes):
        raise TypeError("bytes are needed")
    i = 0
    while i < len(data) and data[i] == 0:
        i += 1
    number = 0
    for byte in data[i:]:
        number = (number << 8) | byte
    return Code(ALPHABET[0] * i + (encode(number) if i < len(data) else ""))


def decode_bytes(code):
    if not isinstance(code, str):
        raise TypeError("a str is needed")
    i = 0
    while i < len(code) and code[i] == ALPHABET[0]:
        i += 1
    if i == len(code):
        return bytes(i)
    number = decode(code[i:])
    out = bytearray()
    while number:
        out.append(number & 0xFF)
        number >>= 8
    out.reverse()
    return bytes(i) + bytes(out)
