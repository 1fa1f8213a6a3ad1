"""``jupyter cloudshare drive save|open|list|login|logout``: Google Drive from the command line.

The token is found as the server finds it (the hub's, ``GOOGLE_OAUTH_ACCESS_TOKEN``,
then the one stored by ``login``); the administrator's settings
(``CloudShareApp.google_*``, ``share_policy``, the scanner's) are read from the
same Jupyter config files as the server's. ``--api-url`` (or
``$CLOUDSHARE_GOOGLE_API_URL``) and ``--oauth-url`` (or
``$CLOUDSHARE_GOOGLE_OAUTH_URL``) override the API and OAuth roots.

Exit status: 0 on success, 3 when a save meets a change made on Drive since
the last save (nothing is written remotely), 1 with a one-line error otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

API_URL_ENV = "CLOUDSHARE_GOOGLE_API_URL"
OAUTH_URL_ENV = "CLOUDSHARE_GOOGLE_OAUTH_URL"
EXIT_ERROR = 1
EXIT_CONFLICT = 3


def register(subparsers: Any) -> None:
    """Add the ``drive`` subcommand and its own subcommands."""
    drive = subparsers.add_parser(
        "drive",
        help="save notebooks to Google Drive (Colab Notebooks) and open them from there",
        description="Save, open and list notebooks in Google Drive; sign in and out.",
    )
    sub = drive.add_subparsers(dest="drive_command", metavar="ACTION")

    def common(parser: argparse.ArgumentParser, with_json: bool = True) -> None:
        parser.add_argument(
            "--api-url",
            default=None,
            help=f"Google API root (default: ${API_URL_ENV}, the admin's setting, "
            "or https://www.googleapis.com)",
        )
        parser.add_argument(
            "--oauth-url",
            default=None,
            help=f"Google OAuth root (default: ${OAUTH_URL_ENV}, the admin's setting, "
            "or https://oauth2.googleapis.com)",
        )
        if with_json:
            parser.add_argument("--json", action="store_true", help="print the result as JSON")

    save = sub.add_parser(
        "save",
        help="save a copy of a notebook in Drive's 'Colab Notebooks' folder",
        description="Upload NOTEBOOK to Drive (updating the file it was saved to before).",
    )
    save.add_argument("notebook", metavar="NOTEBOOK", help="path to the notebook")
    save.add_argument("--no-outputs", action="store_true", help="save without outputs")
    save.add_argument(
        "--share",
        choices=("none", "reader"),
        default="none",
        help="'reader': anyone with the link can view (default: none, only you)",
    )
    save.add_argument("--folder", default=None, metavar="NAME", help="Drive folder name")
    save.add_argument(
        "--on-conflict",
        choices=("fail", "overwrite", "new"),
        default="fail",
        help="when the Drive file changed since the last save: fail (exit 3, default), "
        "overwrite it, or save a new file",
    )
    save.add_argument(
        "--acknowledge",
        metavar="FP",
        default=None,
        help="save although the sensitive-data check found something (its fingerprint)",
    )
    common(save)
    save.set_defaults(func=run_save)

    opener = sub.add_parser(
        "open",
        help="download a notebook from Drive (by id, Drive link or Colab link)",
        description="Download a Drive notebook; later saves of it go back to that file.",
    )
    opener.add_argument("target", metavar="ID_OR_URL", help="file id, Drive or Colab URL")
    opener.add_argument("-o", "--output", default=None, metavar="PATH", help="where to write it")
    opener.add_argument("--force", action="store_true", help="replace an existing file")
    common(opener)
    opener.set_defaults(func=run_open)

    lister = sub.add_parser("list", help="list the notebooks in 'Colab Notebooks'")
    lister.add_argument("--folder", default=None, metavar="NAME", help="Drive folder name")
    common(lister)
    lister.set_defaults(func=run_list)

    login = sub.add_parser("login", help="sign in with Google (device flow) and keep the token")
    common(login, with_json=False)
    login.set_defaults(func=run_login)

    logout = sub.add_parser("logout", help="revoke and delete the stored Google token")
    common(logout, with_json=False)
    logout.set_defaults(func=run_logout)

    drive.set_defaults(func=lambda args: _usage(drive))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 2


# ---- settings ------------------------------------------------------------------
def load_app() -> Any:
    """The administrator's CloudShareApp settings, read as the server reads them."""
    try:
        from .config import load_app as shared_loader  # the CLI's common loader, when present
    except ImportError:
        shared_loader = None
    if shared_loader is not None:
        return shared_loader([])
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import JSONFileConfigLoader, PyFileConfigLoader

    from ..app import CloudShareApp

    config = Config()
    # jupyter_config_path() lists the most specific directory first; merge it last.
    for directory in reversed(jupyter_config_path()):
        for loader in (JSONFileConfigLoader, PyFileConfigLoader):
            name = "jupyter_server_config" + (".json" if loader is JSONFileConfigLoader else ".py")
            if os.path.isfile(os.path.join(directory, name)):
                config.merge(loader(name, path=directory).load_config())
    return CloudShareApp(config=config)


def _account(args: argparse.Namespace, app: Any) -> Any:
    account = app.google_account()
    api = args.api_url or os.environ.get(API_URL_ENV)
    oauth = args.oauth_url or os.environ.get(OAUTH_URL_ENV)
    if api:
        account.api_url = api.rstrip("/")
    if oauth:
        account.oauth_url = oauth.rstrip("/")
    return account


def _fail(err: Any) -> int:
    print(f"jupyter cloudshare drive: {err.message}", file=sys.stderr)
    from ..core.errors import DriveConflictError

    return EXIT_CONFLICT if isinstance(err, DriveConflictError) else EXIT_ERROR


def _guarded(run: Any) -> Any:
    """Turn core errors into one line and the issue's exit codes (0, 1, 3)."""

    def wrapper(args: argparse.Namespace) -> int:
        from ..core.errors import CloudShareError

        try:
            return int(run(args))
        except CloudShareError as err:
            return _fail(err)

    wrapper.__doc__ = run.__doc__
    return wrapper


def _enforce(app: Any, nb: dict[str, Any], args: argparse.Namespace) -> dict[str, Any]:
    """The admin's policy for "drive" (and "link" when shared with anyone with the link).

    Returns the notebook that may leave (under "block", what the scanner read).
    """
    from .guard import check_share

    actions = ("drive", "link") if args.share == "reader" else ("drive",)
    decision = check_share(
        app,
        nb,
        actions,
        acknowledge=args.acknowledge,
        without_outputs=args.no_outputs,
        name=os.path.basename(args.notebook),
    )
    shared: dict[str, Any] = decision.notebook
    return shared


def _print(result: dict[str, Any], as_json: bool, lines: list[str]) -> None:
    if as_json:
        print(json.dumps(result, indent=2))
    else:
        print("\n".join(lines))


# ---- the commands -----------------------------------------------------------------
@_guarded
def run_save(args: argparse.Namespace) -> int:
    """Save the notebook to Drive; prints the result."""
    from ..core.drive import DEFAULT_FOLDER, save_notebook
    from ..core.errors import DriveConflictError, NotFoundError
    from ..core.notebook import read_notebook, strip_outputs, to_ipynb_json
    from ..core.state import ShareStore

    app = load_app()
    try:
        with open(args.notebook, "rb") as handle:
            data = handle.read(app.max_notebook_bytes + 1)
    except OSError as err:
        raise NotFoundError(f"Cannot read '{args.notebook}': {err.strerror}.") from None
    if len(data) > app.max_notebook_bytes:
        from ..core.errors import FileTooLargeError

        raise FileTooLargeError(f"'{args.notebook}' is larger than the configured limit.")
    nb = read_notebook(data, args.notebook)
    shared = _enforce(app, nb, args)
    if args.no_outputs:
        data = to_ipynb_json(strip_outputs(shared)).encode("utf-8")
    elif shared is not nb:
        data = to_ipynb_json(shared).encode("utf-8")
    client, email = _account(args, app).connect()
    try:
        result = save_notebook(
            client,
            data,
            name=os.path.basename(args.notebook),
            store=ShareStore(),
            key=os.path.abspath(args.notebook),
            account=email,
            folder=args.folder or DEFAULT_FOLDER,
            share=args.share,
            on_conflict=args.on_conflict,
        )
    except DriveConflictError as err:
        raise DriveConflictError(
            err.message.replace(
                "overwrite it, save a new copy, or cancel",
                "nothing was written; rerun with --on-conflict overwrite or --on-conflict new",
            ),
            details=err.details,
        ) from None
    verb = "Saved a new file" if result["created"] else "Updated"
    _print(
        result,
        args.json,
        [f"{verb} in Drive: {result['name']}", result["colabUrl"], result["webViewLink"]],
    )
    return 0


@_guarded
def run_open(args: argparse.Namespace) -> int:
    """Download a Drive notebook and link it to that file; prints where it went."""
    from ..core.drive import colab_url, fetch_notebook, link_opened, local_name, parse_file_id
    from ..core.errors import ConflictError
    from ..core.notebook import read_notebook
    from ..core.state import ShareStore

    file_id = parse_file_id(args.target)
    app = load_app()
    client, email = _account(args, app).connect()
    meta, data = fetch_notebook(client, file_id)
    read_notebook(data, str(meta.get("name") or file_id))
    path = args.output or local_name(str(meta.get("name") or file_id))
    if os.path.isdir(path):
        path = os.path.join(path, local_name(str(meta.get("name") or file_id)))
    try:
        with open(path, "wb" if args.force else "xb") as handle:
            handle.write(data)
    except FileExistsError:
        raise ConflictError(f"'{path}' exists; pass --force to replace it, or -o PATH.") from None
    except OSError as err:
        raise ConflictError(f"Cannot write '{path}': {err.strerror}.") from None
    link_opened(ShareStore(), os.path.abspath(path), email, client.api_url, meta, data)
    result = {
        "path": path,
        "fileId": meta["id"],
        "name": meta.get("name"),
        "colabUrl": colab_url(str(meta["id"])),
        "webViewLink": meta.get("webViewLink"),
    }
    _print(result, args.json, [f"Opened {meta.get('name')} from Drive into {path}"])
    return 0


@_guarded
def run_list(args: argparse.Namespace) -> int:
    """List the notebooks in the folder."""
    from ..core.drive import DEFAULT_FOLDER, list_notebooks
    from ..core.state import ShareStore

    app = load_app()
    client, email = _account(args, app).connect()
    result = list_notebooks(client, ShareStore(), email, args.folder or DEFAULT_FOLDER)
    lines = [
        f"{f['fileId']}  {f.get('modifiedTime') or '':24}  {f.get('name')}  ({f.get('owner')})"
        for f in result["files"]
    ]
    _print(result, args.json, lines or ["No notebooks in Drive's folder."])
    return 0


@_guarded
def run_login(args: argparse.Namespace) -> int:
    """Sign in with Google's device flow in the terminal and keep the token (0600)."""
    from ..core.google_auth import GoogleDeviceFlow

    account = _account(args, load_app())
    flow = GoogleDeviceFlow(account)
    session = flow.start()
    print(f"Open {session.verification_uri} and enter the code {session.user_code}")
    print("Waiting for you to approve...", flush=True)
    while True:
        result = flow.poll()
        if result.status == "signed_in" and result.tokens:
            status = account.save_sign_in(result.tokens)
            print(f"Signed in to Google as {status.get('account')}.")
            return 0
        if result.status in ("denied", "expired"):
            what = "was refused" if result.status == "denied" else "expired"
            print(
                f"jupyter cloudshare drive: the sign-in {what}; run login again.", file=sys.stderr
            )
            return EXIT_ERROR
        assert flow.session is not None
        time.sleep(max(0.2, flow.session.next_poll_at - flow.clock()))


@_guarded
def run_logout(args: argparse.Namespace) -> int:
    """Revoke the stored Google token and delete it."""
    account = _account(args, load_app())
    had = account.tokens().get(account.oauth_url) is not None
    status = account.sign_out()
    if not had:
        print("No stored Google sign-in to remove.")
    elif status.get("revoked"):
        print("Signed out of Google: the token is revoked and deleted.")
    else:
        print("Deleted the stored Google token (Google could not be told to revoke it).")
    return 0
