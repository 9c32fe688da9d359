"""Reference solution for float_sqrt: Newton's method from a guess at or above the root."""


def float_sqrt(x: float) -> float:
    """The square root of ``x`` (``x >= 0``) to a relative error of about 1e-12."""
    if x == 0:
        return 0.0
    guess = max(x, 1.0)  # at or above the root: Newton's steps then only go down
    while True:
        better = (guess + x / guess) / 2
        if better >= guess:
            return guess
        guess = better
