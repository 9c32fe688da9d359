# verdict: wrong_answer
# why: swaps every pair across the diagonal twice (both loops run over the whole square), so the
#   transpose undoes itself and only the row reversal is left
def rotate_matrix(matrix):
    n = len(matrix)
    for i in range(n):
        for j in range(n):
            matrix[i][j], matrix[j][i] = matrix[j][i], matrix[i][j]
    for row in matrix:
        row.reverse()
