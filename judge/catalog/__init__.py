"""The problem catalogue: the problem model, how answers compare, spec.md reading, discovery,
selection.

Imports only judge's root modules and sandbox/ (for the value types); everything above reads it.
"""
