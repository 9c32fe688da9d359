# verdict: wrong_answer
# why: right table, but returns float("inf") rather than -1 when nothing makes the amount
def coin_change(coins, amount):
    fewest = [0] + [float("inf")] * amount
    for total in range(1, amount + 1):
        for coin in coins:
            if coin <= total:
                fewest[total] = min(fewest[total], fewest[total - coin] + 1)
    return fewest[amount]
