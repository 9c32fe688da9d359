"""The complexity stage: growth measurement against the reference, the fit, static hints.

Imports the catalogue, the report model and sandbox/; never a session, the CLI or a renderer.
"""
