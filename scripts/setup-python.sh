# Sourced by start.sh and test.sh: create .venv at the repo root and install
# the backend with the embedded model and the test tools when anything is
# missing or pyproject.toml changed.
VENV="$PWD/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  python3.11 -m venv "$VENV"
fi
stamp="$VENV/.installed-$(sha256sum backend/pyproject.toml scripts/setup-python.sh | sha256sum | cut -c1-16)"
if [ ! -e "$stamp" ]; then
  "$VENV/bin/python" -m pip install --quiet --upgrade "pip==26.3"
  # llama-cpp-python builds from source (minutes on 2 cores; pip caches the
  # wheel). GGML_NATIVE=OFF: a -march=native build picks up AMX on these Xeons
  # and segfaults at the first inference; the portable build runs everywhere.
  CMAKE_ARGS="-DGGML_NATIVE=OFF" "$VENV/bin/python" -m pip install --quiet -e "backend[local,dev]"
  rm -f "$VENV"/.installed-*
  touch "$stamp"
fi
export VENV
