"""Work a handler sends to a worker process in one trip: the policy check, then the work.

Each function takes the parsed notebook first, as the worker pool calls it
(see :mod:`.workers`), and is a plain module-level function so that it can be
sent to another process.
"""

from __future__ import annotations

from typing import Any

from .export import ExportResult, export_notebook
from .policy import SharePolicy


def export_shared(
    nb: dict[str, Any],
    policy: SharePolicy,
    fmt: str,
    *,
    name: str,
    header: bool = False,
    acknowledge: str | None = None,
) -> ExportResult:
    """``nb`` exported as ``fmt`` once the policy's "export" action lets it leave."""
    decision = policy.check(nb, "export", acknowledge=acknowledge, name=name)
    return export_notebook(decision.notebook, fmt, name=name, header=header)
