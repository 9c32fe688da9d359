# verdict: wrong_answer
# why: merges neighbours in the order given, without sorting first, so [[2, 3], [1, 2]] stays apart
def merge(intervals):
    merged = []
    for start, end in intervals:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
