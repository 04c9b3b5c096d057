#!/usr/bin/env bash
# Set up what is missing, then run the app. Until the server lands this runs
# one task in the terminal: ./start.sh "multiply 3 and 4, then add 12"
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-python.sh

# ---- web UI: with no task given, build the UI and serve it on :3000 next to the API on :8000 ----
if [ "$#" -eq 0 ]; then
  scripts/setup-frontend.sh
  (cd frontend && node_modules/.bin/vite build --logLevel warn)
  "$VENV/bin/tfa" serve --host 127.0.0.1 --port 8000 &
  api_pid=$!
  # vite preview serves frontend/dist and proxies /agent, /tools and /healthz to the API.
  (cd frontend && exec node_modules/.bin/vite preview --port 3000 --strictPort) &
  ui_pid=$!
  trap 'kill "$api_pid" "$ui_pid" 2>/dev/null || true; wait' INT TERM EXIT
  echo "API on http://localhost:8000 (docs at /docs), UI on http://localhost:3000 — Ctrl+C stops both."
  wait -n "$api_pid" "$ui_pid"  # if either one stops, stop the other (the trap)
  exit
fi
# ---- end web UI ----

task="${1:-multiply 3 and 4, then add 12}"
exec "$VENV/bin/tfa" run "$task"
