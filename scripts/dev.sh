#!/usr/bin/env bash
# One command for developers: install everything, then start JupyterLab with
# the extension on the sample notebooks in examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"
extra=()
if [ "$(id -u)" = "0" ]; then
  extra+=(--allow-root)
fi
exec jupyter lab --notebook-dir=examples --ServerApp.open_browser=False "${extra[@]}" "$@" examples/welcome.ipynb
