#!/usr/bin/env bash
# Install everything (Python packages into .venv, Debian's Chromium for the browser tests) and run the tests.
# Extra arguments go to pytest. TEST_DATABASE_URL=postgresql://... runs the suite against PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh test
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
.venv/bin/ruff check .
exec .venv/bin/python -m pytest "$@"
