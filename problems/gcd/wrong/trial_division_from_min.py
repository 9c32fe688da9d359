# verdict: time_limit_exceeded
# why: tries every candidate divisor from min(a, b) down: exponential in the number of digits
def gcd(a, b):
    if a == 0 or b == 0:
        return a + b
    for divisor in range(min(a, b), 0, -1):
        if a % divisor == 0 and b % divisor == 0:
            return divisor
