# verdict: wrong_answer
# why: bisects between 0 and x, but for x below 1 the root is larger than x
def float_sqrt(x):
    low, high = 0.0, x
    for _ in range(200):
        mid = (low + high) / 2
        if mid * mid < x:
            low = mid
        else:
            high = mid
    return high
