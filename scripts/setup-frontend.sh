#!/usr/bin/env bash
# Install what the web UI needs when it is missing or stale; run by start.sh and test.sh.
#   scripts/setup-frontend.sh            Node check + `npm ci` when package-lock.json changed
#   scripts/setup-frontend.sh --browser  also Debian's chromium for the Playwright tests
# Playwright never downloads a browser here: the tests use /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/../frontend"

need_node="20.19.0"
have_node="$(node --version 2>/dev/null | sed 's/^v//' || true)"
if [ -z "$have_node" ] || [ "$(printf '%s\n%s\n' "$need_node" "$have_node" | sort -V | head -1)" != "$need_node" ]; then
  echo "The web UI needs Node.js >= $need_node with npm (found: ${have_node:-none})." >&2
  exit 1
fi

stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  echo "== frontend: npm ci"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  echo "== frontend: installing Debian's chromium for the browser tests"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
