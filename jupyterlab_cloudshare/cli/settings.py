"""``jupyter cloudshare settings``: the admin's settings in effect here, and where they come from.

``jupyter server --help-all`` does not list an extension's settings; this
does: every ``CloudShareApp`` setting with its effective value, whether it
was set (and in which config files), and with ``--help-all`` the help text of
each. Exit status 2 when the settings cannot be used (the message names the
setting), as every share would then be refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``settings`` subcommand."""
    parser = subparsers.add_parser(
        "settings",
        help="print the CloudShareApp settings in effect and the config files they come from",
        description=(
            "Print every CloudShareApp setting with its effective value, read from the same "
            "config files as the server (and --CloudShareApp.NAME=VALUE options)."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--help-all", action="store_true", help="also print each setting's help text"
    )
    parser.set_defaults(func=run, raw_settings=True)


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


def run(args: argparse.Namespace) -> int:
    """Print the settings; 0, or 2 when they cannot be used."""
    from ..app import CloudShareApp
    from ..core.policy import SettingsError
    from .config import load_app, sources

    app: CloudShareApp | None = None
    error = None
    try:
        app = load_app(args.trait_args)
        app.policy()
    except SettingsError as err:
        error = err.message
    names = sorted(CloudShareApp.class_own_traits(config=True))
    where = sources(app) if app is not None else {}
    configured = set(app.config.get("CloudShareApp", {})) if app is not None else set()
    report: dict[str, Any] = {
        "configFiles": where.get("files", []),
        "commandLine": where.get("command_line", []),
        "error": error,
        "settings": {},
    }
    for name in names:
        trait = CloudShareApp.class_traits()[name]
        entry: dict[str, Any] = {"set": name in configured}
        if app is not None:
            entry["value"] = _jsonable(getattr(app, name))
        if args.help_all:
            entry["help"] = trait.help
        report["settings"][name] = entry
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        files = report["configFiles"] or ["(none)"]
        print("Config files read (later ones win): " + ", ".join(files))
        if report["commandLine"]:
            print("Command line: " + " ".join(report["commandLine"]))
        for name, entry in report["settings"].items():
            origin = "set" if entry["set"] else "default"
            value = repr(getattr(app, name)) if app is not None else "?"
            print(f"c.CloudShareApp.{name} = {value}  # {origin}")
            if args.help_all:
                print(f"    {entry['help']}")
    if error:
        print(f"jupyter cloudshare settings: {error}", file=sys.stderr)
        return 2
    return 0
