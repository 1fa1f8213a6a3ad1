"""``jupyter cloudshare``: the command line over the same core as the server.

Each subcommand lives in its own module exposing ``register(subparsers)``;
modules import the core lazily so ``--help`` stays instant. A failure prints
one line on stderr (never a traceback, never a credential) and exits non-zero.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..core.errors import CloudShareError

#: Subcommand modules, in the order ``--help`` lists them.
SUBCOMMANDS = ("export", "scan", "push", "links", "drive")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="jupyter cloudshare",
        description="Export, scan and share Jupyter notebooks (GitHub, Gist, Colab...).",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMANDS:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{name}":
                raise
            continue
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``jupyter-cloudshare``; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from .. import __version__

        print(__version__)
        return 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except CloudShareError as err:
        print(f"jupyter cloudshare {args.command}: {err.message}", file=sys.stderr)
        return 2 if err.status < 500 else 3
    except KeyboardInterrupt:
        print("jupyter cloudshare: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
