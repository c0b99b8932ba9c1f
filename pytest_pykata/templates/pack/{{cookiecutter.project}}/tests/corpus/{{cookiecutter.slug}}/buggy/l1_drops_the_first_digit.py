# pykata-corpus: buggy level=1
# bug: the loop stops while n still has one digit left, so the leading digit is never added


def digit_sum(n: int) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("need an int")
    if n < 0:
        raise ValueError("need n >= 0")
    total = 0
    while n > 9:
        n, digit = divmod(n, 10)
        total += digit
    return total
