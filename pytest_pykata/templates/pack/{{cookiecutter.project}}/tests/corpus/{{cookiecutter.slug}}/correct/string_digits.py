# pykata-corpus: correct
# style: sum over the characters of str(n)


def digit_sum(n: int) -> int:
    if type(n) is not int:
        raise TypeError(f"expected int, got {type(n).__name__}")
    if n < 0:
        raise ValueError("negative")
    return sum(map(int, str(n)))
