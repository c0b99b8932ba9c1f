# pykata-corpus: correct
# style: Bitcoin-style carry loops over a digit array; numbers go through the bytes codec
"""Base62 the way the classic Base58 reference code does it: carry arithmetic on arrays.

``encode_bytes``/``decode_bytes`` convert with the textbook Base58 carry loop (multiply
the digit array by 256 and add each byte, or the byte array by 62 and add each digit).
``encode``/``decode`` are built on top of them. Freedoms used: ALPHABET is the starter's
alphabet reversed (ALPHABET[0] == "z"); generated codes are six characters taken from a
SHA-256 digest of the url, lengthened by one character on every collision, so a url's
code does not depend on the order of calls; ``encode`` accepts any int subclass but bool.
"""

import hashlib

ALPHABET = "zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJIHGFEDCBA9876543210"
INDEX = {c: i for i, c in enumerate(ALPHABET)}


def _to_digits(data):
    """Base-256 bytes (no leading zeros) to base-62 digit values, most significant first."""
    digits = []
    for byte in data:
        carry = byte
        for i in range(len(digits) - 1, -1, -1):
            carry += digits[i] << 8
            digits[i], carry = carry % 62, carry // 62
        while carry:
            digits.insert(0, carry % 62)
            carry //= 62
    return digits


def _to_bytes(values):
    """Base-62 digit values (no leading zeros) to bytes, most significant first."""
    out = []
    for v in values:
        carry = v
        for i in range(len(out) - 1, -1, -1):
            carry += out[i] * 62
            out[i], carry = carry & 0xFF, carry >> 8
        while carry:
            out.insert(0, carry & 0xFF)
            carry >>= 8
    return bytes(out)


def _values(code):
    try:
        return [INDEX[c] for c in code]
    except KeyError as err:
        raise ValueError(f"not a base-62 digit: {err.args[0]!r}") from None


def encode_bytes(data):
    if not isinstance(data, bytes):
        raise TypeError("encode_bytes takes bytes")
    zeros = len(data) - len(data.lstrip(b"\x00"))
    return ALPHABET[0] * zeros + "".join(ALPHABET[d] for d in _to_digits(data[zeros:]))


def decode_bytes(code):
    if not isinstance(code, str):
        raise TypeError("decode_bytes takes a str")
    values = _values(code)
    zeros = 0
    while zeros < len(values) and values[zeros] == 0:
        zeros += 1
    return b"\x00" * zeros + _to_bytes(values[zeros:])


def encode(n):
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("encode takes an int")
    if n < 0:
        raise ValueError("encode takes a non-negative int")
    if n == 0:
        return ALPHABET[0]
    return encode_bytes(int(n).to_bytes((n.bit_length() + 7) // 8, "big"))


def decode(code):
    if not isinstance(code, str):
        raise TypeError("decode takes a str")
    if not code:
        raise ValueError("decode of an empty string")
    return int.from_bytes(decode_bytes(code), "big")


class Shortener:
    def __init__(self):
        self._target = {}
        self._own = {}

    def _candidate(self, url, length):
        digest = hashlib.sha256(url.encode("utf-8", "surrogatepass")).digest()
        return encode_bytes(b"\x01" + digest + length.to_bytes(4, "big"))[-length:]

    def shorten(self, url, alias=None):
        if not isinstance(url, str):
            raise TypeError("url must be a str")
        if not url.startswith(("http://", "https://")):
            raise ValueError("url must start with http:// or https://")
        if alias is None:
            if url not in self._own:
                length = 6
                code = self._candidate(url, length)
                while code in self._target:
                    length += 1
                    code = self._candidate(url, length)
                self._own[url] = code
                self._target[code] = url
            return self._own[url]
        if not isinstance(alias, str):
            raise TypeError("alias must be a str")
        if alias == "":
            raise ValueError("alias must not be empty")
        _values(alias)
        if alias in self._target and self._target[alias] != url:
            raise ValueError("alias already taken")
        self._target[alias] = url
        self._own.setdefault(url, alias)
        return alias

    def expand(self, code):
        if not isinstance(code, str):
            raise TypeError("code must be a str")
        return self._target[code]
