"""``jupyter cloudshare push`` and ``jupyter cloudshare gist``: share from the command line.

The admin's settings hold as on the server (features, the sharing policy, the
scanner settings, the GitHub API root): see :mod:`.config`. The token is found
as the server finds it (the hub's, ``GITHUB_TOKEN``, ``GH_TOKEN``, then the
one entered in JupyterLab). The result is printed as JSON with the same keys
as the HTTP API.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
from typing import Any

from .guard import check_share, github_api_root, require_feature


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("notebook", metavar="NOTEBOOK", help="path to the notebook")
    parser.add_argument("--with-py", action="store_true", help="also save the exported .py")
    parser.add_argument("--no-outputs", action="store_true", help="share without outputs")
    parser.add_argument(
        "--api-url",
        default=None,
        help="GitHub API root, the same as --CloudShareApp.github_api_url=URL (default: the "
        "server's setting); GitHub Enterprise: https://HOST/api/v3",
    )
    parser.add_argument(
        "--acknowledge",
        metavar="FP",
        default=None,
        help="under a 'warn' policy, share although the sensitive-data check found "
        "something: the fingerprint its refusal printed",
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
    push.add_argument(
        "--pull-request",
        action="store_true",
        help="then open a pull request of --branch (title and body from --message)",
    )
    push.add_argument(
        "--base",
        default=None,
        metavar="BRANCH",
        help="the pull request's base (default: the branch the new one was made from)",
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


def _prepare(args: argparse.Namespace, action: str) -> tuple[Any, Any]:
    """The checks a share makes before GitHub is contacted: ``(app, decision)``."""
    from ..core.notebook import read_notebook_file

    app = args.app
    # docs/github.md: --api-url, else $CLOUDSHARE_GITHUB_API_URL, else the server's setting.
    app.github_api_url = github_api_root(
        app, args.api_url or os.environ.get("CLOUDSHARE_GITHUB_API_URL")
    )
    require_feature(app, "github")
    if action == "gist":
        require_feature(app, "gist")
    nb = read_notebook_file(args.notebook, max_bytes=app.max_notebook_bytes)
    decision = check_share(
        app,
        nb,
        action,
        acknowledge=args.acknowledge,
        without_outputs=args.no_outputs,
        name=_source_path(args.notebook),
    )
    return app, decision


def _source_path(notebook: str) -> str:
    """The notebook's path as it should appear in the repository by default."""
    rel = notebook.replace(os.sep, "/")
    if os.path.isabs(notebook) or ".." in rel.split("/"):
        return posixpath.basename(rel)
    return posixpath.normpath(rel)


def run_push(args: argparse.Namespace) -> int:
    """Push the notebook; prints the result as JSON."""
    from ..core.push import PushRequest, push_notebook

    app, decision = _prepare(args, "push")
    account = app.github_account()
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
        decision.notebook,
        source_path=_source_path(args.notebook),
        request=request,
        store=app.share_store(),
        key=os.path.abspath(args.notebook),
        web_url=account.web_url,
    )
    from ..core.sync import link_after_push

    store, key = app.share_store(), os.path.abspath(args.notebook)
    with open(args.notebook, "rb") as handle:
        link_after_push(store, key, account.api_url, result, handle.read())
    if args.pull_request:
        result["pullRequest"] = _pull_request(account.client(), args, result)
    print(json.dumps({**result, "policy": decision.to_json()}, indent=2))
    return 0


def _pull_request(client: Any, args: argparse.Namespace, result: dict[str, Any]) -> Any:
    """Open the pull request of the pushed branch: ``{"number", "url"}``."""
    from ..core.pulls import create_pull_request, title_and_body

    base = args.base or args.new_branch_from
    if not base:
        from ..core.github import parse_repo

        owner, name = parse_repo(result["repo"])
        base = str(client.get_repo(owner, name).get("default_branch") or "main")
    title, body = title_and_body(args.message, result["branch"])
    pr = create_pull_request(
        client, result["repo"], head=result["branch"], base=base, title=title, body=body
    )
    return {"number": pr["number"], "url": pr["url"]}


def run_gist(args: argparse.Namespace) -> int:
    """Create or update the notebook's gist; prints the result as JSON."""
    from ..core.push import share_gist

    app, decision = _prepare(args, "gist")
    account = app.github_account()
    result = share_gist(
        account.client(),
        decision.notebook,
        source_path=_source_path(args.notebook),
        store=app.share_store(),
        key=os.path.abspath(args.notebook),
        public=args.public,
        with_py=args.with_py,
        no_outputs=args.no_outputs,
        description=args.description,
    )
    from ..core.sync import link_after_gist

    with open(args.notebook, "rb") as handle:
        local = handle.read()
    key = os.path.abspath(args.notebook)
    link_after_gist(
        app.share_store(), key, account.api_url, result, decision.notebook, args.no_outputs, local
    )
    print(json.dumps({**result, "policy": decision.to_json()}, indent=2))
    return 0
