"""Reference solution for integer_sqrt: binary search on the root, one bit at a time."""


def integer_sqrt(n: int) -> int:
    """The largest integer r with r * r <= n, for n >= 0."""
    # low * low <= n < high * high throughout: the root is in [low, high). A root has about
    # half of n's bits, so the search starts below 2 ** (bits // 2 + 1).
    low, high = 0, 1 << (n.bit_length() // 2 + 1)
    while high - low > 1:
        middle = (low + high) // 2
        if middle * middle <= n:
            low = middle
        else:
            high = middle
    return low
