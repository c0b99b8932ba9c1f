# pykata-corpus: correct
# style: ten-digit limbs for big numbers; generated codes and aliases kept in separate maps
"""Base62 in limbs of ten digits (62**10 fits comfortably in a machine word's worth of digits).

``encode`` splits the number into base-62**10 limbs and writes each limb as exactly ten
digits, then drops the leading ``ALPHABET[0]`` characters; ``decode`` reads ten characters
at a time. Freedoms used: ``Shortener`` keeps generated codes and aliases in two separate
dicts (an alias is taken if either holds it for another url), and its first generated code
is ``ALPHABET[0]`` (the counter starts at 0); the url check is a ``match`` statement;
``shorten`` validates the alias first, the url second; ``ALPHABET`` is built from
``string.digits + string.ascii_letters`` (so lower case comes before upper case).
"""

import string

ALPHABET = string.digits + string.ascii_letters
LIMB = 10
LIMB_BASE = 62**LIMB
ORD = {c: i for i, c in enumerate(ALPHABET)}


def _limb(value):
    out = [ALPHABET[0]] * LIMB
    for i in range(LIMB - 1, -1, -1):
        value, out[i] = value // 62, ALPHABET[value % 62]
    return "".join(out)


def encode(n):
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("encode expects an int")
    if n < 0:
        raise ValueError("encode expects n >= 0")
    limbs = []
    while True:
        n, low = divmod(n, LIMB_BASE)
        limbs.append(_limb(low))
        if not n:
            break
    return "".join(reversed(limbs)).lstrip(ALPHABET[0]) or ALPHABET[0]


def _check(text, allow_empty=False):
    if not isinstance(text, str):
        raise TypeError("expected a str")
    if not text and not allow_empty:
        raise ValueError("expected at least one character")
    bad = [c for c in text if c not in ORD]
    if bad:
        raise ValueError(f"characters outside ALPHABET: {bad!r}")


def decode(code):
    _check(code)
    head = len(code) % LIMB
    n = 0
    for c in code[:head]:
        n = n * 62 + ORD[c]
    for start in range(head, len(code), LIMB):
        limb = 0
        for c in code[start : start + LIMB]:
            limb = limb * 62 + ORD[c]
        n = n * LIMB_BASE + limb
    return n


class Shortener:
    def __init__(self):
        self.generated = {}  # code -> url
        self.generated_for = {}  # url -> code
        self.aliases = {}  # alias -> url
        self.counter = 0

    def _owner(self, code):
        return self.generated.get(code, self.aliases.get(code))

    def shorten(self, url, alias=None):
        if alias is not None:
            _check(alias)
        match url:
            case str() if url.startswith("http://") or url.startswith("https://"):
                pass
            case str():
                raise ValueError("only http:// and https:// urls")
            case _:
                raise TypeError("url must be a str")
        if alias is not None:
            owner = self._owner(alias)
            if owner is not None and owner != url:
                raise ValueError("alias already in use")
            if alias not in self.generated:
                self.aliases[alias] = url
            return alias
        if url in self.generated_for:
            return self.generated_for[url]
        while self._owner(encode(self.counter)) is not None:
            self.counter += 1
        code = encode(self.counter)
        self.counter += 1
        self.generated[code] = url
        self.generated_for[url] = code
        return code

    def expand(self, code):
        if not isinstance(code, str):
            raise TypeError("code must be a str")
        url = self._owner(code)
        if url is None:
            raise KeyError(code)
        return url


def encode_bytes(data):
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("encode_bytes expects bytes")
    data = bytes(data)
    body = data.lstrip(b"\0")
    return ALPHABET[0] * (len(data) - len(body)) + (
        encode(int.from_bytes(body, "big")) if body else ""
    )


def decode_bytes(code):
    _check(code, allow_empty=True)
    body = code.lstrip(ALPHABET[0])
    n = decode(body) if body else 0
    return bytes(len(code) - len(body)) + (n.to_bytes((n.bit_length() + 7) // 8, "big"))
