"""Groups of submissions whose code is the same once names are erased, or nearly so.

The fingerprint is the AST with every name, docstring and constant's value erased: renaming
variables, reformatting or re-commenting a copied file leaves it unchanged. Identical
fingerprints are one group; beyond that, two files are "nearly" the same when the shingles (runs
of 6 node types in source order) of their ASTs overlap by at least SIMILARITY (Jaccard), which
survives a line or two inserted or removed. Files are only compared within one problem.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

SIMILARITY = 0.85
_SHINGLE = 6


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One file's normalised code: its hash, and the shingles for near matches."""

    digest: str
    shingles: frozenset[tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class SimilarGroup:
    """Submissions to one problem whose normalised code is identical or nearly so."""

    problem: str
    members: tuple[str, ...]  # candidate names, sorted
    identical: bool  # every member has the same fingerprint
    similarity: float  # the lowest pairwise Jaccard inside the group (1.0 when identical)


def fingerprint(source: bytes) -> Fingerprint | None:
    """The fingerprint of ``source``; None when it does not parse."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError):
        return None
    _Eraser().visit(tree)
    dumped = ast.dump(tree, annotate_fields=False, include_attributes=False)
    kinds = list(_preorder(tree))
    shingles = frozenset(
        tuple(kinds[index : index + _SHINGLE]) for index in range(max(1, len(kinds) - _SHINGLE + 1))
    )
    return Fingerprint(hashlib.sha256(dumped.encode()).hexdigest(), shingles)


def similar_groups(
    problem: str, submissions: Sequence[tuple[str, bytes]]
) -> tuple[SimilarGroup, ...]:
    """Groups (of two or more) among ``submissions`` (candidate, source) to ``problem``."""
    prints = [(name, fp) for name, source in submissions if (fp := fingerprint(source)) is not None]
    parent = list(range(len(prints)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    for i in range(len(prints)):
        for j in range(i + 1, len(prints)):
            if _similarity(prints[i][1], prints[j][1]) >= SIMILARITY:
                parent[root(j)] = root(i)
    members: dict[int, list[int]] = {}
    for index in range(len(prints)):
        members.setdefault(root(index), []).append(index)
    groups = []
    for indexes in members.values():
        if len(indexes) < 2:
            continue
        pairs = [
            _similarity(prints[a][1], prints[b][1])
            for position, a in enumerate(indexes)
            for b in indexes[position + 1 :]
        ]
        identical = len({prints[index][1].digest for index in indexes}) == 1
        groups.append(
            SimilarGroup(
                problem,
                tuple(sorted(prints[index][0] for index in indexes)),
                identical,
                1.0 if identical else round(min(pairs), 3),
            )
        )
    return tuple(sorted(groups, key=lambda group: (-len(group.members), group.members)))


def _preorder(node: ast.AST) -> Iterator[str]:
    """Node types in source order (ast.walk goes breadth first: one inserted line would shift
    every shingle of the levels below it)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield type(current).__name__
        stack.extend(reversed(list(ast.iter_child_nodes(current))))


def _similarity(first: Fingerprint, second: Fingerprint) -> float:
    if first.digest == second.digest:
        return 1.0
    union = len(first.shingles | second.shingles)
    return len(first.shingles & second.shingles) / union if union else 0.0


class _Eraser(ast.NodeTransformer):
    """Erase what a copier changes without changing the code: names, docstrings, values."""

    def visit_Module(self, node: ast.Module) -> ast.AST:
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            node.body = body[1:]  # the module's docstring
        self.generic_visit(node)
        return node

    def visit_Name(self, node: ast.Name) -> ast.AST:
        node.id = "_"
        return node

    def visit_arg(self, node: ast.arg) -> ast.AST:
        node.arg = "_"
        node.annotation = None
        return node

    def visit_Attribute(self, node: ast.Attribute) -> ast.AST:
        self.generic_visit(node)
        node.attr = "_"
        return node

    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        return self._definition(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> ast.AST:
        return self._definition(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> ast.AST:
        return self._definition(node)

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        node.value = type(node.value).__name__  # the kind of constant stays, its value goes
        return node

    def _definition(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> ast.AST:
        node.name = "_"
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            node.body = body[1:] or [ast.Pass()]  # the docstring
        if not isinstance(node, ast.ClassDef):
            node.returns = None
        self.generic_visit(node)
        return node
