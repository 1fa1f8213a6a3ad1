"""``jupyter cloudshare export``: notebooks to scripts from the command line."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..core.export import FORMATS

PROG = "jupyter cloudshare export"


def register(subparsers: Any) -> None:
    """Add the ``export`` subcommand."""
    parser = subparsers.add_parser(
        "export",
        help="export notebooks to Python (or R, Julia...) scripts",
        description=(
            "Export notebooks to scripts. Each script is written beside its notebook "
            "(same name, the language's extension) unless -o or --output-dir says "
            "otherwise. Existing output files are overwritten, as nbconvert does. "
            "Outputs, attachments and widget state never reach the script."
        ),
    )
    parser.add_argument("notebooks", nargs="+", metavar="NOTEBOOK", help="notebook files")
    parser.add_argument(
        "--format",
        "-f",
        choices=FORMATS,
        default=None,
        help=(
            "colab: Colab's Download .py layout, always valid Python; "
            "percent: '# %%%%' cells that jupytext, VS Code and Spyder read back; "
            "script: runs under IPython, magics become get_ipython() calls "
            "(default: CloudShareApp.export_default_format)"
        ),
    )
    parser.add_argument(
        "--header",
        action="store_true",
        help="percent: start with jupytext's YAML header (the format and the kernelspec)",
    )
    parser.add_argument(
        "--acknowledge",
        metavar="FP",
        default=None,
        help="under a 'warn' export policy: the fingerprint its refusal printed",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file for a single notebook ('-' writes to standard output)",
    )
    where.add_argument("--output-dir", metavar="DIR", help="folder to write the scripts into")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Export every notebook; 0 when all were written whole, 1 otherwise."""
    from ..core.errors import CloudShareError, InvalidRequestError
    from .guard import require_feature

    require_feature(args.app, "export")
    args.format = args.format or args.app.export_default_format
    notebooks: list[str] = list(args.notebooks)
    if args.output and len(notebooks) > 1:
        raise InvalidRequestError("-o/--output takes a single notebook; use --output-dir.")
    if args.output_dir and not Path(args.output_dir).is_dir():
        raise InvalidRequestError(f"--output-dir {args.output_dir}: no such folder.")
    failed = 0
    for path in notebooks:
        try:
            _export_one(path, args)
        except CloudShareError as err:
            failed += 1
            message = err.message
            if not message.startswith(path):
                message = f"{path}: {message}"
            print(f"{PROG}: {message}", file=sys.stderr)
        except OSError as err:
            failed += 1
            print(f"{PROG}: {path}: cannot write the script ({err.strerror}).", file=sys.stderr)
    return 1 if failed else 0


def _export_one(path: str, args: argparse.Namespace) -> None:
    from ..core.export import export_notebook
    from ..core.notebook import read_notebook_file
    from .guard import check_share

    nb = read_notebook_file(path, max_bytes=args.app.max_notebook_bytes)
    name = Path(path).name
    decision = check_share(
        args.app, nb, "export", acknowledge=args.acknowledge, without_outputs=False, name=name
    )
    result = export_notebook(decision.notebook, args.format, name=name, header=args.header)
    if args.output == "-":
        sys.stdout.write(result.text)
        sys.stdout.flush()
        return
    if args.output:
        target = Path(args.output)
    elif args.output_dir:
        target = Path(args.output_dir) / result.filename
    else:
        target = Path(path).with_name(result.filename)
    write_atomic(target, result.text)


def write_atomic(target: Path, text: str) -> None:
    """Write ``text`` (UTF-8, LF) to ``target`` whole or not at all."""
    folder = target.parent
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
