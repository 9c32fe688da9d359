# verdict: accepted
# growth: O(n^2)
# why: "in" and list.index look at every element: O(n) per search, so the follow-up's n searches
#   are O(n^2) (one search is O(n) however it is done, since its list is O(n) to hand over)
def search(nums, target):
    return nums.index(target) if target in nums else -1


def search_all(nums, targets):
    return [search(nums, target) for target in targets]
