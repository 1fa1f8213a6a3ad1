"""``jupyter cloudshare push`` and ``jupyter cloudshare gist``: share from the command line.

The token is found as the server finds it (the hub's, ``GITHUB_TOKEN``,
``GH_TOKEN``, then the one entered in JupyterLab); the API root comes from
``--api-url``, else ``$CLOUDSHARE_GITHUB_API_URL``, else api.github.com. The
result is printed as JSON with the same keys as the HTTP API.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
from typing import Any

DEFAULT_API_URL = "https://api.github.com"
API_URL_ENV = "CLOUDSHARE_GITHUB_API_URL"


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", metavar="NOTEBOOK", help="path to the notebook")
    parser.add_argument("--with-py", action="store_true", help="also save the exported .py")
    parser.add_argument("--no-outputs", action="store_true", help="share without outputs")
    parser.add_argument(
        "--api-url",
        default=None,
        help=f"GitHub API root (default: ${API_URL_ENV} or {DEFAULT_API_URL}); "
        "GitHub Enterprise: https://HOST/api/v3",
    )
    parser.add_argument(
        "--acknowledge",
        metavar="FP",
        default=None,
        help="share although the sensitive-data check found something (its fingerprint)",
    )


def register(subparsers: Any) -> None:
    """Add the ``push`` and ``gist`` subcommands."""
    push = subparsers.add_parser(
        "push",
        help="save a copy of a notebook in a GitHub repository",
        description="Save a copy of NOTEBOOK in a GitHub repository (one commit).",
    )
    _common(push)
    push.add_argument("--repo", required=True, metavar="OWNER/REPO", help="target repository")
    push.add_argument("--branch", default=None, help="branch (default: the last or default one)")
    push.add_argument(
        "--new-branch-from", default=None, metavar="BASE", help="create --branch from BASE"
    )
    push.add_argument("--path", default=None, help="path in the repository")
    push.add_argument("--message", default=None, help="commit message")
    push.add_argument("--colab-link", action="store_true", help="add an 'Open In Colab' badge")
    push.add_argument(
        "--force",
        action="store_true",
        help="replace a file changed on GitHub (a normal commit on top, never a forced push)",
    )
    push.set_defaults(func=run_push)

    gist = subparsers.add_parser(
        "gist",
        help="share a notebook as a GitHub gist (updated in place next time)",
        description="Create a secret gist of NOTEBOOK, or update the one made before.",
    )
    _common(gist)
    gist.add_argument("--public", action="store_true", help="make a new gist public")
    gist.add_argument("--description", default=None, help="the gist's description")
    gist.set_defaults(func=run_gist)


def _account(args: argparse.Namespace) -> Any:
    from ..core.credentials import GitHubAccount

    api_url = args.api_url or os.environ.get(API_URL_ENV) or DEFAULT_API_URL
    return GitHubAccount(api_url=api_url)


def _enforce(nb: dict[str, Any], action: str, args: argparse.Namespace) -> None:
    """Apply the 'warn' policy when the policy module is installed."""
    try:
        from ..core.policy import enforce
        from ..core.scan import ScanConfig
    except ImportError:
        return
    from ..core.errors import PolicyError

    try:
        enforce(
            nb,
            action=action,
            level="warn",
            acknowledge=args.acknowledge,
            without_outputs=args.no_outputs,
            allow_without_outputs=True,
            config=ScanConfig(),
        )
    except PolicyError as err:
        raise PolicyError(_policy_line(err), code=err.code, details=err.details) from None


def _policy_line(err: Any) -> str:
    details = err.details or {}
    findings = details.get("findings") or []
    types = sorted(
        {str(f.get("type") or f.get("kind")) for f in findings if isinstance(f, dict)} - {"None"}
    )
    fingerprint = details.get("fingerprint") or details.get("acknowledge")
    found = f"sensitive data found ({', '.join(types)})" if types else err.message.rstrip(".")
    ack = f"--acknowledge {fingerprint}" if fingerprint else "--acknowledge <fingerprint>"
    return f"{found}; check it, then pass {ack} to share anyway, or --no-outputs."


def _source_path(notebook: str) -> str:
    """The notebook's path as it should appear in the repository by default."""
    rel = notebook.replace(os.sep, "/")
    if os.path.isabs(notebook) or ".." in rel.split("/"):
        return posixpath.basename(rel)
    return posixpath.normpath(rel)


def run_push(args: argparse.Namespace) -> int:
    """Push the notebook; prints the result as JSON."""
    from ..core.notebook import read_notebook_file
    from ..core.push import PushRequest, push_notebook
    from ..core.state import ShareStore

    nb = read_notebook_file(args.notebook)
    _enforce(nb, "push", args)
    account = _account(args)
    request = PushRequest(
        repo=args.repo,
        branch=args.branch,
        new_branch_from=args.new_branch_from,
        target_path=args.path,
        message=args.message,
        colab_link=args.colab_link,
        with_py=args.with_py,
        no_outputs=args.no_outputs,
        force=args.force,
    )
    result = push_notebook(
        account.client(),
        nb,
        source_path=_source_path(args.notebook),
        request=request,
        store=ShareStore(),
        key=os.path.abspath(args.notebook),
        web_url=account.web_url,
    )
    print(json.dumps(result, indent=2))
    return 0


def run_gist(args: argparse.Namespace) -> int:
    """Create or update the notebook's gist; prints the result as JSON."""
    from ..core.notebook import read_notebook_file
    from ..core.push import share_gist
    from ..core.state import ShareStore

    nb = read_notebook_file(args.notebook)
    _enforce(nb, "gist", args)
    account = _account(args)
    result = share_gist(
        account.client(),
        nb,
        source_path=_source_path(args.notebook),
        store=ShareStore(),
        key=os.path.abspath(args.notebook),
        public=args.public,
        with_py=args.with_py,
        no_outputs=args.no_outputs,
        description=args.description,
    )
    print(json.dumps(result, indent=2))
    return 0
