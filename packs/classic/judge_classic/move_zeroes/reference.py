"""Reference solution for move_zeroes: one pass writing the non-zero values forward."""


def move_zeroes(nums: list[int]) -> None:
    """Move every 0 in ``nums`` to its end, in place, keeping the other values' order."""
    write = 0
    for read in range(len(nums)):
        if nums[read] != 0:
            nums[write], nums[read] = nums[read], nums[write]
            write += 1
