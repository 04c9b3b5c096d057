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
echo "== bench smoke (small sizes; figures are printed, not checked)"
"$VENV/bin/python" bench/long_run.py --steps 20 40
"$VENV/bin/python" bench/fan_out.py --runs 20 --latency-ms 50

# ---- frontend (web UI): typecheck, component tests, browser tests against the real server ----
scripts/setup-frontend.sh --browser
echo "== frontend: typecheck"
(cd frontend && npx tsc --noEmit)
echo "== frontend: vitest"
(cd frontend && npx vitest run)
echo "== frontend: playwright (Chromium, tfa serve + vite preview on free loopback ports)"
(cd frontend && TFA_BIN="$VENV/bin/tfa" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npx playwright test)
# ---- end frontend ----
