"""Reference solution for float_sqrt: Newton's method from a guess at or above the root."""

import math


def float_sqrt(x: float) -> float:
    """The square root of ``x`` (``x >= 0``), correctly rounded (as the spec's examples are)."""
    if x == 0:
        return 0.0
    guess = max(x, 1.0)  # at or above the root: Newton's steps then only go down
    while True:
        better = (guess + x / guess) / 2
        if better >= guess:
            break
        guess = better
    # Rounding can stop Newton's steps a float off the nearest one (1.414213562373095 for 2.0):
    # exact integers decide between neighbours, by the side of their midpoint the root is on.
    while _root_above_midpoint(x, guess, math.nextafter(guess, math.inf)):
        guess = math.nextafter(guess, math.inf)
    while not _root_above_midpoint(x, math.nextafter(guess, 0.0), guess):
        guess = math.nextafter(guess, 0.0)
    return guess


def _root_above_midpoint(x: float, low: float, high: float) -> bool:
    """Whether sqrt(x) > (low + high) / 2, exactly: x > midpoint ** 2, in integers (every float
    is an integer over a power of two)."""
    low_top, low_bottom = low.as_integer_ratio()
    high_top, high_bottom = high.as_integer_ratio()
    x_top, x_bottom = x.as_integer_ratio()
    twice_middle = low_top * high_bottom + high_top * low_bottom  # over low_bottom * high_bottom
    return 4 * x_top * (low_bottom * high_bottom) ** 2 > twice_middle**2 * x_bottom
