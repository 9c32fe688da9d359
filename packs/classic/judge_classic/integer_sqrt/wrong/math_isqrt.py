# verdict: accepted
# breaks: no-square-root
# why: the standard library's integer root does the work the spec asks the candidate to write
import math


def integer_sqrt(n):
    return math.isqrt(n)
