# verdict: accepted
# growth: exponential
# why: tries every coin recursively without remembering the answer for an amount, so each
#   smaller amount is solved again every time it is reached
def coin_change(coins, amount):
    def fewest(remaining):
        if remaining == 0:
            return 0
        best = -1
        for coin in coins:
            if coin <= remaining:
                rest = fewest(remaining - coin)
                if rest != -1 and (best == -1 or rest + 1 < best):
                    best = rest + 1
        return best

    return fewest(amount)
