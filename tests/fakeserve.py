"""Run a local fake service (GitHub's, Google's) in its own process until Playwright stops it."""

from __future__ import annotations

import json
import signal
import sys
import threading
from typing import Any


def serve_until_stopped(fake: Any, urls: dict[str, str]) -> int:
    """Print ``urls`` as a JSON line, wait for SIGTERM or Ctrl-C, stop ``fake``, list violations.

    The first stdout line is what a browser test's runner waits for; the
    violations (requests or answers the real service would not accept or send)
    go to stderr when the fake stops.
    """
    print(json.dumps(urls), flush=True)
    # Playwright stops web servers with SIGTERM: end as on Ctrl-C so the
    # violations below are printed.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
        for v in fake.violations:
            print("violation:", v, file=sys.stderr)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
