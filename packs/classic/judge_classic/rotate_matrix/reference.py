"""Reference solution for rotate_matrix: transpose, then reverse each row, both in place."""


def rotate_matrix(matrix: list[list[int]]) -> None:
    """Rotate the n x n ``matrix`` a quarter turn clockwise, in place."""
    side = len(matrix)
    for row in range(side):
        for column in range(row + 1, side):
            matrix[row][column], matrix[column][row] = matrix[column][row], matrix[row][column]
    for line in matrix:
        line.reverse()
