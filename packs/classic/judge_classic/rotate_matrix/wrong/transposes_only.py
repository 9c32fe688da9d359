# verdict: wrong_answer
# why: transposes the matrix and stops there, a mirror image rather than a rotation
def rotate_matrix(matrix):
    n = len(matrix)
    for i in range(n):
        for j in range(i + 1, n):
            matrix[i][j], matrix[j][i] = matrix[j][i], matrix[i][j]
