# verdict: accepted
# growth: O(n^3)
# why: turns each ring by moving its cells one step along the ring, n - 1 times over
def rotate_matrix(matrix):
    n = len(matrix)
    for layer in range(n // 2):
        first, last = layer, n - 1 - layer
        path = (
            [(first, c) for c in range(first, last)]
            + [(r, last) for r in range(first, last)]
            + [(last, c) for c in range(last, first, -1)]
            + [(r, first) for r in range(last, first, -1)]
        )
        for _ in range(last - first):
            r, c = path[-1]
            carried = matrix[r][c]
            for r, c in path:
                matrix[r][c], carried = carried, matrix[r][c]
