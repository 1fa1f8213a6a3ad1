"""The two-way GitHub link of a notebook: open from GitHub, sync status, pull.

A notebook is *linked* when it was opened from GitHub or a gist, pulled, or
pushed/shared as a gist from here. The link is one record (kind ``"sync"``)
in the :class:`~.state.ShareStore`:

``{"type": "repo"|"gist", "apiUrl", "repo", "branch", "path", "blobSha",
"gistId", "filename", "revision", "localSha", "localContent", "etag", "syncedAt"}``

``blobSha`` is the git blob id of the remote file at the last sync,
``localSha`` the SHA-256 of the local file's bytes then, ``localContent`` a
hash of its cells (:func:`content_sha`: a save that only rewrote metadata or
the JSON layout is not a local change), ``etag`` GitHub's
ETag of the endpoint last read (a conditional request answered 304 costs no
rate limit). Opening also writes a ``push`` record so that the next push goes
back to the same file with the usual conflict check.

Request budget: open <= 3 (matching refs, contents, blob for files over
1 MB); status <= 1 when nothing changed (304), <= 2 otherwise; pull <= 3
(status, blob, the common ancestor for a merge).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote

from .echo import shown
from .errors import ConflictError, GitHubError, InvalidRequestError, NotebookError
from .ghurl import GistURL, RepoURL, ref_candidates, split_ref
from .github import GitHubClient, Response, blob_sha
from .state import ShareStore, kind_for_api, last_record

SYNC_KIND = "sync"
STATES = ("in-sync", "local-changes", "remote-changes", "diverged", "remote-missing", "not-linked")
#: The server's answer for a linked notebook while no GitHub token is at hand: the
#: remote cannot be compared, and saying so is no error (the notebook opens signed out).
SIGNED_OUT = "signed-out"


def local_sha(data: bytes) -> str:
    """The hash the link keeps of the local file's bytes."""
    return hashlib.sha256(data).hexdigest()


def _joined(value: Any) -> Any:
    """``value`` with nbformat's multi-line string lists joined, at any depth."""
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return "".join(value)
        return [_joined(v) for v in value]
    if isinstance(value, dict):
        return {k: _joined(v) for k, v in value.items()}
    return value


def content_sha(data: bytes) -> str | None:
    """A hash of what a reader sees in a notebook: each cell's type, source and outputs.

    Blind to the JSON layout, cell ids, execution counts and metadata, which
    JupyterLab rewrites on a save without the user changing anything (the
    kernel's ``language_info``, for one); ``None`` when ``data`` is not a notebook.
    """
    try:
        nb = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if not isinstance(cells, list):
        return None
    seen = []
    for cell in cells:
        if not isinstance(cell, dict):
            return None
        outputs = [
            {k: v for k, v in out.items() if k not in ("execution_count", "metadata")}
            for out in cell.get("outputs") or []
            if isinstance(out, dict)
        ]
        seen.append([cell.get("cell_type"), _joined(cell.get("source", "")), _joined(outputs)])
    return hashlib.sha256(json.dumps(seen, sort_keys=True).encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _q(segment: str) -> str:
    return quote(segment, safe="")


def _qpath(path: str) -> str:
    return quote(path.strip("/"), safe="/")


@dataclass
class Remote:
    """A notebook as read from GitHub: its bytes, file name and link fields."""

    data: bytes
    name: str
    link: dict[str, Any]
    requests: int = 0


@dataclass
class Status:
    """The sync state of one notebook; ``remote`` is where it is linked to (or None)."""

    state: str
    remote: dict[str, Any] | None
    remote_data: bytes | None = None
    etag: str | None = None
    remote_sha: str | None = None
    reason: str | None = None
    requests: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self, notebook: str) -> dict[str, Any]:
        """``{"notebook", "state", "remote"}`` as the CLI and the server print it."""
        out: dict[str, Any] = {"notebook": notebook, "state": self.state, "remote": self.remote}
        if self.reason:
            out["reason"] = self.reason
        if "localChanges" in self.extra:
            out["localChanges"] = self.extra["localChanges"]
        return out


# ---------------------------------------------------------------------------
# reading GitHub
# ---------------------------------------------------------------------------
def _get(
    client: GitHubClient,
    path: str,
    *,
    what: str,
    params: dict[str, Any] | None = None,
    etag: str | None = None,
    allow: tuple[int, ...] = (),
) -> Response:
    headers = {"If-None-Match": etag} if etag else None
    return client.request(
        "GET", path, params=params, allow=(304, *allow), what=what, headers=headers
    )


def _json(client: GitHubClient, resp: Response, what: str) -> Any:
    data = resp.json()
    if data is None:
        raise client._bad_answer("GET", what)
    return data


def _decode(client: GitHubClient, data: dict[str, Any], what: str) -> bytes | None:
    """A contents/blob answer's bytes, or ``None`` when not inline (files over 1 MB)."""
    content, encoding = data.get("content"), data.get("encoding")
    if encoding == "base64" and isinstance(content, str):
        try:
            return base64.b64decode("".join(content.split()), validate=True)
        except (binascii.Error, ValueError):
            raise client._bad_answer("GET", what) from None
    if encoding in ("utf-8", "utf8") and isinstance(content, str):
        return content.encode("utf-8")
    return None


def _blob(client: GitHubClient, owner: str, repo: str, sha: str) -> bytes:
    what = f"a file of {owner}/{repo}"
    resp = client.request("GET", f"/repos/{_q(owner)}/{_q(repo)}/git/blobs/{_q(sha)}", what=what)
    data = _json(client, resp, what)
    out = _decode(client, data, what) if isinstance(data, dict) else None
    if out is None or blob_sha(out) != sha:
        raise client._bad_answer("GET", what)
    return out


def _file_answer(
    client: GitHubClient, resp: Response, owner: str, repo: str, path: str
) -> tuple[str, dict[str, Any]]:
    what = f"'{path}' in {owner}/{repo}"
    data = _json(client, resp, what)
    if isinstance(data, list) or (isinstance(data, dict) and data.get("type") == "dir"):
        raise InvalidRequestError(f"'{shown(path)}' is a folder in {owner}/{repo}, not a notebook.")
    if not isinstance(data, dict) or data.get("type") not in (None, "file"):
        raise InvalidRequestError(f"'{shown(path)}' in {owner}/{repo} is not a file.")
    sha = data.get("sha")
    if not isinstance(sha, str) or not sha:
        raise client._bad_answer("GET", what)
    return sha, data


def _contents(
    client: GitHubClient, owner: str, repo: str, path: str, ref: str, etag: str | None = None
) -> Response:
    return _get(
        client,
        f"/repos/{_q(owner)}/{_q(repo)}/contents/{_qpath(path)}",
        params={"ref": ref},
        what=f"'{path}' in {owner}/{repo} ({ref})",
        etag=etag,
        allow=(404,),
    )


def fetch_repo_file(client: GitHubClient, location: RepoURL) -> Remote:
    """The file a repository URL points at (<= 3 requests)."""
    owner, repo = location.owner, location.repo
    requests = 0
    refs: list[str] | None = None
    prefix = ref_candidates(location)
    if prefix is not None:
        resp = _get(
            client,
            f"/repos/{_q(owner)}/{_q(repo)}/git/matching-refs/{_qpath(prefix)}",
            what=f"repository {owner}/{repo}",
        )
        requests += 1
        items = _json(client, resp, f"the branches of {owner}/{repo}")
        refs = [i["ref"] for i in items if isinstance(i, dict) and isinstance(i.get("ref"), str)]
    ref, path = split_ref(location, refs)
    remote = fetch_repo_path(client, location.web_url, f"{owner}/{repo}", ref, path)
    remote.requests += requests
    return remote


def fetch_repo_path(
    client: GitHubClient, web_url: str, full_name: str, ref: str, path: str
) -> Remote:
    """A file of a repository at a known branch, tag or commit (<= 2 requests).

    ``web_url`` is the web root the link's ``htmlUrl`` is made from.
    """
    owner, _, repo = full_name.partition("/")
    path = path.strip("/")
    if not owner or not repo or not ref or not path:
        raise InvalidRequestError("Name the repository, the branch and the notebook's path.")
    resp = _contents(client, owner, repo, path, ref)
    requests = 1
    if resp.status == 404:
        raise GitHubError(
            f"'{shown(path)}' was not found at '{shown(ref)}' in {owner}/{repo}, "
            "or the token has no access to it.",
            code="github_not_found",
            status=404,
        )
    sha, data = _file_answer(client, resp, owner, repo, path)
    content = _decode(client, data, path)
    if content is None:  # over 1 MB: the contents API leaves it out
        content = _blob(client, owner, repo, sha)
        requests += 1
    elif blob_sha(content) != sha:
        raise client._bad_answer("GET", path)
    link = {
        "type": "repo",
        "apiUrl": client.api_url,
        "repo": f"{owner}/{repo}",
        "branch": ref,
        "path": path,
        "blobSha": sha,
        "etag": resp.header("etag") or None,
        "htmlUrl": f"{web_url}/{_q(owner)}/{_q(repo)}/blob/{_qpath(ref)}/{_qpath(path)}",
    }
    return Remote(content, posixpath.basename(path), link, requests)


def _gist_file(
    client: GitHubClient, data: dict[str, Any], gist_id: str, filename: str | None
) -> tuple[str, bytes]:
    files = data.get("files")
    if not isinstance(files, dict):
        raise client._bad_answer("GET", f"gist {gist_id}")
    names = [n for n in files if isinstance(files[n], dict)]
    if filename:
        if filename not in names:
            raise GitHubError(
                f"Gist {gist_id} has no file '{shown(filename)}'.",
                code="github_not_found",
                status=404,
            )
        name = filename
    else:
        notebooks = [n for n in names if n.lower().endswith(".ipynb")]
        if not notebooks:
            raise NotebookError(f"Gist {gist_id} holds no notebook (.ipynb file).")
        name = notebooks[0]
    spec = files[name]
    if spec.get("truncated") or not isinstance(spec.get("content"), str):
        raise GitHubError(
            f"'{shown(name)}' of gist {gist_id} is too large for GitHub's gist API "
            "(over 1 MB); clone the gist instead.",
            code="file_too_large",
            status=413,
        )
    return name, str(spec["content"]).encode("utf-8")


def _gist_revision(data: dict[str, Any]) -> str | None:
    history = data.get("history")
    if isinstance(history, list) and history and isinstance(history[0], dict):
        version = history[0].get("version")
        return version if isinstance(version, str) else None
    return None


def fetch_gist_file(client: GitHubClient, location: GistURL) -> Remote:
    """The notebook of a gist (at a revision when the URL names one): 1 request."""
    gid = location.gist_id
    path = f"/gists/{_q(gid)}" + (f"/{_q(location.revision)}" if location.revision else "")
    resp = _get(client, path, what=f"gist {gid}")
    data = _json(client, resp, f"gist {gid}")
    if not isinstance(data, dict):
        raise client._bad_answer("GET", f"gist {gid}")
    name, content = _gist_file(client, data, gid, location.filename)
    link = {
        "type": "gist",
        "apiUrl": client.api_url,
        "gistId": gid,
        "filename": name,
        "revision": location.revision or _gist_revision(data),
        "blobSha": blob_sha(content),
        # The etag of a revision's URL says nothing about the gist's head.
        "etag": None if location.revision else (resp.header("etag") or None),
        "htmlUrl": str(data.get("html_url") or ""),
    }
    return Remote(content, name, link, 1)


def fetch(client: GitHubClient, location: RepoURL | GistURL) -> Remote:
    """The notebook a parsed URL points at, with its link."""
    if isinstance(location, GistURL):
        return fetch_gist_file(client, location)
    return fetch_repo_file(client, location)


# ---------------------------------------------------------------------------
# opening
# ---------------------------------------------------------------------------
def check_notebook_bytes(data: bytes, name: str) -> None:
    """Refuse (400) a remote file that is not notebook JSON."""
    try:
        nb = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise NotebookError(f"'{shown(name)}' on GitHub is not a notebook (not JSON).") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells", []), list):
        raise NotebookError(f"'{shown(name)}' on GitHub is not a notebook.")


def target_path(requested: str | None, name: str, is_dir: Callable[[str], bool]) -> str:
    """Where an opened notebook goes: ``requested`` (a file, or a folder getting ``name``)."""
    clean = (requested or "").replace("\\", "/").rstrip("/")
    if not clean:
        return name
    if is_dir(clean):
        return f"{clean}/{name}"
    return clean


def exists_error(path: str) -> ConflictError:
    """409 for a local file an open or pull will not replace."""
    return ConflictError(
        f"'{shown(path)}' already exists; choose another path or allow replacing it.",
        code="file_exists",
        details={"path": path},
    )


def link_record(remote_link: dict[str, Any], local: bytes) -> dict[str, Any]:
    """The ``sync`` record of a notebook whose local bytes are ``local``."""
    return {
        **remote_link,
        "localSha": local_sha(local),
        "localContent": content_sha(local),
        "syncedAt": _now(),
    }


def remember_link(store: ShareStore, key: str, link: dict[str, Any], local: bytes) -> None:
    """Link a notebook to ``link``; a repository link is also its last push target."""
    record = link_record(link, local)
    store.update(key, SYNC_KIND, record)
    if link.get("type") == "repo":
        push = {
            "apiUrl": link["apiUrl"],
            "repo": link["repo"],
            "branch": link["branch"],
            "path": link["path"],
            "blobSha": link["blobSha"],
            "htmlUrl": link.get("htmlUrl"),
            "files": {link["path"]: link["blobSha"]},
            "pushedAt": record["syncedAt"],
            "source": "sync",
        }
        store.update(key, "push", push)
        store.update(key, kind_for_api("push", link["apiUrl"]), push)


def link_after_push(
    store: ShareStore, key: str, api_url: str, result: dict[str, Any], local: bytes
) -> None:
    """Record the link a push made (the remote blob is the pushed copy's)."""
    record = last_record(store, key, "push", api_url)
    if not record:
        return
    link = {
        "type": "repo",
        "apiUrl": api_url,
        "repo": record["repo"],
        "branch": record["branch"],
        "path": record["path"],
        "blobSha": record["blobSha"],
        "etag": None,
        "htmlUrl": result.get("htmlUrl"),
    }
    store.update(key, SYNC_KIND, link_record(link, local))


def link_after_gist(
    store: ShareStore,
    key: str,
    api_url: str,
    result: dict[str, Any],
    nb: dict[str, Any],
    no_outputs: bool,
    local: bytes,
) -> None:
    """Record the link a gist share of notebook ``nb`` made (as share_gist wrote it)."""
    from .notebook import strip_outputs, to_ipynb_json

    pushed = to_ipynb_json(strip_outputs(nb) if no_outputs else nb).encode("utf-8")
    files = result.get("files") or []
    link = {
        "type": "gist",
        "apiUrl": api_url,
        "gistId": result.get("gistId"),
        "filename": files[0] if files else None,
        "revision": None,
        "blobSha": blob_sha(pushed),
        "etag": None,
        "htmlUrl": result.get("htmlUrl"),
    }
    store.update(key, SYNC_KIND, link_record(link, local))


# ---------------------------------------------------------------------------
# status
# ---------------------------------------------------------------------------
def linked(store: ShareStore, key: str) -> dict[str, Any] | None:
    """The notebook's link: the ``sync`` record, else its last push or gist."""
    entry = store.get(key)
    record = entry.get(SYNC_KIND)
    if isinstance(record, dict) and record.get("type") in ("repo", "gist"):
        return record
    push = entry.get("push")
    if isinstance(push, dict) and push.get("repo") and push.get("path"):
        return {
            "type": "repo",
            "apiUrl": push.get("apiUrl"),
            "repo": push["repo"],
            "branch": push.get("branch"),
            "path": push["path"],
            "blobSha": push.get("blobSha"),
            "htmlUrl": push.get("htmlUrl"),
        }
    return None


def public_remote(link: dict[str, Any]) -> dict[str, Any]:
    """The remote location as the CLI and the server show it."""
    keys = (
        ("type", "repo", "branch", "path", "blobSha", "apiUrl", "htmlUrl")
        if link.get("type") == "repo"
        else ("type", "gistId", "filename", "revision", "blobSha", "apiUrl", "htmlUrl")
    )
    return {k: link.get(k) for k in keys}


def _local_changed(link: dict[str, Any], local: bytes) -> bool:
    if link.get("localSha"):
        if link["localSha"] == local_sha(local):
            return False
        # Saved again without a change a reader sees (layout, metadata): not a local change.
        known = link.get("localContent")
        return not (known and known == content_sha(local))
    # A push recorded before links existed: the file is unchanged if it is the pushed copy.
    return bool(link.get("blobSha") != blob_sha(local))


def remote_state(client: GitHubClient, link: dict[str, Any]) -> Status:
    """Where the remote stands against the link (1 request; 2 for a file over 1 MB)."""
    remote = public_remote(link)
    if link.get("type") == "gist":
        gid = str(link.get("gistId") or "")
        resp = _get(
            client, f"/gists/{_q(gid)}", what=f"gist {gid}", etag=link.get("etag"), allow=(404,)
        )
        if resp.status == 404:
            return Status("remote-missing", remote, reason="gist deleted", requests=1)
        if resp.status == 304:
            return Status(
                "", remote, etag=link.get("etag"), remote_sha=link.get("blobSha"), requests=1
            )
        data = _json(client, resp, f"gist {gid}")
        if not isinstance(data, dict):
            raise client._bad_answer("GET", f"gist {gid}")
        files = data.get("files")
        name = link.get("filename")
        if not isinstance(files, dict) or name not in files:
            return Status("remote-missing", remote, reason="file removed from the gist", requests=1)
        _, content = _gist_file(client, data, gid, str(name))
        return Status(
            "",
            remote,
            remote_data=content,
            etag=resp.header("etag") or None,
            remote_sha=blob_sha(content),
            requests=1,
            extra={"revision": _gist_revision(data)},
        )
    owner, _, repo = str(link.get("repo") or "").partition("/")
    path, branch = str(link.get("path") or ""), str(link.get("branch") or "")
    resp = _contents(client, owner, repo, path, branch, link.get("etag"))
    if resp.status == 404:
        payload = resp.json()
        message = str(payload.get("message", "")) if isinstance(payload, dict) else ""
        reason = "branch deleted" if "ref" in message.lower() else "file deleted"
        return Status("remote-missing", remote, reason=reason, requests=1)
    if resp.status == 304:
        return Status("", remote, etag=link.get("etag"), remote_sha=link.get("blobSha"), requests=1)
    sha, data = _file_answer(client, resp, owner, repo, path)
    fresh = _decode(client, data, path) if sha != link.get("blobSha") else None
    return Status(
        "",
        remote,
        remote_data=fresh,
        etag=resp.header("etag") or None,
        remote_sha=sha,
        requests=1,
    )


def signed_out_status(link: dict[str, Any], local: bytes) -> Status:
    """The state of a linked notebook when no token can read its remote.

    Only the local side is known: ``reason`` says whether it changed since the last sync.
    """
    changed = _local_changed(link, local)
    reason = (
        "Changed here since the last sync; sign in to GitHub to compare with the remote copy."
        if changed
        else "Sign in to GitHub to compare this notebook with its remote copy."
    )
    return Status(SIGNED_OUT, public_remote(link), reason=reason, extra={"localChanges": changed})


def sync_status(client: GitHubClient, link: dict[str, Any] | None, local: bytes) -> Status:
    """The state of a notebook whose local bytes are ``local``, against its link."""
    if link is None:
        return Status("not-linked", None)
    status = remote_state(client, link)
    if status.state == "remote-missing":
        return status
    local_changed = _local_changed(link, local)
    remote_changed = status.remote_sha != link.get("blobSha")
    if remote_changed and blob_sha(local) == status.remote_sha:
        # Both sides hold the same bytes (e.g. the same edit made in both places).
        local_changed = remote_changed = False
    status.state = {
        (False, False): "in-sync",
        (True, False): "local-changes",
        (False, True): "remote-changes",
        (True, True): "diverged",
    }[(local_changed, remote_changed)]
    return status


def refresh_etag(store: ShareStore, key: str, status: Status) -> None:
    """Keep the newest ETag in the link while the remote file is the one it records.

    The recorded blob itself moves only with an open, a pull or a push.
    """
    record = store.get(key).get(SYNC_KIND)
    if not isinstance(record, dict) or not status.etag or record.get("etag") == status.etag:
        return
    if status.remote_sha != record.get("blobSha"):
        return
    store.update(key, SYNC_KIND, {**record, "etag": status.etag})


def remote_bytes(client: GitHubClient, link: dict[str, Any], status: Status) -> bytes:
    """The remote file's bytes for a pull (one more request when over 1 MB)."""
    if status.remote_data is not None:
        return status.remote_data
    owner, _, repo = str(link.get("repo") or "").partition("/")
    status.requests += 1
    return _blob(client, owner, repo, str(status.remote_sha))


def base_bytes(client: GitHubClient, link: dict[str, Any]) -> bytes | None:
    """The remote file as it was at the last sync (the merge base), when GitHub still has it."""
    try:
        if link.get("type") == "repo" and link.get("blobSha"):
            owner, _, repo = str(link.get("repo") or "").partition("/")
            return _blob(client, owner, repo, str(link["blobSha"]))
        if link.get("type") == "gist" and link.get("revision"):
            gid = str(link.get("gistId"))
            resp = _get(client, f"/gists/{_q(gid)}/{_q(str(link['revision']))}", what=f"gist {gid}")
            data = _json(client, resp, f"gist {gid}")
            if isinstance(data, dict):
                return _gist_file(client, data, gid, link.get("filename"))[1]
    except GitHubError:
        return None
    return None


# ---------------------------------------------------------------------------
# pull
# ---------------------------------------------------------------------------
@dataclass
class PullPlan:
    """What a pull found and what the caller is to write.

    ``action``: ``"updated"`` (write ``data`` over the notebook, then
    :func:`remember_link` with ``link``), ``"none"`` (in sync or only local
    changes), ``"diverged"`` (write ``data`` beside the notebook, never over
    it; ``diff`` says what differs, ``merged`` is a clean three-way merge when
    there is one) or ``"remote-missing"``.
    """

    status: Status
    action: str
    data: bytes | None = None
    link: dict[str, Any] | None = None
    diff: dict[str, Any] | None = None
    merged: dict[str, Any] | None = None


def remote_copy_path(path: str) -> str:
    """``dir/NAME.ipynb`` -> ``dir/NAME.remote.ipynb``."""
    root, ext = posixpath.splitext(path)
    return f"{root}.remote{ext or '.ipynb'}"


def plan_pull(client: GitHubClient, link: dict[str, Any], local: bytes) -> PullPlan:
    """Decide a pull (<= 3 requests); writes nothing."""
    from .nbdiff import diff_summary, merge

    status = sync_status(client, link, local)
    if status.state == "remote-missing":
        return PullPlan(status, "remote-missing")
    if status.state in ("in-sync", "local-changes"):
        return PullPlan(status, "none")
    data = remote_bytes(client, link, status)
    check_notebook_bytes(data, str(link.get("path") or link.get("filename") or "the notebook"))
    new_link = {**link, "blobSha": status.remote_sha, "etag": status.etag}
    if link.get("type") == "gist":
        new_link["revision"] = status.extra.get("revision") or link.get("revision")
    new_link.pop("localSha", None)
    new_link.pop("syncedAt", None)
    if status.state == "remote-changes":
        return PullPlan(status, "updated", data, new_link)
    plan = PullPlan(status, "diverged", data, new_link)
    try:
        plan.diff = diff_summary(local, data)
    except ValueError:
        plan.diff = None  # the local file is not JSON: nothing to compare
    base = base_bytes(client, link)
    if base is not None:
        status.requests += 1
        try:
            plan.merged = merge(base, local, data)
        except ValueError:
            plan.merged = None
    return plan


def conflict_diff(client: GitHubClient, details: dict[str, Any], ours: dict[str, Any]) -> Any:
    """For a push's 409: what the remote file holds against the notebook being pushed.

    A summary from ``ours`` to the remote (cells "added" are the remote's), or
    ``None`` when it cannot be had (one request; never raises).
    """
    from .nbdiff import diff_summary

    owner, _, repo = str(details.get("repo") or "").partition("/")
    path, branch = str(details.get("path") or ""), str(details.get("branch") or "")
    try:
        resp = _contents(client, owner, repo, path, branch)
        if resp.status != 200:
            return None
        _sha, data = _file_answer(client, resp, owner, repo, path)
        theirs = _decode(client, data, path)
        if theirs is None:
            return None
        return diff_summary(ours, theirs)
    except (GitHubError, InvalidRequestError, ValueError):
        return None
