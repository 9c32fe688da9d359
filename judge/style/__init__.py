"""The style stage: ruff and radon on the source, as a reviewer's notes. Never runs the code.

Imports the report model only.
"""
