# verdict: accepted
# growth: O(n^2)
# why: computes each remainder by long division over the decimal digits of a, so every
#   Euclid step costs O(digits) more
def gcd(a, b):
    while b != 0:
        remainder = 0
        for digit in str(a):
            remainder = (remainder * 10 + int(digit)) % b
        a, b = b, remainder
    return a
