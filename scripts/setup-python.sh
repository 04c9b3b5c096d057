# Sourced by start.sh and test.sh: create .venv at the repo root and install
# the backend with its test extras when anything is missing or changed.
VENV="$PWD/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  python3.11 -m venv "$VENV"
fi
stamp="$VENV/.installed-$(sha256sum backend/pyproject.toml | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  "$VENV/bin/python" -m pip install --quiet --upgrade "pip==26.3"
  "$VENV/bin/python" -m pip install --quiet -e "backend[dev]"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
export VENV
