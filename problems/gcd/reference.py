"""Reference solution for gcd: Euclid's algorithm."""


def gcd(a: int, b: int) -> int:
    """The greatest common divisor of two non-negative integers; gcd(0, 0) is 0."""
    # (a, b) and (b, a % b) have the same common divisors, and the remainder at least halves
    # every two steps: O(log min(a, b)) steps. When b reaches 0, gcd(a, 0) is a.
    while b:
        a, b = b, a % b
    return a
