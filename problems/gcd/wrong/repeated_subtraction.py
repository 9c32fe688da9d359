# verdict: time_limit_exceeded
# why: subtracts the smaller number one step at a time: gcd(10**20, 10**10) takes 10**10 steps
def gcd(a, b):
    if a == 0:
        return b
    if b == 0:
        return a
    while a != b:
        if a > b:
            a = a - b
        else:
            b = b - a
    return a
