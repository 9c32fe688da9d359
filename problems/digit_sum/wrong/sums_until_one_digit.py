# verdict: wrong_answer
# why: digit_sum keeps summing until one digit is left: it answers the follow-up, 119 gives 2
def digit_sum(n):
    while n >= 10:
        n = sum(int(d) for d in str(n))
    return n
