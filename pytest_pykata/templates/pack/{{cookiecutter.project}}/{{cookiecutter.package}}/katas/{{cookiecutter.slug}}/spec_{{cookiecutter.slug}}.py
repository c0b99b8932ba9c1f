"""Hidden specs of the {{ cookiecutter.slug }} kata.

Each spec checks one rule of the kata's README, level by level, with expected values derived
from a small model written here (never from the learner's own functions). See pytest-pykata's
docs/spec-authoring.md for the rules and the API.
"""

from hypothesis import given
from hypothesis import strategies as st

from pytest_pykata.spec import check, edge_examples, spec


def model_digit_sum(n: int) -> int:
    return sum(int(digit) for digit in str(n))


@spec(level=1, rule="digit_sum(n) is the sum of the decimal digits of n")
@edge_examples([0, 9, 10, 99, 100, 907, 10**30])
@given(data=st.integers(min_value=0, max_value=10**40))
def test_sums_the_digits(learner, data):
    check.equal(learner.digit_sum(data), model_digit_sum(data))


@spec(level=2, rule="a negative int raises ValueError", max_examples=20)
@given(n=st.integers(max_value=-1))
def test_negative_raises_value_error(learner, n):
    with check.raises(ValueError):
        learner.digit_sum(n)


@spec(level=2, rule="anything that is not an int, bool included, raises TypeError", max_examples=20)
@given(value=st.one_of(st.booleans(), st.floats(allow_nan=False), st.text(max_size=3), st.none()))
def test_other_types_raise_type_error(learner, value):
    with check.raises(TypeError):
        learner.digit_sum(value)
