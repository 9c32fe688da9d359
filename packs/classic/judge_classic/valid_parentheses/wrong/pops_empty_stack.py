# verdict: runtime_error
# why: pops before checking the stack has anything, so ")" raises IndexError
def is_valid(text):
    pairs = {")": "(", "]": "[", "}": "{"}
    stack = []
    for char in text:
        if char in pairs:
            if stack.pop() != pairs[char]:
                return False
        else:
            stack.append(char)
    return not stack
