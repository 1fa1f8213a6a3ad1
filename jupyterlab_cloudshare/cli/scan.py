"""``jupyter cloudshare scan NOTEBOOK...``: find PHI and secrets before they are shared.

Exit status: 0 nothing found, 1 something found, 2 a notebook could not be
read (the others are still scanned). Suitable as a pre-commit hook.
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
    parser.add_argument(
        "--no-server-config",
        action="store_true",
        help=(
            "ignore the CloudShareApp scanner settings (disabled detectors, custom patterns, "
            "allow-lists) of this machine's Jupyter Server configuration"
        ),
    )
    parser.set_defaults(func=run)


def server_scan_settings() -> dict[str, Any]:
    """The ``CloudShareApp`` section of this machine's Jupyter Server config files.

    Read the way Jupyter Server reads them (``jupyter_server_config.json`` and
    ``.py`` in every Jupyter config folder, the user's folder winning), so the
    CLI and a pre-commit hook scan with the organisation's own patterns and
    allow-lists.
    """
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import (
        ConfigFileNotFound,
        JSONFileConfigLoader,
        PyFileConfigLoader,
    )

    merged = Config()
    for folder in reversed(jupyter_config_path()):
        for loader in (JSONFileConfigLoader, PyFileConfigLoader):
            suffix = "json" if loader is JSONFileConfigLoader else "py"
            try:
                merged.merge(loader(f"jupyter_server_config.{suffix}", path=folder).load_config())
            except ConfigFileNotFound:
                continue
    section = merged.get("CloudShareApp", {})
    return dict(section) if isinstance(section, dict) else {}


def _scan_config(args: argparse.Namespace) -> Any:
    from ..core.scan import ScanConfig

    if args.no_server_config:
        return ScanConfig()
    try:
        settings = server_scan_settings()
    except Exception as err:  # a broken config file must not stop a scan
        print(f"warning: Jupyter Server config not read ({err}); default settings", file=sys.stderr)
        return ScanConfig()
    return ScanConfig(
        disabled=list(settings.get("scan_disabled_detectors", [])),
        custom_patterns=list(settings.get("scan_custom_patterns", [])),
        allow_patterns=list(settings.get("scan_allow_patterns", [])),
        allow_email_domains=list(settings.get("scan_allow_email_domains", [])),
    )


def run(args: argparse.Namespace) -> int:
    """Scan every notebook; return the exit status."""
    from ..core.errors import CloudShareError
    from ..core.notebook import read_notebook_file
    from ..core.policy import summary
    from ..core.scan import scan_notebook

    config = _scan_config(args)
    report: list[dict[str, Any]] = []
    found = failed = False
    total: dict[str, int] = {}
    for path in args.notebooks:
        item: dict[str, Any] = {"notebook": path, "error": None, "findings": []}
        try:
            findings = scan_notebook(read_notebook_file(path), config)
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
