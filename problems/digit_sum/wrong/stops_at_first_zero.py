# verdict: wrong_answer
# why: the loop runs while the last digit is non-zero, so it stops at the first zero digit
def digit_sum(n):
    total = 0
    while n % 10 != 0:
        total += n % 10
        n //= 10
    return total
