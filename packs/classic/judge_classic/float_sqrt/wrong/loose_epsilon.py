# verdict: wrong_answer
# why: stops Newton's method once the square is within 0.1% of x: the root is then off by up
#   to 0.05%, far more than 1e-9
def float_sqrt(x):
    if x == 0:
        return 0.0
    guess = max(x, 1.0)
    for _ in range(3000):
        if abs(guess * guess - x) <= 1e-3 * x:
            break
        guess = (guess + x / guess) / 2
    return guess
