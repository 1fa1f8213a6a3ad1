#!/usr/bin/env bash
# One command for every test tier: installs what the tests need (Chromium
# included), then runs pytest, jest and Galata, and ends with one line
# "N passed, M failed" adding up every tier. Exit non-zero when any tier fails.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"

bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
export PATH="$ROOT/.venv/bin:$PATH"

if [ ! -x /usr/bin/chromium ]; then
  echo "==> Installing Debian's chromium"
  SUDO=""
  [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

echo "==> UI-test packages"
(cd ui-tests && if [ -n "${CI:-}" ]; then jlpm install --immutable; else jlpm install; fi) \
  || { echo "ui-tests install failed"; echo "0 passed, 1 failed"; exit 1; }

RESULTS="$ROOT/.test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
status=0

echo "==> lint (ruff, mypy, tsc, prettier)"
if bash scripts/lint.sh; then
  echo '{"passed": 1, "failed": 0}' > "$RESULTS/lint.json"
else
  echo '{"passed": 0, "failed": 1}' > "$RESULTS/lint.json"
  status=1
fi

echo "==> pytest"
python -m pytest -q -p no:cacheprovider --junitxml="$RESULTS/pytest.xml" "$@" || status=1

echo "==> jest"
jlpm jest --ci --silent --json --outputFile="$RESULTS/jest.json" || status=1

echo "==> Galata (Chromium)"
(cd ui-tests && CI=1 CLOUDSHARE_GALATA_JSON="$RESULTS/galata.json" jlpm playwright test) || status=1

python scripts/summarize.py "$RESULTS" || status=1
exit $status
