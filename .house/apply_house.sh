#!/usr/bin/env bash
set -euo pipefail
python .house/restructure.py "$@"
python .house/sandbox_errors.py
python .house/house_extras.py
ruff check --fix . >/dev/null 2>&1 || true
ruff format . >/dev/null
ruff check . || true
mypy judge sandbox problems benchmarks || true
