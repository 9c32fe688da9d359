# verdict: accepted
# growth: exponential
# stress: time_limit_exceeded
# why: counts the root up from 0 until the next square passes n: sqrt(n) steps, 2 ** (bits / 2)
def integer_sqrt(n):
    root = 0
    while (root + 1) * (root + 1) <= n:
        root += 1
    return root
