"""``jupyter cloudshare open | status | pull``: the two-way GitHub link from the command line.

Links are kept in the same share records as pushes, keyed by the notebook's
absolute path; a linked notebook remembers its GitHub API root, so only
``open`` takes ``--api-url``. Exit codes of ``pull``: 0 updated, in sync or
only local changes; 3 diverged (the local file untouched, the remote copy
written beside it as ``NAME.remote.ipynb``); 4 the remote file is gone.
Failures of ``open``, ``status`` and ``pull`` (a bad URL, no access, GitHub
unreachable or failing, an existing file...) print one line on stderr and
exit 1, never 3 or 4; a command-line usage error exits 2 (argparse).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .guard import github_api_root, require_feature

EXIT_FAILURE = 1
EXIT_DIVERGED = 3
EXIT_REMOTE_MISSING = 4


def register(subparsers: Any) -> None:
    """Add the ``open``, ``status`` and ``pull`` subcommands."""
    op = subparsers.add_parser(
        "open",
        help="open a notebook from GitHub or a gist (by URL) and link it",
        description="Save the notebook a GitHub, raw, Colab, nbviewer or gist URL points at, "
        "linked to it so that status, pull and push know where it came from.",
    )
    op.add_argument("url", metavar="URL")
    op.add_argument(
        "-o",
        "--output",
        metavar="PATH",
        default=None,
        help="a file, or an existing folder that receives the remote file's name "
        "(default: the current folder)",
    )
    op.add_argument("--overwrite", action="store_true", help="replace an existing local file")
    op.add_argument("--json", action="store_true", help="print the result as JSON")
    op.add_argument(
        "--api-url",
        default=None,
        help="GitHub API root (default: from the URL's host and the server's setting)",
    )
    op.set_defaults(func=run_open, failure_exit=EXIT_FAILURE)

    st = subparsers.add_parser(
        "status",
        help="say whether linked notebooks are in sync with GitHub",
        description="The sync state of each NOTEBOOK: in-sync, local-changes, remote-changes, "
        "diverged, remote-missing or not-linked.",
    )
    st.add_argument("notebooks", metavar="NOTEBOOK", nargs="+")
    st.add_argument("--json", action="store_true", help="print a JSON list")
    st.set_defaults(func=run_status, failure_exit=EXIT_FAILURE)

    pl = subparsers.add_parser(
        "pull",
        help="bring a linked notebook up to date with GitHub",
        description="Replace NOTEBOOK with the remote version when only the remote changed; "
        "when both changed, leave it alone and write the remote beside it (exit 3); "
        "exit 4 when the remote file is gone.",
    )
    pl.add_argument("notebook", metavar="NOTEBOOK")
    pl.add_argument("--json", action="store_true", help="print the result as JSON")
    pl.set_defaults(func=run_pull, failure_exit=EXIT_FAILURE)


def _account(app: Any, api_url: str | None) -> Any:
    import dataclasses

    account = app.github_account()
    if api_url and api_url.rstrip("/") != account.api_url:
        account = dataclasses.replace(account, api_url=api_url.rstrip("/"), web_url="")
    return account


def _read_client(account: Any) -> Any:
    """The account's client, or an anonymous one (public notebooks) when there is no token."""
    from ..core.github import GitHubClient

    if account.credential() is not None:
        return account.client()
    return GitHubClient(
        None, account.api_url, timeout=account.timeout, max_retries=account.max_retries
    )


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step (a reader sees the old or the new file)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _print(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, indent=2) if args.json else text)


def run_open(args: argparse.Namespace) -> int:
    """Fetch, save and link; prints the local path and the remote location."""
    from ..core.ghurl import api_url_for, parse_github_url
    from ..core.sync import (
        check_notebook_bytes,
        exists_error,
        fetch,
        public_remote,
        remember_link,
        target_path,
    )

    app = args.app
    require_feature(app, "github")
    location = parse_github_url(args.url)
    # As push: --api-url, else $CLOUDSHARE_GITHUB_API_URL, else from the URL and the setting.
    explicit = args.api_url or os.environ.get("CLOUDSHARE_GITHUB_API_URL", "").strip()
    api_url = github_api_root(app, explicit or api_url_for(location, app.github_api_url))
    remote = fetch(_read_client(_account(app, api_url)), location)
    check_notebook_bytes(remote.data, remote.name)
    path = Path(target_path(args.output, remote.name, lambda p: Path(p).is_dir()))
    if path.exists() and not args.overwrite:
        raise exists_error(str(path))
    if not path.parent.is_dir():
        from ..core.errors import NotFoundError

        raise NotFoundError(f"The folder '{path.parent}' does not exist.")
    write_atomic(path, remote.data)
    remember_link(app.share_store(), os.path.abspath(path), remote.link, remote.data)
    result = {"path": str(path), "remote": public_remote(remote.link), "state": "in-sync"}
    _print(args, result, str(path))
    return 0


def _local(path: str) -> bytes:
    from ..core.errors import NotFoundError

    try:
        return Path(path).read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise NotFoundError(f"No notebook file '{path}'.") from None


def run_status(args: argparse.Namespace) -> int:
    """The state of each notebook."""
    from ..core.sync import linked, refresh_etag, sync_status

    app = args.app
    require_feature(app, "github")
    store = app.share_store()
    out = []
    for name in args.notebooks:
        local = _local(name)
        key = os.path.abspath(name)
        link = linked(store, key)
        client = _account(app, link.get("apiUrl")).client() if link else None
        status = sync_status(client, link, local)  # type: ignore[arg-type]
        refresh_etag(store, key, status)
        out.append(status.to_json(name))
    _print(args, out, "\n".join(f"{s['notebook']}: {s['state']}" for s in out))
    return 0


def run_pull(args: argparse.Namespace) -> int:
    """Pull one notebook; exit 0, 3 (diverged) or 4 (remote missing)."""
    from ..core.errors import InvalidRequestError
    from ..core.sync import linked, plan_pull, remember_link, remote_copy_path

    app = args.app
    require_feature(app, "github")
    store = app.share_store()
    path = Path(args.notebook)
    local = _local(args.notebook)
    key = os.path.abspath(path)
    link = linked(store, key)
    if link is None:
        raise InvalidRequestError(
            f"'{args.notebook}' is not linked to GitHub; open it from GitHub or push it first.",
            code="not_linked",
        )
    plan = plan_pull(_account(app, link.get("apiUrl")).client(), link, local)
    result: dict[str, Any] = {**plan.status.to_json(args.notebook), "action": plan.action}
    code = 0
    if plan.action == "updated" and plan.data is not None and plan.link is not None:
        write_atomic(path, plan.data)
        remember_link(store, key, plan.link, plan.data)
        result["state"] = "in-sync"
    elif plan.action == "diverged" and plan.data is not None:
        beside = Path(remote_copy_path(str(path)))
        write_atomic(beside, plan.data)
        result.update(remoteCopy=str(beside), diff=plan.diff, canMerge=plan.merged is not None)
        code = EXIT_DIVERGED
    elif plan.action == "remote-missing":
        code = EXIT_REMOTE_MISSING
    text = f"{args.notebook}: {result['state']} ({result['action']})"
    if "remoteCopy" in result:
        text += f"; the remote version is in {result['remoteCopy']}"
    _print(args, result, text)
    return code
