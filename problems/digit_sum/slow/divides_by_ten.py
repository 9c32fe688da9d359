# verdict: accepted
# growth: O(n^2)
# why: every n //= 10 copies the whole big int, so d digits cost d divisions of O(d) each
def digit_sum(n):
    total = 0
    while n > 0:
        total += n % 10
        n //= 10
    return total
