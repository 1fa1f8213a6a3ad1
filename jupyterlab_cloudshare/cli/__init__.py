"""``jupyter cloudshare``: the command line over the same core as the server.

Each subcommand lives in its own module exposing ``register(subparsers)``;
modules import the core lazily so ``--help`` stays instant. A failure prints
one line on stderr (never a traceback, never a credential) and exits non-zero.

Every subcommand obeys the admin's settings exactly as the server does: they
are read from the same Jupyter config files into the same ``CloudShareApp``
(:mod:`.config`), and ``--CloudShareApp.name=value`` options anywhere on the
command line set a trait as they do for ``jupyter server``. The subcommand
gets the configured app as ``args.app``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..core.errors import CloudShareError

#: Subcommand modules, in the order ``--help`` lists them.
SUBCOMMANDS = ("export", "scan", "push", "sync", "links", "drive", "settings")


def build_parser() -> argparse.ArgumentParser:
    import importlib

    parser = argparse.ArgumentParser(
        prog="jupyter cloudshare",
        description="Export, scan and share Jupyter notebooks (GitHub, Gist, Colab...).",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.epilog = (
        "Any subcommand also takes --CloudShareApp.NAME=VALUE to set a setting, as "
        "jupyter server does; 'jupyter cloudshare settings' lists them."
    )
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
    from .config import split_trait_args

    rest, trait_args = split_trait_args(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(rest)
    if args.version:
        from .. import __version__

        print(__version__)
        return 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        from .config import load_app

        args.trait_args = trait_args
        args.app = None if getattr(args, "raw_settings", False) else load_app(trait_args)
        return int(args.func(args))
    except CloudShareError as err:
        print(f"jupyter cloudshare {args.command}: {err.message}", file=sys.stderr)
        # A subcommand whose exit codes carry answers (``pull``: 3, 4) fails with its own code.
        failure = getattr(args, "failure_exit", None)
        if isinstance(failure, int):
            return failure
        return 2 if err.status < 500 else 3
    except KeyboardInterrupt:
        print("jupyter cloudshare: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
