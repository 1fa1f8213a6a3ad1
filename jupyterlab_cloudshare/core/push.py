"""'Save a copy in GitHub' and Gists: what lands where, without losing anyone's work.

The local notebook is never modified: the copy pushed may differ (no outputs,
a Colab badge cell). One file on an existing branch goes through the Contents
API (a GET for the blob sha, a PUT with it); several files (notebook + .py)
become one commit through the Git Data API, the branch moved only by a
fast-forward. A push refuses (409 ``remote_changed``) to replace a remote file
that changed since this notebook last pushed it, or that it never pushed;
``force`` replaces such a file with a normal commit on top of the current
head. No ref is ever force-updated.

Where each notebook went is remembered in a :class:`~.state.ShareStore`: kind
``"push"``/``"gist"`` holds the latest share (read by the links code), and
``"push@API"``/``"gist@API"`` the latest per GitHub API root, so github.com and
an Enterprise server never mix.
"""

from __future__ import annotations

import copy
import posixpath
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote

from .echo import shown
from .errors import ConflictError, FileTooLargeError, GitHubError, InvalidRequestError
from .github import MAX_FILE_BYTES, GitHubClient, blob_sha, parse_repo
from .notebook import strip_outputs, to_ipynb_json
from .settings import is_enterprise
from .state import ShareStore, kind_for_api, last_record

DEFAULT_MESSAGE = "Created using jupyterlab-cloudshare"
COLAB_CELL_ID = "view-in-github"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
ENTERPRISE_NOTE = (
    "Colab opens notebooks from github.com only, so no Colab link was added for this "
    "GitHub Enterprise server."
)


@dataclass
class PushRequest:
    """What the user asked for in 'Save a copy in GitHub'."""

    repo: str
    branch: str | None = None
    new_branch_from: str | None = None
    target_path: str | None = None
    message: str | None = None
    colab_link: bool = False
    with_py: bool = False
    no_outputs: bool = False
    force: bool = False


# ---------------------------------------------------------------------------
# records
# ---------------------------------------------------------------------------
def _remember(store: ShareStore, key: str, kind: str, record: dict[str, Any]) -> None:
    store.update(key, kind, record)
    store.update(key, kind_for_api(kind, record["apiUrl"]), record)


# ---------------------------------------------------------------------------
# the pushed copy
# ---------------------------------------------------------------------------
def add_colab_link(nb: dict[str, Any], colab_url: str) -> dict[str, Any]:
    """A copy of ``nb`` whose first cell is Colab's 'Open In Colab' badge.

    Written as Colab writes it (cell metadata id ``view-in-github``,
    ``colab.include_colab_link``); an existing badge cell is replaced.
    """
    out = copy.deepcopy(nb)
    cells = [
        c
        for c in out.get("cells", [])
        if c.get("id") != COLAB_CELL_ID and (c.get("metadata") or {}).get("id") != COLAB_CELL_ID
    ]
    cell: dict[str, Any] = {
        "cell_type": "markdown",
        "metadata": {"id": COLAB_CELL_ID, "colab_type": "text"},
        "source": (
            f'<a href="{colab_url}" target="_parent"><img src="{COLAB_BADGE}" '
            'alt="Open In Colab"/></a>'
        ),
    }
    # Cell ids exist from nbformat 4.5 on; an older notebook must not get one.
    if out.get("nbformat_minor", 0) >= 5:
        cell["id"] = COLAB_CELL_ID
    out["cells"] = [cell, *cells]
    metadata = dict(out.get("metadata") or {})
    found = metadata.get("colab")
    colab = dict(found) if isinstance(found, dict) else {}
    colab["include_colab_link"] = True
    metadata["colab"] = colab
    out["metadata"] = metadata
    return out


def _clean_path(path: str) -> str:
    norm = posixpath.normpath("/" + (path or "").replace("\\", "/")).lstrip("/")
    if not norm or norm == "." or any(p == ".." for p in path.replace("\\", "/").split("/")):
        raise InvalidRequestError(f"'{shown(path)}' is not a usable path in a repository.")
    return norm


def _py_name(path: str, extension: str) -> str:
    ext = extension if extension.startswith(".") else f".{extension}"
    root, old = posixpath.splitext(path)
    return (root if old == ".ipynb" else path) + ext


def _export_py(nb: dict[str, Any], name: str, source_url: str | None) -> tuple[str, str]:
    from .export import export_notebook

    result = export_notebook(nb, "colab", name=name, source_url=source_url)
    return str(result.text), str(result.extension)


def _check_size(files: dict[str, bytes]) -> None:
    for path, data in files.items():
        if len(data) > MAX_FILE_BYTES:
            raise FileTooLargeError(
                f"'{shown(path)}' would be {len(data) / 1e6:.1f} MB; GitHub refuses files over "
                f"{MAX_FILE_BYTES / 1e6:.0f} MB. Try 'Without outputs'.",
                details={"size": len(data), "limit": MAX_FILE_BYTES},
            )


def _get(data: Any, *keys: str) -> Any:
    """``data[k1][k2]...`` of GitHub JSON, ``None`` where a level is missing or not an object."""
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _html_url(web_url: str, owner: str, repo: str, branch: str, path: str) -> str:
    return (
        f"{web_url.rstrip('/')}/{quote(owner)}/{quote(repo)}/blob/"
        f"{quote(branch, safe='/')}/{quote(path, safe='/')}"
    )


def _conflict(repo: str, branch: str, path: str, remote_sha: str | None) -> ConflictError:
    return ConflictError(
        f"'{shown(path)}' in {repo} ({shown(branch)}) changed on GitHub since this notebook "
        "last pushed it, "
        "or was not pushed from here; overwrite it, push to a new branch, or cancel.",
        code="remote_changed",
        details={"repo": repo, "branch": branch, "path": path, "remoteSha": remote_sha},
    )


def _branch_missing(err: GitHubError) -> bool:
    text = str(err.details.get("githubMessage", "")).lower()
    return err.status in (404, 422) and "branch" in text and "not found" in text


def _is_race(err: GitHubError, *words: str) -> bool:
    if isinstance(err, ConflictError):
        return True
    text = str(err.details.get("githubMessage", "")).lower()
    return err.status == 422 and any(w in text for w in words)


# ---------------------------------------------------------------------------
# push
# ---------------------------------------------------------------------------
def push_notebook(
    client: GitHubClient,
    nb: dict[str, Any],
    *,
    source_path: str,
    request: PushRequest,
    store: ShareStore,
    key: str,
    web_url: str,
) -> dict[str, Any]:
    """Save a copy of ``nb`` in a GitHub repository; returns the push result.

    ``source_path`` is the notebook's own path (the default target path).
    Raises :class:`ConflictError` (``remote_changed``) rather than replace a
    remote change, and leaves the remote as it was on any failure.
    """
    owner, name = parse_repo(request.repo)
    repo = f"{owner}/{name}"
    path = _clean_path(request.target_path or source_path)
    api_url = client.api_url
    previous = last_record(store, key, "push", api_url)
    if previous and str(previous.get("repo", "")).lower() != repo.lower():
        previous = None

    new_branch = bool(request.new_branch_from)
    branch = (request.branch or "").strip()
    if new_branch and not branch:
        raise InvalidRequestError("Name the new branch to create.")
    if not branch:
        branch = str(previous["branch"]) if previous else ""
    if not branch:
        branch = str(client.get_repo(owner, name).get("default_branch") or "main")

    enterprise = is_enterprise(api_url)
    note: str | None = None
    colab_url: str | None = None
    if enterprise:
        if request.colab_link:
            note = ENTERPRISE_NOTE
    else:
        from .links import colab_github_url

        colab_url = colab_github_url(owner, name, branch, path)

    pushed = strip_outputs(nb) if request.no_outputs else nb
    if request.colab_link and colab_url:
        pushed = add_colab_link(pushed, colab_url)
    html_url = _html_url(web_url, owner, name, branch, path)
    files: dict[str, bytes] = {path: to_ipynb_json(pushed).encode("utf-8")}
    if request.with_py:
        text, ext = _export_py(pushed, posixpath.basename(path), colab_url or html_url)
        files[_py_name(path, ext)] = text.encode("utf-8")
    _check_size(files)
    message = (request.message or "").strip() or DEFAULT_MESSAGE

    remembered: dict[str, str] = {}
    if previous:
        prev_files = previous.get("files")
        if isinstance(prev_files, dict):
            remembered = {str(k): str(v) for k, v in prev_files.items()}
        elif previous.get("path") and previous.get("blobSha"):
            remembered = {str(previous["path"]): str(previous["blobSha"])}

    def check(file_path: str, remote: str | None) -> None:
        if remote is None or request.force:
            return
        if remote in (blob_sha(files[file_path]), remembered.get(file_path)):
            return
        raise _conflict(repo, branch, file_path, remote)

    def push_new_branch(base: str) -> str:
        # Objects first, the ref last: a failure leaves no half-made branch behind.
        head, tree = client.get_branch(owner, name, base)
        commit = _commit(client, owner, name, files, message, head, tree)
        try:
            client.create_branch(owner, name, branch, commit)
        except GitHubError as err:
            if err.status == 422:
                raise GitHubError(
                    f"Branch '{shown(branch)}' already exists in {repo}; pick it or choose another "
                    "name.",
                    code="branch_exists",
                    status=409,
                ) from None
            raise
        return commit

    def default_branch() -> str:
        return str(client.get_repo(owner, name).get("default_branch") or "main")

    created = True
    if new_branch:
        commit = push_new_branch(str(request.new_branch_from))
    elif len(files) == 1:
        remote = client.content_sha(owner, name, path, branch)
        check(path, remote)
        created = remote is None
        try:
            result = client.put_content(
                owner, name, path, files[path], message=message, branch=branch, sha=remote
            )
            commit = str(_get(result, "commit", "sha") or "")
        except GitHubError as err:
            if _is_race(err, "sha"):
                raise _conflict(repo, branch, path, None) from None
            if not (remote is None and _branch_missing(err)):
                raise
            # The branch does not exist yet: make it from the default branch.
            new_branch = True
            commit = push_new_branch(default_branch())
    else:
        try:
            head, tree = client.get_branch(owner, name, branch)
        except GitHubError as err:
            if err.status != 404:
                raise
            head = tree = ""
        if not head:
            new_branch = True
            commit = push_new_branch(default_branch())
        else:
            for file_path in files:
                remote = client.content_sha(owner, name, file_path, head)
                check(file_path, remote)
                if file_path == path:
                    created = remote is None
            commit = _commit(client, owner, name, files, message, head, tree)
            try:
                client.fast_forward(owner, name, branch, commit)
            except GitHubError as err:
                if _is_race(err, "fast forward", "fast-forward"):
                    raise _conflict(repo, branch, path, None) from None
                raise

    shas = {p: blob_sha(data) for p, data in files.items()}
    record = {
        "apiUrl": api_url,
        "repo": repo,
        "branch": branch,
        "path": path,
        "blobSha": shas[path],
        "commitSha": commit,
        "htmlUrl": html_url,
        "colabUrl": colab_url,
        "pushedAt": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "files": shas,
    }
    _remember(store, key, "push", record)
    response: dict[str, Any] = {
        "repo": repo,
        "branch": branch,
        "path": path,
        "commitSha": commit,
        "htmlUrl": html_url,
        "colabUrl": colab_url,
        "files": list(files),
        "created": created,
        "newBranch": new_branch,
    }
    if note:
        response["note"] = note
    return response


def _commit(
    client: GitHubClient,
    owner: str,
    name: str,
    files: dict[str, bytes],
    message: str,
    head: str,
    tree: str,
) -> str:
    texts = {p: data.decode("utf-8") for p, data in files.items()}
    new_tree = client.create_tree(owner, name, tree, texts)
    return client.create_commit(owner, name, message, new_tree, head)


# ---------------------------------------------------------------------------
# gists
# ---------------------------------------------------------------------------
def share_gist(
    client: GitHubClient,
    nb: dict[str, Any],
    *,
    source_path: str,
    store: ShareStore,
    key: str,
    public: bool = False,
    with_py: bool = False,
    no_outputs: bool = False,
    description: str | None = None,
) -> dict[str, Any]:
    """Create a gist of ``nb`` (secret unless ``public``), or update this notebook's gist."""
    filename = posixpath.basename(source_path.replace("\\", "/")) or "notebook.ipynb"
    pushed = strip_outputs(nb) if no_outputs else nb
    files: dict[str, str] = {filename: to_ipynb_json(pushed)}
    if with_py:
        text, ext = _export_py(pushed, filename, None)
        files[_py_name(filename, ext)] = text
    _check_size({n: t.encode("utf-8") for n, t in files.items()})

    previous = last_record(store, key, "gist", client.api_url)
    data: dict[str, Any] | None = None
    if previous and previous.get("id"):
        data = client.update_gist(str(previous["id"]), files, description=description)
    created = data is None
    if data is None:
        text = description if description is not None else filename
        data = _create_gist_once(client, store, key, files, public=public, description=text)
    gist_id = str(data.get("id") or "")
    owner = str(_get(data, "owner", "login") or "")
    colab_url: str | None = None
    if not is_enterprise(client.api_url) and owner:
        from .links import colab_gist_url

        colab_url = colab_gist_url(owner, gist_id, filename)
    html_url = str(data.get("html_url") or "")
    record = {
        "apiUrl": client.api_url,
        "id": gist_id,
        "htmlUrl": html_url,
        "colabUrl": colab_url,
        "files": list(files),
    }
    _remember(store, key, "gist", record)
    return {
        "gistId": gist_id,
        "htmlUrl": html_url,
        "colabUrl": colab_url,
        "created": created,
        "files": list(files),
    }


#: How far before a lost gist creation its gist may carry a timestamp (clock skew).
_PENDING_SKEW = timedelta(minutes=10)


def _create_gist_once(
    client: GitHubClient,
    store: ShareStore,
    key: str,
    files: dict[str, str],
    *,
    public: bool,
    description: str,
) -> dict[str, Any]:
    """Create a gist, unless one made by an earlier attempt whose answer was lost exists.

    Before the POST a "pending" record (description, file names, time) is
    remembered; it is cleared once GitHub answers. When it is still there on
    the next share, the user's gists updated since then are searched for one
    with that description and those files: found, it is updated instead of a
    second gist being created.
    """
    pending_kind = kind_for_api("gist-pending", client.api_url)
    pending = store.get(key).get(pending_kind)
    if isinstance(pending, dict) and isinstance(pending.get("since"), str):
        for gist in client.recent_gists(pending["since"]):
            names = gist.get("files")
            if (
                gist.get("description") == pending.get("description")
                and isinstance(names, dict)
                and sorted(names) == pending.get("files")
                and isinstance(gist.get("id"), str)
            ):
                found = client.update_gist(gist["id"], files, description=description)
                if found is not None:
                    store.update(key, pending_kind, None)
                    return found
    since = datetime.now(timezone.utc) - _PENDING_SKEW
    store.update(
        key,
        pending_kind,
        {
            "apiUrl": client.api_url,
            "description": description,
            "files": sorted(files),
            "since": since.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    )
    try:
        data = client.create_gist(files, public=public, description=description)
    except GitHubError as err:
        if err.code != "github_result_unknown":
            store.update(key, pending_kind, None)  # GitHub answered: nothing was made
            raise
        raise GitHubError(
            f"{err.message} Sharing this notebook again looks for that gist and updates it "
            "rather than making a second one.",
            code=err.code,
            status=err.status,
            details=err.details,
        ) from None
    store.update(key, pending_kind, None)
    return data


# ---------------------------------------------------------------------------
# pickers
# ---------------------------------------------------------------------------
#: Pages of GitHub's repository list one filtered request may read before answering.
MAX_PAGES_PER_FILTER = 5


def list_repos(client: GitHubClient, q: str = "", page: int = 1) -> dict[str, Any]:
    """One page of the user's repositories for the picker, filtered by a substring.

    Without ``q`` this is GitHub's page ``page`` (100 repositories). With
    ``q``, pages are read on until some match or a few pages have been read,
    so a filter over thousands of repositories still answers quickly;
    ``nextPage`` says where to go on.
    """
    needle = q.strip().lower()
    found: list[dict[str, Any]] = []
    next_page: int | None = page
    for _ in range(MAX_PAGES_PER_FILTER if needle else 1):
        if next_page is None:
            break
        repos, next_page = client.list_repos(page=next_page)
        for repo in repos:
            name = str(repo.get("full_name") or "")
            if needle and needle not in name.lower():
                continue
            found.append(
                {
                    "fullName": name,
                    "private": bool(repo.get("private")),
                    "defaultBranch": repo.get("default_branch") or "main",
                    "canPush": _get(repo, "permissions", "push") is True,
                }
            )
        if found:
            break
    return {"repos": found, "nextPage": next_page}


def list_branches(client: GitHubClient, full_name: str) -> dict[str, Any]:
    """The branches of a repository and which one is the default."""
    owner, name = parse_repo(full_name)
    default = str(client.get_repo(owner, name).get("default_branch") or "")
    branches = [
        {"name": str(b.get("name")), "sha": str(_get(b, "commit", "sha") or "")}
        for b in client.list_branches(owner, name)
    ]
    return {"branches": branches, "defaultBranch": default}
