# verdict: wrong_answer
# why: the digital root sums the digits twice instead of until one digit is left (199 gives 10)
def digit_sum(n):
    return sum(int(d) for d in str(n))


def digital_root(n):
    return digit_sum(digit_sum(n))
