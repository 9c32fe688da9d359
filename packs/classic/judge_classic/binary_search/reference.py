"""Reference solution for binary_search: halve the range that can hold the target."""


def search(nums: list[int], target: int) -> int:
    """The index of ``target`` in the sorted list ``nums`` of distinct integers, or -1."""
    # If target is in nums, its index is in [low, high): every index below low holds a smaller
    # value and every index from high on a larger one.
    low, high = 0, len(nums)
    while low < high:
        middle = (low + high) // 2
        if nums[middle] == target:
            return middle
        if nums[middle] < target:
            low = middle + 1
        else:
            high = middle
    return -1


def search_all(nums: list[int], targets: list[int]) -> list[int]:
    """The index in ``nums`` (or -1) of each of ``targets``, in their order."""
    return [search(nums, target) for target in targets]
