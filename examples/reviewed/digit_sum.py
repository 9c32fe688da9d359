# Seed 002 (002_d14a542653e98468.txt), stage 9, lines 853-965: the review of this stage has no
# revised example for the digit-sum question (its "Revised Example" answers the AWS question). This
# is the candidate's own approach (% 10 and // 10, then sum again until one digit) written the way
# the reviews write their revised examples: a loop instead of one recursive call per digit, and
# type hints. Each // 10 on a number of d digits costs O(d), so it is O(d^2) in the digits.


def digit_sum(n: int) -> int:
    total = 0
    while n > 0:
        total += n % 10
        n //= 10
    return total


def digital_root(n: int) -> int:
    while n >= 10:
        n = digit_sum(n)
    return n
