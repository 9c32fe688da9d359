# verdict: wrong_answer
# why: stops at the first root whose square reaches n, so a number that is not a square gets
#   the root rounded up: integer_sqrt(2) is 2
def integer_sqrt(n):
    root = 0
    while root * root < n:
        root += 1
    return root
