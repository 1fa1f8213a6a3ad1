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
        "--pin-commit",
        action="store_true",
        default=None,
        help="link to the commit rather than the branch (default: CloudShareApp.links_pin_commit)",
    )
    parser.add_argument(
        "--binder-url",
        default=None,
        help="BinderHub for Binder links (default: CloudShareApp.binder_url)",
    )
    parser.add_argument(
        "--hub-url",
        default=None,
        help="JupyterHub for nbgitpuller links (default: CloudShareApp.jupyterhub_url, else "
        "the hub this runs under, if any)",
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
    from urllib.parse import urlsplit

    from ..core.errors import GitError
    from ..core.gitinfo import locate
    from ..core.links import build_links, hub_url_from_env
    from .guard import require_feature

    app = args.app
    require_feature(app, "links")
    path = os.path.abspath(args.notebook)
    web_host = urlsplit(app.github_web_url).hostname or "github.com"
    hosts = dict.fromkeys(("github.com", web_host, *args.github_host))
    status = locate(path, github_hosts=tuple(hosts))
    if status.status in _NO_LOCATION or status.location is None:
        raise GitError(status.reason or "This notebook has no GitHub location.")
    if not status.ready and not args.allow_unpushed:
        print(
            f"jupyter cloudshare links: {status.reason} (use --allow-unpushed to link anyway)",
            file=sys.stderr,
        )
        return 1
    hub = args.hub_url or app.jupyterhub_url or hub_url_from_env(os.environ)
    # Only the targets the admin offers, in the admin's order.
    targets = [t for t in app.link_targets if not args.target or t in args.target]
    if not targets:
        from ..core.errors import ForbiddenError

        raise ForbiddenError(
            f"none of {', '.join(args.target)} is offered here (CloudShareApp.link_targets).",
            code="feature_disabled",
        )
    links = build_links(
        status.location,
        targets,
        binder_url=args.binder_url or app.binder_url,
        hub_url=hub,
        pin_commit=app.links_pin_commit if args.pin_commit is None else args.pin_commit,
    )
    if args.json:
        keys = ("target", "url", "badge_markdown", "badge_html")
        print(json.dumps([{k: link.to_json()[k] for k in keys} for link in links], indent=2))
    else:
        for link in links:
            print(f"{link.target}: {link.url}")
    return 0
