# pykata-corpus: correct
# style: Shortener is a dict subclass (code -> url), recursive encode, hex-based bytes codec
"""Shortener *is* the code-to-url mapping: a ``dict`` subclass with two extra methods.

Freedoms used: ``Shortener`` subclasses ``dict`` (so it has every dict method besides
``shorten``/``expand``); generated codes count *down* from ``encode(62**5 - 1)``
("zzzzz"); a url that so far has only aliases gets a generated code of its own; the
alias is checked before the url; ``encode`` is a plain recursion; bytes go through
``bytes.hex()`` / ``bytes.fromhex``; ``encode_bytes`` also takes ``bytearray`` and
``memoryview``.
"""

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
VALUE = dict(zip(ALPHABET, range(62), strict=True))


def encode(n):
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("encode needs an int")
    if n < 0:
        raise ValueError("encode needs n >= 0")
    if n < 62:
        return ALPHABET[n]
    return encode(n // 62) + ALPHABET[n % 62]


def decode(code):
    if not isinstance(code, str):
        raise TypeError("decode needs a str")
    if code == "":
        raise ValueError("empty code")
    total = 0
    for ch in code:
        try:
            total = total * 62 + VALUE[ch]
        except KeyError:
            raise ValueError(f"bad digit {ch!r}") from None
    return total


class Shortener(dict):
    def __init__(self):
        super().__init__()
        self.generated = {}
        self.next_number = 62**5 - 1

    def shorten(self, url, alias=None):
        if alias is not None:
            if not isinstance(alias, str):
                raise TypeError("alias must be a str")
            if not alias or any(ch not in VALUE for ch in alias):
                raise ValueError("alias must be ALPHABET characters")
        if not isinstance(url, str):
            raise TypeError("url must be a str")
        if not (url.startswith("http://") or url.startswith("https://")):
            raise ValueError("url must be http(s)")
        if alias is not None:
            if self.get(alias, url) != url:
                raise ValueError("alias taken")
            self[alias] = url
            return alias
        if url not in self.generated:
            code = encode(self.next_number)
            while code in self:
                self.next_number -= 1
                code = encode(self.next_number)
            self.next_number -= 1
            self[code] = url
            self.generated[url] = code
        return self.generated[url]

    def expand(self, code):
        if not isinstance(code, str):
            raise TypeError("code must be a str")
        return self[code]


def encode_bytes(data):
    data = bytes(data)
    stripped = data.lstrip(b"\x00")
    head = ALPHABET[0] * (len(data) - len(stripped))
    return head + (encode(int(stripped.hex(), 16)) if stripped else "")


def decode_bytes(code):
    if not isinstance(code, str):
        raise TypeError("decode_bytes needs a str")
    body = code.lstrip(ALPHABET[0])
    head = b"\x00" * (len(code) - len(body))
    if not body:
        return head
    hexits = format(decode(body), "x")
    return head + bytes.fromhex(hexits.zfill(len(hexits) + len(hexits) % 2))
