# verdict: runtime_error
# why: one stack frame per Euclid step: consecutive Fibonacci numbers with 250+ digits
#   pass the recursion limit
def gcd(a, b):
    if b == 0:
        return a
    return gcd(b, a % b)
