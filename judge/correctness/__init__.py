"""The correctness stage: spec examples, differential testing, comparison, values, feedback wording.

Imports the catalogue, the report model and sandbox/; never a session, the CLI or a renderer.
"""
