#!/usr/bin/env bash
# Set up what is missing, then run the app. Until the server lands this runs
# one task in the terminal: ./start.sh "multiply 3 and 4, then add 12"
set -euo pipefail
cd "$(dirname "$0")"
source scripts/setup-python.sh
task="${1:-multiply 3 and 4, then add 12}"
exec "$VENV/bin/tfa" run "$task"
