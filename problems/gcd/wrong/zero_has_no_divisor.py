# verdict: wrong_answer
# why: treats zero as having no common divisor and returns 0, but gcd(0, n) is n
def gcd(a, b):
    if a == 0 or b == 0:
        return 0
    while b != 0:
        a, b = b, a % b
    return a
