# pykata-corpus: buggy level=2
# bug: bool passes the isinstance(n, int) check, so digit_sum(True) returns 1


def digit_sum(n: int) -> int:
    if not isinstance(n, int):
        raise TypeError("need an int")
    if n < 0:
        raise ValueError("need n >= 0")
    return sum(int(digit) for digit in str(n))
