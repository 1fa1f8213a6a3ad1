"""``jupyter cloudshare links NOTEBOOK``: launch links from the notebook's git remote.

Exit codes: 0 links printed; 1 the notebook's latest change is not pushed
(modified, untracked, unpushed...: a link to it would show something else),
unless ``--allow-unpushed``; 2 no GitHub location at all (not in git, no
GitHub remote) or bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any

from ..core.links import TARGETS as LINK_TARGETS

#: Statuses that have no GitHub location at all.
_NO_LOCATION = ("not_git", "no_remote")


def register(subparsers: Any) -> None:
    """Add the ``links`` subcommand."""
    parser = subparsers.add_parser(
        "links",
        help="print launch links (Colab, Binder...) and badges for a notebook pushed to GitHub",
        description=(
            "Print launch links for NOTEBOOK from its git repository's GitHub remote. "
            "Nothing is fetched: 'pushed' means as of the last fetch."
        ),
    )
    parser.add_argument("notebook", metavar="NOTEBOOK", help="path to the notebook")
    parser.add_argument("--json", action="store_true", help="print a JSON list with badges")
    parser.add_argument(
        "--target",
        action="append",
        choices=LINK_TARGETS,
        metavar="NAME",
        help=f"a target to print (repeatable; default: all). One of: {', '.join(LINK_TARGETS)}",
    )
    parser.add_argument(
        "--pin-commit", action="store_true", help="link to the commit rather than the branch"
    )
    parser.add_argument(
        "--binder-url", default="https://mybinder.org", help="BinderHub for Binder links"
    )
    parser.add_argument(
        "--hub-url",
        default=None,
        help="JupyterHub for nbgitpuller links (default: the hub this runs under, if any)",
    )
    parser.add_argument(
        "--github-host",
        action="append",
        default=[],
        metavar="HOST",
        help="a GitHub Enterprise host to recognise in remote URLs (repeatable)",
    )
    parser.add_argument(
        "--allow-unpushed",
        action="store_true",
        help="print links even when the notebook's latest change is not pushed",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the links; returns the exit code."""
    from ..core.errors import GitError
    from ..core.gitinfo import locate
    from ..core.links import build_links, hub_url_from_env

    path = os.path.abspath(args.notebook)
    status = locate(path, github_hosts=("github.com", *args.github_host))
    if status.status in _NO_LOCATION or status.location is None:
        raise GitError(status.reason or "This notebook has no GitHub location.")
    if not status.ready and not args.allow_unpushed:
        print(
            f"jupyter cloudshare links: {status.reason} (use --allow-unpushed to link anyway)",
            file=sys.stderr,
        )
        return 1
    hub = args.hub_url or hub_url_from_env(os.environ)
    links = build_links(
        status.location,
        args.target or LINK_TARGETS,
        binder_url=args.binder_url,
        hub_url=hub,
        pin_commit=args.pin_commit,
    )
    if args.json:
        keys = ("target", "url", "badge_markdown", "badge_html")
        print(json.dumps([{k: link.to_json()[k] for k in keys} for link in links], indent=2))
    else:
        for link in links:
            print(f"{link.target}: {link.url}")
    return 0
