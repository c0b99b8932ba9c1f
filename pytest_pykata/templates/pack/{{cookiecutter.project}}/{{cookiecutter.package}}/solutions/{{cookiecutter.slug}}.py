"""Reference solution of the {{ cookiecutter.slug }} kata: passes every level."""


def digit_sum(n: int) -> int:
    """Return the sum of the decimal digits of ``n``."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"digit_sum() needs an int, not {type(n).__name__}")
    if n < 0:
        raise ValueError(f"digit_sum() needs n >= 0, got {n}")
    total = 0
    while n:
        n, digit = divmod(n, 10)
        total += digit
    return total
