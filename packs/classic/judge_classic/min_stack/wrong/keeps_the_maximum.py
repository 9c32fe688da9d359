# verdict: wrong_answer
# why: stores max instead of min with each entry: get_min answers the largest value
class MinStack:
    def __init__(self):
        self.entries = []

    def push(self, value):
        below = self.entries[-1][1] if self.entries else value
        self.entries.append((value, max(value, below)))

    def pop(self):
        self.entries.pop()

    def top(self):
        return self.entries[-1][0]

    def get_min(self):
        return self.entries[-1][1]
