"""Example tests for your {{ cookiecutter.slug }}.py: ``pytest test_{{ cookiecutter.slug }}.py``.

A starting point, not the judge: ``pytest --kata {{ cookiecutter.slug }}`` runs the hidden specs.
"""

from {{ cookiecutter.slug }} import digit_sum


def test_zero():
    assert digit_sum(0) == 0


def test_several_digits():
    assert digit_sum(907) == 16
