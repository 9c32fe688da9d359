"""The local process sandbox: the worker in a restricted process on this machine.

Imports sandbox's shared modules (base, wire, supervisor) only.
"""
