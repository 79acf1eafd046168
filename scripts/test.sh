#!/usr/bin/env bash
# Set up, then lint, type-check, check the import layers and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check src tests scripts
.venv/bin/mypy
# the one-way flow of imports (the layers contract in pyproject.toml)
.venv/bin/lint-imports
.venv/bin/pytest -q src tests "$@"
