"""What the extension adds to Jupyter Server's start.

Runs, in fresh interpreters, the import of jupyter_server's ServerApp alone and
then with the extension's entry points and route table loaded (what
`load_jupyter_server_extension` does), best of N, and lists any module outside
the extension and jupyter_server that loading it pulls in: heavy libraries
(nbformat, IPython, jsonschema...) must stay lazy.

    .venv/bin/python benchmarks/bench_startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

BASE = "import jupyter_server.serverapp"
WITH_EXTENSION = """
import sys, json
import jupyter_server.serverapp
before = set(sys.modules)
from jupyterlab_cloudshare import _jupyter_server_extension_points
app = _jupyter_server_extension_points()[0]["app"]
from jupyterlab_cloudshare.handlers import routes
routes()
new = sorted(m for m in set(sys.modules) - before
             if not m.startswith(("jupyterlab_cloudshare", "jupyter_server")))
print(json.dumps(new))
"""


def best_time(code: str, repeat: int) -> float:
    """Best wall time (s) of running `code` in a fresh interpreter."""
    import time

    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    base = best_time(BASE, args.repeat)
    full = best_time(WITH_EXTENSION, args.repeat)
    extra = subprocess.run(
        [sys.executable, "-c", WITH_EXTENSION], check=True, capture_output=True, text=True
    ).stdout
    print(f"jupyter_server import alone:      {base * 1000:7.1f} ms")
    print(f"... plus the extension and routes: {full * 1000:7.1f} ms")
    print(f"added by the extension:            {(full - base) * 1000:7.1f} ms")
    print(f"other modules it imports: {', '.join(json.loads(extra)) or 'none'}")


if __name__ == "__main__":
    main()
