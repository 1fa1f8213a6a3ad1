"""``jupyter cloudshare scan NOTEBOOK...``: find PHI and secrets before they are shared.

Exit status: 0 nothing found, 1 something found, 2 a notebook could not be
read (the others are still scanned). Suitable as a pre-commit hook. The
scanner settings (disabled detectors, custom patterns, allow-lists) are the
server's, read from the same config files (see :mod:`.config`).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``scan`` subcommand."""
    parser = subparsers.add_parser(
        "scan",
        help="report possible PHI and credentials in notebooks",
        description="Report possible PHI and credentials in notebooks (exit 1 if any).",
    )
    parser.add_argument("notebooks", nargs="+", metavar="NOTEBOOK")
    parser.add_argument("--json", action="store_true", help="print one JSON list")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Scan every notebook; return the exit status."""
    from ..core.errors import CloudShareError
    from ..core.notebook import read_notebook_file
    from ..core.policy import summary
    from ..core.scan import scan_notebook
    from .guard import require_feature

    require_feature(args.app, "scan")
    config = args.app.policy().scan
    report: list[dict[str, Any]] = []
    found = failed = False
    total: dict[str, int] = {}
    for path in args.notebooks:
        item: dict[str, Any] = {"notebook": path, "error": None, "findings": []}
        try:
            nb = read_notebook_file(path, max_bytes=args.app.max_notebook_bytes)
            findings = scan_notebook(nb, config)
        except CloudShareError as err:
            item["error"] = err.message
            failed = True
            if not args.json:
                print(f"{path}: error: {err.message}", file=sys.stderr)
            report.append(item)
            continue
        found = found or bool(findings)
        item["findings"] = [f.to_json() for f in findings]
        for kind, n in summary(findings).items():
            total[kind] = total.get(kind, 0) + n
        if not args.json:
            for f in findings:
                print(f"{path}: cell {f.cell} [{f.type}] {f.excerpt} ({f.path} {f.start}-{f.end})")
        report.append(item)
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        count = sum(total.values())
        if count:
            kinds = ", ".join(f"{k} ×{n}" for k, n in sorted(total.items()))
            print(f"{count} possible identifier(s) in {len(args.notebooks)} notebook(s): {kinds}")
        else:
            print(f"No sensitive data found in {len(args.notebooks)} notebook(s).")
    if failed:
        return 2
    return 1 if found else 0
