# verdict: wrong_answer
# why: sorts and counts runs of equal values, but never compares the last run after the loop
def most_frequent_smallest(nums):
    ordered = sorted(nums)
    best, best_count = ordered[0], 0
    run_value, run_count = ordered[0], 0
    for num in ordered:
        if num == run_value:
            run_count += 1
        else:
            if run_count > best_count:
                best, best_count = run_value, run_count
            run_value, run_count = num, 1
    return best
