# verdict: accepted
# growth: exponential
# stress: time_limit_exceeded
# why: walks up from 0 in ever finer fixed steps: the number of steps grows with the root itself,
#   exponentially in the digits of x
def float_sqrt(x):
    root, step = 0.0, 1.0
    while step > 1e-12 * max(root, 1.0):
        while (root + step) * (root + step) <= x:
            root += step
        step /= 10
    return root
