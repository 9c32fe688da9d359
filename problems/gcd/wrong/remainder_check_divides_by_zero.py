# verdict: runtime_error
# why: tests a % b before checking b, so gcd(n, 0) raises ZeroDivisionError
def gcd(a, b):
    while a % b != 0:
        a, b = b, a % b
    return b
