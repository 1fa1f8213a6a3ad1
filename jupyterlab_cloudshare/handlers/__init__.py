"""The HTTP layer: one module per resource, each exporting ``ROUTES``.

Routes are relative to the server's base URL; every one lives under
``/cloudshare/``.
"""

from __future__ import annotations

from typing import Any


def routes() -> list[tuple[str, Any]]:
    """Every (pattern, handler) pair of the extension."""
    from . import config, drive, export, github, github_open, links, scan, sync

    table: list[tuple[str, Any]] = []
    for module in (config, export, scan, github, links, sync, github_open, drive):
        table.extend(module.ROUTES)
    return table
