# verdict: wrong_answer
# why: rounds the root to six decimals, as it would print it: not within 1e-9
def float_sqrt(x):
    low, high = 0.0, max(1.0, x)
    for _ in range(2000):
        mid = (low + high) / 2
        if mid * mid < x:
            low = mid
        else:
            high = mid
    return round(high, 6)
