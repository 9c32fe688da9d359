"""The Docker sandbox: the engine, the image, the container's socket. The only docker SDK user.

Imports sandbox's shared modules (base, wire, supervisor) only.
"""
