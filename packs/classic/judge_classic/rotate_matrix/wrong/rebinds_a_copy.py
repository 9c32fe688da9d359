# verdict: wrong_answer
# why: builds the rotated matrix and binds it to the local name: the caller's matrix is unchanged
def rotate_matrix(matrix):
    matrix = [list(row) for row in zip(*matrix[::-1], strict=True)]
