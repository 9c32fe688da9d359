# verdict: wrong_answer
# why: transposes then reverses the order of the rows: a counter-clockwise turn
def rotate_matrix(matrix):
    n = len(matrix)
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j], matrix[j][i] = matrix[j][i], matrix[i][j]
    matrix.reverse()
