# verdict: wrong_answer
# why: replaces the end with the new interval's end instead of the larger one, so [[1, 10], [2, 3]]
#   gives [[1, 3]]
def merge(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = end
        else:
            merged.append([start, end])
    return merged
