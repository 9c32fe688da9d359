# verdict: wrong_answer
# why: keeps one minimum for the whole stack, and popping the minimum does not bring back the
#   one before it
class MinStack:
    def __init__(self):
        self.items = []
        self.minimum = None

    def push(self, value):
        self.items.append(value)
        if self.minimum is None or value < self.minimum:
            self.minimum = value

    def pop(self):
        self.items.pop()

    def top(self):
        return self.items[-1]

    def get_min(self):
        return self.minimum
