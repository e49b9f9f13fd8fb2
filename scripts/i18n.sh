#!/usr/bin/env bash
# Keep the translation catalogues in step with the code: extract, update, compile.
#   bash scripts/i18n.sh          extract new strings into the catalogues and compile them
#   bash scripts/i18n.sh compile  only compile (what install and test do)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYBABEL:-.venv/bin/pybabel}
if [ "${1:-}" != "compile" ]; then
  "$PY" extract -F babel.cfg -k _l -k N_ -k lazy_gettext -k lazy_ngettext:1,2 --no-location --sort-output --project sangkien \
    -o translations/messages.pot app.py $(.venv/bin/python -c 'import app; print(" ".join(app.PACKAGES))') templates
  "$PY" update -i translations/messages.pot -d translations --no-fuzzy-matching --ignore-obsolete
fi
"$PY" compile -d translations --statistics 2>&1 | grep -v "^$" || true
