"""The trust boundary: candidate code runs only through a Sandbox."""
