# verdict: accepted
# stress: runtime_error
# why: one stack frame per Euclid step: right on the interview's numbers, but consecutive
#   Fibonacci numbers of about 210 digits and more pass the recursion limit
def gcd(a, b):
    if b == 0:
        return a
    return gcd(b, a % b)
