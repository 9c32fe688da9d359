# verdict: wrong_answer
# why: the digital root taken as n % 9 is 0 for 9, 18, 27... where the root is 9
def digit_sum(n):
    return sum(int(d) for d in str(n))


def digital_root(n):
    return n % 9
