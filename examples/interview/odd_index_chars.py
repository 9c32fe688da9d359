# Reconstructed from seed 002 (002_d14a542653e98468.txt), stage 4 (lines 151-187). The question:
# "in the content [of a file], where the index of those content is odd ... read the file, you need
# to only print the odd indexes". The candidate asked "odd index to what?", then settled on:
#   - "reading a file first and processing the line by line";
#   - "we can split and get the words";
#   - "if I mod 2 equal to 0, it means it's an even character ... if it's not equal to 0, it means
#     odd character only";
#   - "in that each word, we are getting the odd value position, odd indices ... then we need to
#     join that odd index ... the join method".
# Inferred: the file's content arrives as the text argument (the judge calls the function), and
# the words' odd characters are joined with a space. That answers the per-word question, not the
# one asked: indices count across the whole text, spaces and newlines included.


def odd_index_chars(text):
    result = []
    for line in text.split("\n"):
        for word in line.split():
            odd = ""
            for i in range(len(word)):
                if i % 2 != 0:
                    odd += word[i]
            result.append(odd)
    return " ".join(result)
