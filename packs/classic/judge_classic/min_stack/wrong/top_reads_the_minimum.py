# verdict: wrong_answer
# why: keeps a stack of minimums right, but top reads from it instead of from the values
class MinStack:
    def __init__(self):
        self.items = []
        self.minimums = []

    def push(self, value):
        self.items.append(value)
        self.minimums.append(min(value, self.minimums[-1]) if self.minimums else value)

    def pop(self):
        self.items.pop()
        self.minimums.pop()

    def top(self):
        return self.minimums[-1]

    def get_min(self):
        return self.minimums[-1]
