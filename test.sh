#!/usr/bin/env bash
# Set up everything the tests need, then run every check: ruff, mypy, pytest.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-python.sh

echo "== ruff"
"$VENV/bin/ruff" check backend
echo "== mypy"
(cd backend && "$VENV/bin/mypy" twelve_factor)
echo "== pytest"
(cd backend && "$VENV/bin/pytest" "$@")
