# verdict: wrong_answer
# why: stops Newton's method after ten steps, far too few when x has many digits
def float_sqrt(x):
    if x == 0:
        return 0.0
    guess = x
    for _ in range(10):
        guess = (guess + x / guess) / 2
    return guess
