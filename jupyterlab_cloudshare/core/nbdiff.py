"""A notebook diff and merge a dialog can show, over nbdime (imported lazily).

nbdime (the Jupyter project's diff/merge library) makes the diff; this
module turns it into a compact summary: cells added, removed and changed,
each with a short excerpt of its source and which parts changed.
"""

from __future__ import annotations

import json
from typing import Any

from .errors import CloudShareError

#: Cells listed one by one in a summary (the counts always cover all of them).
MAX_LISTED = 40
EXCERPT = 160


def _nbdime() -> Any:
    try:
        import nbdime
    except ImportError as err:  # pragma: no cover - a declared dependency
        raise CloudShareError(
            "Comparing notebooks needs the 'nbdime' package; install it on the server.",
            code="nbdime_missing",
            status=501,
        ) from err
    return nbdime


def _parse(data: bytes | dict[str, Any]) -> Any:
    """A notebook node as nbdime expects it: multi-line strings joined (as nbformat reads)."""
    import copy

    import nbformat
    from nbformat.v4.rwbase import rejoin_lines

    text = copy.deepcopy(data) if isinstance(data, dict) else json.loads(data.decode("utf-8"))
    if not isinstance(text, dict) or not isinstance(text.get("cells", []), list):
        raise ValueError("not a notebook")
    # Not nbformat.reads: its validation warns about (and rewrites) older notebooks.
    return rejoin_lines(nbformat.from_dict(text))  # type: ignore[no-untyped-call]


def _excerpt(source: Any) -> str:
    text = "".join(source) if isinstance(source, list) else str(source or "")
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def summarize(diff: list[dict[str, Any]], before: Any, after: Any) -> dict[str, Any]:
    """The compact summary of an nbdime notebook diff from ``before`` to ``after``."""
    cells: list[dict[str, Any]] = []
    counts = {"added": 0, "removed": 0, "changed": 0}
    metadata_changed = False
    old_cells = list(before.get("cells", []))
    for entry in diff:
        if entry.get("key") == "metadata":
            metadata_changed = True
        if entry.get("key") != "cells" or entry.get("op") != "patch":
            continue
        for op in entry.get("diff", []):
            kind = op.get("op")
            if kind == "addrange":
                for cell in op.get("valuelist", []):
                    counts["added"] += 1
                    cells.append(
                        {
                            "change": "added",
                            "index": op.get("key"),
                            "cellType": cell.get("cell_type"),
                            "source": _excerpt(cell.get("source")),
                        }
                    )
            elif kind == "removerange":
                start = int(op.get("key", 0))
                for i in range(start, start + int(op.get("length", 0))):
                    cell = old_cells[i] if i < len(old_cells) else {}
                    counts["removed"] += 1
                    cells.append(
                        {
                            "change": "removed",
                            "index": i,
                            "cellType": cell.get("cell_type"),
                            "source": _excerpt(cell.get("source")),
                        }
                    )
            elif kind == "patch":
                i = int(op.get("key", 0))
                cell = old_cells[i] if i < len(old_cells) else {}
                parts = sorted({str(d.get("key")) for d in op.get("diff", []) if d.get("key")})
                if parts == ["id"]:
                    continue  # only the cell id differs: not a change a reader sees
                counts["changed"] += 1
                cells.append(
                    {
                        "change": "changed",
                        "index": i,
                        "cellType": cell.get("cell_type"),
                        "source": _excerpt(cell.get("source")),
                        "parts": [p for p in parts if p != "id"],
                    }
                )
    del after
    return {
        "cellsAdded": counts["added"],
        "cellsRemoved": counts["removed"],
        "cellsChanged": counts["changed"],
        "metadataChanged": metadata_changed,
        "cells": cells[:MAX_LISTED],
        "truncated": len(cells) > MAX_LISTED,
    }


def diff_summary(before: bytes | dict[str, Any], after: bytes | dict[str, Any]) -> dict[str, Any]:
    """What changed from ``before`` to ``after`` (notebook bytes or JSON), summarized."""
    nbdime = _nbdime()
    a, b = _parse(before), _parse(after)
    return summarize(nbdime.diff_notebooks(a, b), a, b)


def merge(base: bytes, local: bytes, remote: bytes) -> dict[str, Any] | None:
    """The three-way merge of the two sides when no change conflicts, else ``None``."""
    nbdime = _nbdime()
    try:
        merged, decisions = nbdime.merge_notebooks(_parse(base), _parse(local), _parse(remote))
    except Exception:  # nbdime refuses some inputs; then there is simply no merge offered
        return None
    if any(getattr(d, "conflict", False) for d in decisions):
        return None
    return dict(json.loads(json.dumps(merged)))
