"""The built-in problem set: every subpackage is one problem, found by discovery."""
