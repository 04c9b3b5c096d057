#!/usr/bin/env bash
# Set up what is missing, then run the app.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-python.sh

# --- API server (backend): http://127.0.0.1:8000, docs at /docs ---------------
# Database: backend/data/agent_states.db unless DATABASE_URL says otherwise;
# model: TFA_MODEL (see README). Ctrl+C stops it.
exec "$VENV/bin/tfa" serve --host 127.0.0.1 --port 8000 "$@"
