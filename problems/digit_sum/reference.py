"""Reference solutions for digit_sum: the sum of a number's decimal digits, and its digital root.

Standard library only: the judge also loads this file into a sandbox worker to time it.
"""


def digit_sum(n: int) -> int:
    """The sum of the decimal digits of ``n`` (0 <= n < 10**1000), in O(d) for d digits."""
    # str(n) is safe here: the domain stays far below CPython's 4300-digit conversion limit.
    return sum(map(int, str(n)))


def digital_root(n: int) -> int:
    """Sum the digits of ``n`` again and again until one digit is left."""
    # The first pass costs O(d); every later pass works on a number of at most 5 digits.
    while n >= 10:
        n = digit_sum(n)
    return n
