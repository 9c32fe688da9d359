# verdict: accepted
# stress: runtime_error
# why: one recursive call per bracket opened: right on the interview's strings, past the
#   recursion limit from about 1,000 levels of nesting on
def is_valid(text):
    closing = {"(": ")", "[": "]", "{": "}"}

    def parse(at):
        # a balanced run from at: where it stops, or -1 where a bracket closes the wrong kind
        while at < len(text) and text[at] in closing:
            end = parse(at + 1)
            if end < 0 or end >= len(text) or text[end] != closing[text[at]]:
                return -1
            at = end + 1
        return at

    return parse(0) == len(text)
