"""The classic pack: twelve-odd interview problems, one package each (see ../pyproject.toml)."""
