#!/usr/bin/env bash
# Set up what is missing, then run the app: the API on :8000 and the web UI on :3000.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-python.sh

# ---- web UI (frontend): build it and serve it on http://localhost:3000 -------
# vite preview serves frontend/dist and proxies /agent, /tools and /healthz to the API.
scripts/setup-frontend.sh
(cd frontend && node_modules/.bin/vite build --logLevel warn)
(cd frontend && exec node_modules/.bin/vite preview --port 3000 --strictPort) &
ui_pid=$!
trap 'kill "$ui_pid" ${api_pid:+"$api_pid"} 2>/dev/null || true; wait' INT TERM EXIT
# ---- end web UI --------------------------------------------------------------

# --- API server (backend): http://127.0.0.1:8000, docs at /docs ---------------
# Database: backend/data/agent_states.db unless DATABASE_URL says otherwise;
# model: TFA_MODEL (see README). Ctrl+C stops it (and the web UI).
"$VENV/bin/tfa" serve --host 127.0.0.1 --port 8000 "$@" &
api_pid=$!
echo "API on http://localhost:8000 (docs at /docs), web UI on http://localhost:3000; Ctrl+C stops both."
wait -n "$api_pid" "$ui_pid"  # when either stops, the trap stops the other
