"""Reference solution for merge_intervals: sort by start, then one sweep."""


def merge(intervals: list[list[int]]) -> list[list[int]]:
    """The union of ``intervals`` as disjoint [start, end] intervals, sorted by start."""
    merged: list[list[int]] = []
    # Sorted by start, an interval overlaps the union so far only if it overlaps its last
    # interval: every earlier one ends before that one starts.
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
