"""Reference solution for coin_change: bottom-up dynamic programming over the amounts."""


def coin_change(coins: list[int], amount: int) -> int:
    """The fewest coins of the denominations ``coins`` that sum to ``amount``; -1 if none do."""
    unreachable = amount + 1  # more coins than any answer can need (the smallest coin is 1)
    # fewest[a]: the fewest coins that make a, from the amounts below it: the last coin c
    # leaves a - c, which is smaller and already known.
    fewest = [0] + [unreachable] * amount
    for total in range(1, amount + 1):
        for coin in coins:
            if coin <= total and fewest[total - coin] + 1 < fewest[total]:
                fewest[total] = fewest[total - coin] + 1
    return -1 if fewest[amount] == unreachable else fewest[amount]
