"""Renderings of what the judge found: terminal (the only rich importer), HTML, JUnit, JSON.

Imports anything but the CLI; only the CLI (and tests) import it.
"""
