# verdict: wrong_answer
# why: searches [1, n] and returns the lower end, which starts at 1: integer_sqrt(0) is 1
def integer_sqrt(n):
    low, high = 1, n
    while low < high:
        middle = (low + high + 1) // 2
        if middle * middle <= n:
            low = middle
        else:
            high = middle - 1
    return low
