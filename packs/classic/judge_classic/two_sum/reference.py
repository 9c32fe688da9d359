"""Reference solution for two_sum: one pass, remembering where each value was seen."""


def two_sum(nums: list[int], target: int) -> list[int]:
    """Indices ``[i, j]``, ``i < j``, of two values of ``nums`` that add up to ``target``."""
    seen: dict[int, int] = {}
    for index, num in enumerate(nums):
        if target - num in seen:
            return [seen[target - num], index]
        seen[num] = index
    raise ValueError("no two values add up to the target")
