# verdict: accepted
# breaks: no-math-gcd
# why: right on every input, but the standard library's gcd does the work the spec asks the
#   candidate to write
from math import gcd
