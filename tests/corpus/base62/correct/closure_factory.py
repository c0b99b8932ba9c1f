# pykata-corpus: correct
# style: codec built by a factory of closures; one insertion-ordered dict is all the state
"""The whole codec is made by one factory function and unpacked into module names.

Freedoms used: ``encode``/``decode``/``encode_bytes``/``decode_bytes`` are closures made by
``_make_codec``; ``Shortener`` keeps a single insertion-ordered dict code -> url and finds a
url's first code by scanning it (so a url whose first code was an alias gets that alias
back from ``shorten(url)``); the next generated code is probed from
``encode(len(codes) + 1)`` upward; ``Shortener()`` takes an optional initial mapping;
``encode`` refuses every int subclass (``type(n) is not int``); the url test compares the
text before ``://``; ``decode`` works right to left with a running power of 62.
"""


def _make_codec(alphabet):
    base = len(alphabet)
    where = {ch: i for i, ch in enumerate(alphabet)}

    def digit(ch):
        if ch not in where:
            raise ValueError(f"{ch!r} is not a base-{base} digit")
        return where[ch]

    def encode(n):
        if type(n) is not int:
            raise TypeError(f"expected int, got {type(n).__name__}")
        if n < 0:
            raise ValueError("expected a non-negative int")
        text = ""
        while True:
            text = alphabet[n % base] + text
            n //= base
            if n == 0:
                return text

    def decode(code):
        if not isinstance(code, str):
            raise TypeError(f"expected str, got {type(code).__name__}")
        if not code:
            raise ValueError("expected a non-empty str")
        total, power = 0, 1
        for ch in reversed(code):
            total += digit(ch) * power
            power *= base
        return total

    def encode_bytes(data):
        if not isinstance(data, bytes):
            raise TypeError(f"expected bytes, got {type(data).__name__}")
        zeros = 0
        for byte in data:
            if byte:
                break
            zeros += 1
        rest = data[zeros:]
        return alphabet[0] * zeros + (encode(int.from_bytes(rest, "big")) if rest else "")

    def decode_bytes(code):
        if not isinstance(code, str):
            raise TypeError(f"expected str, got {type(code).__name__}")
        for ch in code:
            digit(ch)
        zeros = len(code) - len(code.lstrip(alphabet[0]))
        if zeros == len(code):
            return b"\0" * zeros
        n = decode(code[zeros:])
        return b"\0" * zeros + n.to_bytes((n.bit_length() + 7) // 8, "big")

    return alphabet, encode, decode, encode_bytes, decode_bytes


ALPHABET, encode, decode, encode_bytes, decode_bytes = _make_codec(
    "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)


class Shortener:
    def __init__(self, initial=None):
        self.codes = dict(initial or {})

    def shorten(self, url, alias=None):
        if not isinstance(url, str):
            raise TypeError("url must be a str")
        scheme, sep, _ = url.partition("://")
        if scheme not in ("http", "https") or not sep:
            raise ValueError("url must start with http:// or https://")
        if alias is not None:
            decode(alias)
            if self.codes.get(alias, url) != url:
                raise ValueError(f"alias {alias!r} is already taken")
            self.codes[alias] = url
            return alias
        for code, target in self.codes.items():
            if target == url:
                return code
        n = len(self.codes) + 1
        while encode(n) in self.codes:
            n += 1
        self.codes[encode(n)] = url
        return encode(n)

    def expand(self, code):
        if not isinstance(code, str):
            raise TypeError("code must be a str")
        return self.codes[code]
