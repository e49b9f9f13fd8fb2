#!/usr/bin/env bash
# Create .venv (if missing), install the project with the given extras, and compile the translations.
#   bash scripts/bootstrap.sh          the app
#   bash scripts/bootstrap.sh test     the app and its test tools
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
extras=${1:-}
stamp=".venv/.installed-${extras:-app}"
# Reinstall only when the dependency list changed since the last install.
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
.venv/bin/pybabel compile -d translations >/dev/null
