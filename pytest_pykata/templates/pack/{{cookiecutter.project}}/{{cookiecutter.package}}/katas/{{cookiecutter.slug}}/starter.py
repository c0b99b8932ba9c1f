"""{{ cookiecutter.title }}: write your solution here, level by level (see README.md).

Run ``pytest --kata {{ cookiecutter.slug }}`` to have it judged.
"""


def digit_sum(n: int) -> int:
    """Return the sum of the decimal digits of ``n`` (level 2: reject bad input)."""
    raise NotImplementedError("digit_sum")
