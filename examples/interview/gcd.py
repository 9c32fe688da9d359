# Reconstructed from seed 000 (000_1e3847e990d2092d.txt), stage 16, "Handling Coding Problems and
# Live Coding Sessions" (lines 235-283). The transcript keeps no code for this problem, only the
# review: the candidate "demonstrated knowledge of algorithms like the Euclidean algorithm for GCD",
# but the explanation was "fragmented", with "confusion about problem requirements".
#
# Inferred: the remembered recursive form of Euclid, stopping when a % b is 0. The review's revised
# example stresses the one thing this form gets wrong ("Termination: when b is zero, a contains the
# GCD"): here b == 0 is never checked, so gcd(n, 0) divides by zero.


def gcd(a, b):
    if a % b == 0:
        return b
    return gcd(b, a % b)

