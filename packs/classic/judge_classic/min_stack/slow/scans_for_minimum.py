# verdict: accepted
# growth: O(n^2)
# why: get_min scans the whole stack each time: O(depth) per call instead of O(1)
class MinStack:
    def __init__(self):
        self.items = []

    def push(self, value):
        self.items.append(value)

    def pop(self):
        self.items.pop()

    def top(self):
        return self.items[-1]

    def get_min(self):
        smallest = self.items[0]
        for value in self.items:
            if value < smallest:
                smallest = value
        return smallest
