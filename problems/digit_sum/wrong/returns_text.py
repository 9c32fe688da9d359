# verdict: wrong_answer
# why: returns the sum as a str ('11') instead of the int 11
def digit_sum(n):
    return str(sum(int(d) for d in str(n)))
