"""jupyterlab-cloudshare: share notebooks to GitHub, Gist and Colab, safely.

Only extension entry points live here; heavy modules are imported lazily so
that the extension does not slow Jupyter Server's start.
"""

from __future__ import annotations

from typing import Any

try:
    from ._version import __version__
except ImportError:  # pragma: no cover - only in a source tree that was never built
    __version__ = "dev"


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "jupyterlab-cloudshare"}]


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    from .app import CloudShareApp

    return [{"module": "jupyterlab_cloudshare", "app": CloudShareApp}]
