# Reconstructed from seed 002 (002_d14a542653e98468.txt), stage 9 (lines 853-905). The transcript
# keeps the candidate's spoken approach, not the code: "we need to first get the dividend with the
# number. Again, you need to do the floor division ... We create a [suitable code] for
# recursion", "let's suppose we have 1, 2, 3 ... sum of the digits ... that way, the recursion would
# go", then for the follow-up "119 ... it should come 11 ... again, summing up that again, that
# digits". The candidate ran it and said "I think this will execute".
#
# Inferred: the last digit with % 10, the rest with // 10, one recursive call per digit; the
# repeated sum as a second recursion until one digit is left. One frame per digit is the flaw:
# numbers in the domain have up to 1000 digits, past Python's recursion limit.


def digit_sum(n):
    if n == 0:
        return 0
    return n % 10 + digit_sum(n // 10)


def digital_root(n):
    if n < 10:
        return n
    return digital_root(digit_sum(n))
