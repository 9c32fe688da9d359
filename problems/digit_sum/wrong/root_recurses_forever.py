# verdict: runtime_error
# why: the recursion's only base case is 0, so any one-digit number recurses until RecursionError
def digit_sum(n):
    return sum(int(d) for d in str(n))


def digital_root(n):
    if n == 0:
        return 0
    return digital_root(digit_sum(n))
