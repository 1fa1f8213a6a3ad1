#!/usr/bin/env bash
# Smoke-test the built extension in the lowest JupyterLab it supports.
#
# Builds the wheel from this checkout (the labextension must be built, e.g. by
# scripts/setup.sh or `jlpm build:prod`), installs it with JupyterLab
# $LAB_VERSION (default: the lowest supported) into .venv-lowest/, starts that
# JupyterLab on a free port and runs ui-tests/smoke-lab-version.js against it in
# Debian's Chromium. Pass another version to try it: `LAB_VERSION=4.3 bash
# scripts/test-lab-versions.sh` (a venv per version: .venv-lowest-4.3/).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export NODE_EXTRA_CA_CERTS="${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}"

LOWEST=4.0
VERSION="${LAB_VERSION:-$LOWEST}"
VENV="$ROOT/.venv-lowest"
[ "$VERSION" = "$LOWEST" ] || VENV="$ROOT/.venv-lowest-$VERSION"
PORT="${LAB_PORT:-8899}"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"

if [ ! -f jupyterlab_cloudshare/labextension/package.json ]; then
  echo "The labextension is not built: run scripts/setup.sh or jlpm build:prod first." >&2
  exit 1
fi
if [ ! -d ui-tests/node_modules/playwright-core ]; then
  echo "ui-tests/node_modules is missing: run (cd ui-tests && jlpm install) first." >&2
  exit 1
fi

WORK="$(mktemp -d)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "==> Wheel"
"$PYTHON" -m build --wheel --no-isolation --outdir "$WORK/dist" . >"$WORK/build.log" 2>&1 \
  || { cat "$WORK/build.log"; exit 1; }
WHEEL="$(ls "$WORK"/dist/*.whl)"

echo "==> JupyterLab $VERSION.* in ${VENV#"$ROOT"/}"
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install -q "jupyterlab==$VERSION.*" "$WHEEL"
"$VENV/bin/python" -m pip install -q --force-reinstall --no-deps "$WHEEL"
"$VENV/bin/jupyter" labextension list 2>&1 | grep -A4 jupyterlab-cloudshare

echo "==> Smoke check"
mkdir -p "$WORK/root"
(cd "$WORK/root" && exec "$VENV/bin/jupyter" lab --allow-root --no-browser \
  --port "$PORT" --port-retries 0 --ServerApp.token='' --ServerApp.password='' \
  --LabApp.expose_app_in_browser=True --ServerApp.root_dir="$WORK/root" \
  >"$WORK/server.log" 2>&1) &
SERVER_PID=$!
for _ in $(seq 120); do
  curl -sf "http://127.0.0.1:$PORT/api" >/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 1
done
status=0
(cd ui-tests && node smoke-lab-version.js "http://127.0.0.1:$PORT") || status=1
if [ $status -ne 0 ]; then
  echo "---- server log"
  tail -n 40 "$WORK/server.log"
fi
exit $status
