# verdict: wrong_answer
# why: returns -1 for amount 0 because the loop never runs and "no coin found" is assumed
def coin_change(coins, amount):
    if amount == 0:
        return -1
    fewest = [0] + [amount + 1] * amount
    for total in range(1, amount + 1):
        for coin in coins:
            if coin <= total:
                fewest[total] = min(fewest[total], fewest[total - coin] + 1)
    return -1 if fewest[amount] > amount else fewest[amount]
