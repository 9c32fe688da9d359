# verdict: wrong_answer
# why: takes as many of the largest coin as fit, then the next: [1, 3, 4] and 6 gives 3, not 2
def coin_change(coins, amount):
    count = 0
    for coin in sorted(coins, reverse=True):
        count += amount // coin
        amount %= coin
    return count if amount == 0 else -1
