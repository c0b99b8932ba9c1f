# pykata-corpus: correct
# style: codec object with bound-method exports, fixed-width padded codes, manual byte loop
"""Base62 as a small codec object; the module functions are its bound methods.

Freedoms used differently from the reference: generated codes are five characters wide,
padded with leading ALPHABET[0] ("00001", "00002", ...), the alias is checked before the url,
bytes are converted with an explicit divmod-by-256 loop, and bytearray is accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Base62Codec:
    """A positional codec over a 62-character alphabet."""

    alphabet: str
    _values: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_values", {c: i for i, c in enumerate(self.alphabet)})

    @property
    def zero(self) -> str:
        return self.alphabet[0]

    def is_numeral(self, text: str) -> bool:
        """True if every character of ``text`` is a digit of this alphabet."""
        return all(char in self._values for char in text)

    def encode(self, n: int) -> str:
        """The numeral of ``n``, most significant digit first."""
        if isinstance(n, bool) or not isinstance(n, int):
            raise TypeError(f"cannot encode {type(n).__name__}")
        if n < 0:
            raise ValueError(f"cannot encode {n}: negative")
        reversed_digits = ""
        while True:
            n, digit = divmod(n, 62)
            reversed_digits += self.alphabet[digit]
            if n == 0:
                return reversed_digits[::-1]

    def decode(self, code: str) -> int:
        """The value of ``code``; leading zero digits are fine."""
        if not isinstance(code, str):
            raise TypeError(f"cannot decode {type(code).__name__}")
        if not code or not self.is_numeral(code):
            raise ValueError(f"not a base-62 numeral: {code!r}")
        total = 0
        for char in code:
            total = 62 * total + self._values[char]
        return total

    def encode_bytes(self, data: bytes) -> str:
        """Leading zero bytes as zero digits, then the remaining bytes as one number."""
        if not isinstance(data, (bytes, bytearray)):
            raise TypeError(f"cannot encode {type(data).__name__} as bytes")
        leading = 0
        while leading < len(data) and data[leading] == 0:
            leading += 1
        number = 0
        for byte in data[leading:]:
            number = number * 256 + byte
        body = self.encode(number) if leading < len(data) else ""
        return self.zero * leading + body

    def decode_bytes(self, code: str) -> bytes:
        """Inverse of ``encode_bytes``."""
        if not isinstance(code, str):
            raise TypeError(f"cannot decode {type(code).__name__}")
        if not self.is_numeral(code):
            raise ValueError(f"not a base-62 string: {code!r}")
        leading = len(code) - len(code.lstrip(self.zero))
        number = self.decode(code[leading:]) if leading < len(code) else 0
        body = bytearray()
        while number:
            number, byte = divmod(number, 256)
            body.append(byte)
        body.reverse()
        return bytes(leading) + bytes(body)


_CODEC = Base62Codec(ALPHABET)
encode = _CODEC.encode
decode = _CODEC.decode
encode_bytes = _CODEC.encode_bytes
decode_bytes = _CODEC.decode_bytes


class Shortener:
    """URL shortener handing out fixed-width codes from a counter."""

    WIDTH = 5

    def __init__(self) -> None:
        self._url_of: dict[str, str] = {}
        self._first_code_of: dict[str, str] = {}
        self._serial = 0

    def _new_code(self) -> str:
        while True:
            self._serial += 1
            code = _CODEC.encode(self._serial).rjust(self.WIDTH, _CODEC.zero)
            if code not in self._url_of:
                return code

    def shorten(self, url: str, alias: str | None = None) -> str:
        """The url's code: ``alias`` if given, else the first code it ever got."""
        if alias is not None:
            if not isinstance(alias, str):
                raise TypeError("alias must be a str")
            if not alias or not _CODEC.is_numeral(alias):
                raise ValueError(f"bad alias {alias!r}")
        if not isinstance(url, str):
            raise TypeError("url must be a str")
        if not url.startswith(("http://", "https://")):
            raise ValueError(f"bad url {url!r}")
        if alias is None:
            code = self._first_code_of.get(url) or self._new_code()
        elif self._url_of.get(alias, url) == url:
            code = alias
        else:
            raise ValueError(f"alias {alias!r} is taken")
        self._url_of[code] = url
        self._first_code_of.setdefault(url, code)
        return code

    def expand(self, code: str) -> str:
        """The url behind ``code`` (exact match)."""
        if not isinstance(code, str):
            raise TypeError("code must be a str")
        if code in self._url_of:
            return self._url_of[code]
        raise KeyError(code)
