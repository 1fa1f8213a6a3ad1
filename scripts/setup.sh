#!/usr/bin/env bash
# Install everything into a local environment (.venv/ and node_modules/),
# build the labextension and link it: what both README commands start with.
set -euo pipefail
cd "$(dirname "$0")/.."

export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"
PYTHON="${PYTHON:-python3}"

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
export PATH="$PWD/.venv/bin:$PATH"

echo "==> Python packages"
pip install -q --disable-pip-version-check --upgrade pip
# Build requirements first, so the editable install needs no isolated build env.
pip install -q --disable-pip-version-check \
  "hatchling>=1.5" "hatch-nodejs-version>=0.3.2" "hatch-jupyter-builder>=0.10" \
  "jupyter-builder>=1.2.0,<2" "jupyterlab>=4.6,<4.7" editables

echo "==> npm packages"
if [ -n "${CI:-}" ]; then
  jlpm install --immutable
else
  jlpm install
fi
# configurable-http-proxy for the JupyterHub tests (tests/hub/): skipped when up to date.
if [ ! -x tests/hub/node_modules/.bin/configurable-http-proxy ] \
  || [ tests/hub/package-lock.json -nt tests/hub/node_modules/.package-lock.json ]; then
  (cd tests/hub && npm ci --no-audit --no-fund)
fi

echo "==> Build the labextension"
jlpm build:prod

pip install -q --disable-pip-version-check --no-build-isolation -e ".[test]"
jupyter-builder develop --overwrite . >/dev/null
jupyter server extension enable --sys-prefix jupyterlab_cloudshare >/dev/null 2>&1
# Capture first: `grep -q` closing the pipe early would fail the step under pipefail.
labext=$(jupyter labextension list 2>&1)
serverext=$(jupyter server extension list 2>&1)
grep -q "jupyterlab-cloudshare.*enabled.*OK" <<<"$labext" || { echo "$labext"; exit 1; }
grep -q "jupyterlab_cloudshare.*enabled" <<<"$serverext" || { echo "$serverext"; exit 1; }
echo "==> Installed: $(jupyter cloudshare --version)"
