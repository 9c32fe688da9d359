# verdict: wrong_answer
# why: counts down from min(a, b), so with a zero argument the loop never runs and it returns None
def gcd(a, b):
    for i in range(min(a, b), 0, -1):
        if a % i == 0 and b % i == 0:
            return i
