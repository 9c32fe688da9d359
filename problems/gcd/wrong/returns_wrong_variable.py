# verdict: wrong_answer
# why: Euclid's loop is right, but it returns b, which is always 0 when the loop ends
def gcd(a, b):
    while b != 0:
        a, b = b, a % b
    return b
