#!/usr/bin/env bash
# Static checks that CI runs too: ruff (lint + format), mypy --strict on the core,
# TypeScript's compiler and Prettier. Exit non-zero on the first tool that fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/.venv/bin:$PATH"
ruff check jupyterlab_cloudshare tests benchmarks scripts ui-tests
ruff format --check jupyterlab_cloudshare tests benchmarks scripts ui-tests
mypy
jlpm tsc --noEmit
jlpm prettier:check
jlpm eslint:check
