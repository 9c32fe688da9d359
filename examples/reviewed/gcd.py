# The review's "Revised Example for GCD Problem", seed 000 (000_1e3847e990d2092d.txt), stage 16,
# lines 251-283: the iterative Euclidean algorithm, as written there (its example usage included).


def gcd(a, b):
    while b != 0:
        a, b = b, a % b
    return a


# Example Usage:
print(gcd(48, 18))  # Output: 6
