# verdict: accepted
# stress: runtime_error
# why: one recursive call per digit, as public answers to this question write it: right on the
#   interview's numbers, past the recursion limit from about 990 digits on
def digit_sum(n):
    return 0 if n == 0 else n % 10 + digit_sum(n // 10)


def digital_root(n):
    return n if n < 10 else digital_root(digit_sum(n))
