# verdict: accepted
# breaks: no-square-root
# stress: wrong_answer
# why: a float root by a power of 0.5: right on the interview's numbers, but the spec rules it
#   out (and past 2 ** 52 it is off by one)
def integer_sqrt(n):
    return int(n ** 0.5)
