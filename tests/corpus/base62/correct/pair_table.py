# pykata-corpus: correct
# style: two digits at a time from a 3844-entry table, module-wide lock, random counter start
"""Base62 two digits at a time: divide by 62**2 and look the pair up in a precomputed table.

Freedoms used: ``encode``/``decode`` work in base 3844 with a table of all two-character
pairs; every Shortener shares one module-level ``threading.Lock``; each Shortener starts
its counter at a random number from the ``random`` module (so first codes differ between
instances and are three or four characters long); ``expand`` raises a ``KeyError`` that
carries a sentence, not the code; ``shorten`` has an extra keyword-only parameter.
"""

import random
import threading

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
PAIRS = [a + b for a in ALPHABET for b in ALPHABET]
PAIR_VALUE = {p: i for i, p in enumerate(PAIRS)}
DIGIT_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_LOCK = threading.Lock()


def encode(n):
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError("encode(): int expected")
    if n < 0:
        raise ValueError("encode(): negative")
    chunks = []
    while n >= 3844:
        n, r = divmod(n, 3844)
        chunks.append(PAIRS[r])
    head = PAIRS[n].lstrip(ALPHABET[0]) or ALPHABET[0]
    if n == 0 and chunks:
        head = ""
    return head + "".join(reversed(chunks))


def decode(code):
    if not isinstance(code, str):
        raise TypeError("decode(): str expected")
    if not code:
        raise ValueError("decode(): empty")
    for c in code:
        if c not in DIGIT_VALUE:
            raise ValueError(f"decode(): {c!r} is not in ALPHABET")
    if len(code) % 2:
        code = ALPHABET[0] + code
    n = 0
    for i in range(0, len(code), 2):
        n = n * 3844 + PAIR_VALUE[code[i : i + 2]]
    return n


class Shortener:
    def __init__(self):
        self.code_to_url = {}
        self.url_to_code = {}
        self.counter = random.randrange(62**2, 62**4)

    def shorten(self, url, alias=None, *, strict=True):
        if not isinstance(url, str):
            raise TypeError("url: str expected")
        if not url.startswith(("https://", "http://")):
            raise ValueError("url: http:// or https:// expected")
        with _LOCK:
            if alias is not None:
                if not isinstance(alias, str):
                    raise TypeError("alias: str expected")
                if not alias or not set(alias) <= DIGIT_VALUE.keys():
                    raise ValueError("alias: ALPHABET characters expected")
                owner = self.code_to_url.get(alias)
                if owner is not None and owner != url:
                    raise ValueError("alias: taken")
                self.code_to_url[alias] = url
                self.url_to_code.setdefault(url, alias)
                return alias
            try:
                return self.url_to_code[url]
            except KeyError:
                pass
            while True:
                self.counter += 1
                code = encode(self.counter)
                if code not in self.code_to_url:
                    break
            self.code_to_url[code] = url
            self.url_to_code[url] = code
            return code

    def expand(self, code):
        if not isinstance(code, str):
            raise TypeError("code: str expected")
        try:
            return self.code_to_url[code]
        except KeyError:
            raise KeyError(f"no url for the code {code!r}") from None


def encode_bytes(data):
    if type(data) is not bytes:
        raise TypeError("encode_bytes(): bytes expected")
    n = len(data) - len(data.lstrip(b"\x00"))
    if n == len(data):
        return ALPHABET[0] * n
    return ALPHABET[0] * n + encode(int.from_bytes(data[n:], "big"))


def decode_bytes(code):
    if not isinstance(code, str):
        raise TypeError("decode_bytes(): str expected")
    for c in code:
        if c not in DIGIT_VALUE:
            raise ValueError(f"decode_bytes(): {c!r} is not in ALPHABET")
    body = code.lstrip(ALPHABET[0])
    zeros = bytes(len(code) - len(body))
    if not body:
        return zeros
    number = decode(body)
    return zeros + number.to_bytes((number.bit_length() - 1) // 8 + 1, "big")
