#!/usr/bin/env bash
# Install everything into .venv, build a SQLite database with demo data, and run the app on http://127.0.0.1:5000
# with a worker process for the long jobs beside it (both stop with Ctrl-C).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export FLASK_APP=app
.venv/bin/flask db upgrade
.venv/bin/flask demo --if-empty
.venv/bin/flask worker --processes 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT
.venv/bin/flask run --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}" --debug
