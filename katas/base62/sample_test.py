"""Example tests for your base62.py: run them with ``pytest test_base62.py``.

They are a starting point, not the judge: ``pytest --kata base62`` runs the hidden specs.
Expected values are written in terms of your own ALPHABET, so they hold if you reorder it.
Add your own tests here as you go.
"""

import pytest
from base62 import ALPHABET, Shortener, decode, decode_bytes, encode, encode_bytes

# Level 1: Round trip


def test_zero_is_the_first_digit():
    assert encode(0) == ALPHABET[0]


def test_single_digits():
    assert encode(1) == ALPHABET[1]
    assert encode(61) == ALPHABET[61]


def test_62_is_written_one_zero():
    assert encode(62) == ALPHABET[1] + ALPHABET[0]
    assert encode(62**2) == ALPHABET[1] + ALPHABET[0] * 2


def test_decode_reads_most_significant_digit_first():
    assert decode(ALPHABET[1] + ALPHABET[2]) == 1 * 62 + 2


@pytest.mark.parametrize("n", [0, 1, 61, 62, 63, 3843, 3844, 10**12, 2**64, 2**512])
def test_round_trip(n):
    assert decode(encode(n)) == n


# Level 2: Bad input


def test_negative_numbers_are_refused():
    with pytest.raises(ValueError):
        encode(-1)


def test_bool_is_not_a_number_to_encode():
    with pytest.raises(TypeError):
        encode(True)


def test_decode_refuses_characters_outside_the_alphabet():
    with pytest.raises(ValueError):
        decode(ALPHABET[1] + "-")


def test_decode_accepts_leading_zero_digits():
    assert decode(ALPHABET[0] * 3 + ALPHABET[7]) == 7


# Level 3: Short links


def test_shorten_then_expand():
    s = Shortener()
    code = s.shorten("https://example.com/a")
    assert s.expand(code) == "https://example.com/a"
    assert s.shorten("https://example.com/a") == code


def test_alias_taken_by_another_url():
    s = Shortener()
    assert s.shorten("https://example.com/a", alias="docs") == "docs"
    with pytest.raises(ValueError):
        s.shorten("https://example.com/b", alias="docs")


# Level 4: Bytes


def test_leading_zero_bytes_survive():
    assert encode_bytes(b"") == ""
    assert encode_bytes(b"\x00") == ALPHABET[0]
    assert decode_bytes(encode_bytes(b"\x00\x00\x01")) == b"\x00\x00\x01"
