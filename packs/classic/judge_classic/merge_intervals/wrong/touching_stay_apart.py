# verdict: wrong_answer
# why: compares with < instead of <=, so intervals that share an end point are not merged
def merge(intervals):
    merged = []
    for start, end in sorted(intervals):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
