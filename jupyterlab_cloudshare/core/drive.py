"""Google Drive v3 for notebooks: save into "Colab Notebooks", update, share, list, open.

A synchronous client over the same injected transport as :mod:`.github`, so
the CLI and the server share one path and tests talk real HTTP to a fake.

Saving: the first save of a notebook creates a file of Colab's type
(``application/vnd.google.colaboratory``) in the account's "Colab Notebooks"
folder (found, else created; its id is remembered per account, since with the
``drive.file`` scope the app only sees the folders it made). Later saves update
that file after checking that its content on Drive (``md5Checksum``, else
``headRevisionId``; never ``version``, which sharing bumps too) is still the
one saved last; if not, :class:`DriveConflictError` and nothing is written.
With the folder and account known a save is at most three requests: the
check, the upload (multipart; resumable above :data:`MULTIPART_LIMIT`), and
the anyone-with-link permission when asked for and not already there; an
overwrite skips the check (its outcome is decided), reading the trash and
sharing state from the upload's answer. A token renewal adds one request, so
an update newly shared with a token due for renewal is four: docs/drive.md
says why none of them can go.

Every failure is a :class:`~.errors.CloudShareError` with Google's own reason
and message where it gave one; the token is only ever in a header.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from .errors import (
    CloudShareError,
    DriveAuthRequiredError,
    DriveConflictError,
    DriveError,
    DriveNotFoundError,
    DrivePermissionError,
    DriveQuotaError,
    DriveRateLimitError,
    InvalidRequestError,
)
from .github import USER_AGENT, Response, Transport, TransportError, UrllibTransport
from .state import (
    ShareStore,
    drive_folder,
    drive_record,
    set_drive_folder,
    set_drive_record,
)

COLAB_MIME = "application/vnd.google.colaboratory"
FOLDER_MIME = "application/vnd.google-apps.folder"
DEFAULT_FOLDER = "Colab Notebooks"
COLAB_URL = "https://colab.research.google.com/drive/"
#: Larger uploads use the resumable protocol (Google's advice: multipart up to 5 MB).
MULTIPART_LIMIT = 5 * 1024 * 1024
#: Resumable chunk size; Google requires a multiple of 256 KiB.
CHUNK_SIZE = 8 * 1024 * 1024
#: The id Drive gives the "anyone with the link" permission.
ANYONE_PERMISSION_ID = "anyoneWithLink"
FILE_FIELDS = "id,name,mimeType,headRevisionId,md5Checksum,webViewLink,parents"
CHECK_FIELDS = FILE_FIELDS + ",trashed,permissionIds,permissions(id,type,role)"
LIST_FIELDS = (
    "nextPageToken,"
    "files(id,name,mimeType,modifiedTime,webViewLink,owners(displayName,emailAddress))"
)
_ID_RE = re.compile(r"^[A-Za-z0-9_-]{10,}$")
_RATE_REASONS = {"userRateLimitExceeded", "rateLimitExceeded", "sharingRateLimitExceeded"}
_QUOTA_REASONS = {
    "storageQuotaExceeded",
    "quotaExceeded",
    "dailyLimitExceeded",
    "teamDriveFileLimitExceeded",
}


def colab_url(file_id: str) -> str:
    """Colab's link to a notebook in Drive."""
    return COLAB_URL + file_id


def parse_file_id(text: str) -> str:
    """A Drive file id from an id, a Drive URL or a Colab URL; a clear 400 otherwise.

    Accepted: ``drive.google.com/file/d/{id}/...``, ``drive.google.com/open?id={id}``,
    ``colab.research.google.com/drive/{id}`` (with any query or fragment).
    """
    value = (text or "").strip()
    if _ID_RE.match(value):
        return value
    parts = urlsplit(value if "://" in value else "https://" + value)
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    found: str | None = None
    if host == "colab.research.google.com" and len(segments) >= 2 and segments[0] == "drive":
        found = segments[1]
    elif host in ("drive.google.com", "docs.google.com"):
        if "d" in segments and segments.index("d") + 1 < len(segments):
            found = segments[segments.index("d") + 1]
        else:
            found = next(iter(parse_qs(parts.query).get("id") or []), None)
    if found and _ID_RE.match(found):
        return found
    raise InvalidRequestError(
        f"'{value[:80]}' is not a Drive file id, a drive.google.com/file/d/ID link "
        "or a colab.research.google.com/drive/ID link."
    )


def _q(value: str) -> str:
    """A string literal for a Drive ``q`` query."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


class DriveClient:
    """The few Drive v3 calls a notebook needs, with one token.

    ``renew`` gives a fresh token after a 401 (a stored sign-in), once per
    client; ``requests`` counts the HTTP requests sent.
    """

    def __init__(
        self,
        token: str,
        api_url: str,
        *,
        transport: Transport | None = None,
        timeout: float = 30.0,
        renew: Callable[[], str | None] | None = None,
        source: str = "stored",
    ) -> None:
        self._token = token
        self.api_url = api_url.rstrip("/")
        self.transport: Transport = transport or UrllibTransport()
        self.timeout = timeout
        self.renew = renew
        self.source = source
        self.requests = 0
        self._renewed = False

    def __repr__(self) -> str:
        return f"DriveClient(api_url={self.api_url!r}, source={self.source!r})"

    # ---- HTTP --------------------------------------------------------------
    def _send(
        self,
        method: str,
        url: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        *,
        auth: bool = True,
    ) -> Response:
        all_headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        all_headers.update(headers or {})
        if auth:
            all_headers["Authorization"] = f"Bearer {self._token}"
        self.requests += 1
        try:
            return self.transport.request(method, url, all_headers, body, self.timeout)
        except TransportError as err:
            raise DriveError(
                f"Cannot reach Google Drive at {self.api_url} "
                f"({'timed out' if err.timeout else err}); try again.",
                code="drive_unreachable",
            ) from None

    def call(
        self,
        method: str,
        path: str,
        params: dict[str, str] | None = None,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
        *,
        what: str = "the Drive request",
        ok: tuple[int, ...] = (200,),
    ) -> Response:
        """Send one request to ``{api_url}{path}``; a 401 renews the token once and retries."""
        url = self.api_url + path + ("?" + urlencode(params) if params else "")
        resp = self._send(method, url, body, headers)
        if resp.status == 401 and self.renew is not None and not self._renewed:
            self._renewed = True
            fresh = self.renew()
            if fresh:
                self._token = fresh
                resp = self._send(method, url, body, headers)
        if resp.status not in ok:
            raise drive_error(resp, what, self.source)
        return resp

    def _json(self, resp: Response) -> dict[str, Any]:
        data = resp.json()
        if not isinstance(data, dict):
            raise DriveError("Google Drive sent an unexpected answer; try again.")
        return data

    # ---- calls -------------------------------------------------------------
    def about(self) -> dict[str, Any]:
        """The signed-in user (``displayName``, ``emailAddress``, ``permissionId``)."""
        resp = self.call(
            "GET",
            "/drive/v3/about",
            {"fields": "user(displayName,emailAddress,permissionId)"},
            what="reading your Google account",
        )
        user = self._json(resp).get("user")
        return user if isinstance(user, dict) else {}

    def get_file(self, file_id: str, fields: str = FILE_FIELDS) -> dict[str, Any]:
        """A file's metadata (:class:`DriveNotFoundError` when it is not visible)."""
        resp = self.call(
            "GET",
            f"/drive/v3/files/{quote(file_id, safe='')}",
            {"fields": fields},
            what=f"reading Drive file {file_id}",
        )
        return self._json(resp)

    def download(self, file_id: str) -> bytes:
        """A file's content (``alt=media``)."""
        resp = self.call(
            "GET",
            f"/drive/v3/files/{quote(file_id, safe='')}",
            {"alt": "media"},
            what=f"downloading Drive file {file_id}",
        )
        return resp.body

    def find_folder(self, name: str, parent: str = "root") -> str | None:
        """The id of a folder called ``name`` in ``parent`` that the token sees, if any."""
        q = (
            f"name = {_q(name)} and mimeType = {_q(FOLDER_MIME)} and {_q(parent)} in parents "
            "and trashed = false"
        )
        resp = self.call(
            "GET",
            "/drive/v3/files",
            {"q": q, "fields": "files(id,name)", "pageSize": "10", "spaces": "drive"},
            what=f"looking for the '{name}' folder",
        )
        files = self._json(resp).get("files") or []
        ids = [f.get("id") for f in files if isinstance(f, dict) and f.get("id")]
        return str(ids[0]) if ids else None

    def create_folder(self, name: str) -> str:
        """Create a folder ``name`` at the top of My Drive; its id."""
        meta = {"name": name, "mimeType": FOLDER_MIME}
        resp = self.call(
            "POST",
            "/drive/v3/files",
            {"fields": "id"},
            json.dumps(meta).encode("utf-8"),
            {"Content-Type": "application/json; charset=UTF-8"},
            what=f"creating the '{name}' folder",
        )
        return str(self._json(resp)["id"])

    def upload(
        self,
        data: bytes,
        meta: dict[str, Any],
        file_id: str | None = None,
        *,
        fields: str = FILE_FIELDS,
        chunk_size: int = CHUNK_SIZE,
        multipart_limit: int = MULTIPART_LIMIT,
    ) -> dict[str, Any]:
        """Create a file (``file_id`` None) or replace its content; its new ``fields``."""
        method = "PATCH" if file_id else "POST"
        path = "/upload/drive/v3/files" + (f"/{quote(file_id, safe='')}" if file_id else "")
        what = "saving the notebook to Drive"
        if len(data) <= multipart_limit:
            boundary = "cloudshare-" + secrets.token_hex(12)
            body = (
                (
                    f"--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n"
                    f"{json.dumps(meta)}\r\n--{boundary}\r\nContent-Type: {COLAB_MIME}\r\n\r\n"
                ).encode()
                + data
                + f"\r\n--{boundary}--\r\n".encode()
            )
            resp = self.call(
                method,
                path,
                {"uploadType": "multipart", "fields": fields},
                body,
                {"Content-Type": f"multipart/related; boundary={boundary}"},
                what=what,
            )
            return self._json(resp)
        start = self.call(
            method,
            path,
            {"uploadType": "resumable", "fields": fields},
            json.dumps(meta).encode("utf-8"),
            {
                "Content-Type": "application/json; charset=UTF-8",
                "X-Upload-Content-Type": COLAB_MIME,
                "X-Upload-Content-Length": str(len(data)),
            },
            what=what,
        )
        session = start.header("location")
        if not session:
            raise DriveError("Google Drive did not open an upload session; try again.")
        return self._resumable(session, data, chunk_size, what)

    def _resumable(self, session: str, data: bytes, chunk_size: int, what: str) -> dict[str, Any]:
        offset, total = 0, len(data)
        while True:
            end = min(offset + chunk_size, total)
            headers = {"Content-Type": COLAB_MIME}
            if total:
                headers["Content-Range"] = f"bytes {offset}-{end - 1}/{total}"
            resp = self._send("PUT", session, data[offset:end], headers)
            if resp.status in (200, 201):
                return self._json(resp)
            if resp.status != 308:
                raise drive_error(resp, what, self.source)
            # Google says in Range how much it has; continue from there.
            received = resp.header("range")
            offset = int(received.rsplit("-", 1)[1]) + 1 if received else 0
            if offset >= total and total:
                raise DriveError("Google Drive did not finish the upload; try again.")

    def share_anyone_reader(self, file_id: str) -> dict[str, Any]:
        """Let anyone with the link view the file (not discoverable in search)."""
        resp = self.call(
            "POST",
            f"/drive/v3/files/{quote(file_id, safe='')}/permissions",
            {"fields": "id,type,role"},
            json.dumps({"type": "anyone", "role": "reader", "allowFileDiscovery": False}).encode(),
            {"Content-Type": "application/json; charset=UTF-8"},
            what="sharing the Drive file",
        )
        return self._json(resp)

    def list_notebooks(self, folder_id: str) -> list[dict[str, Any]]:
        """The notebooks in a folder, most recently modified first."""
        q = (
            f"{_q(folder_id)} in parents and trashed = false and "
            f"(mimeType = {_q(COLAB_MIME)} or name contains '.ipynb')"
        )
        out: list[dict[str, Any]] = []
        page: str | None = None
        while True:
            params = {
                "q": q,
                "fields": LIST_FIELDS,
                "orderBy": "modifiedTime desc",
                "pageSize": "100",
                "spaces": "drive",
            }
            if page:
                params["pageToken"] = page
            data = self._json(self.call("GET", "/drive/v3/files", params, what="listing notebooks"))
            files = data.get("files")
            if isinstance(files, list):
                out.extend(f for f in files if isinstance(f, dict))
            page = data.get("nextPageToken")
            if not page or len(out) >= 1000:
                return out


def drive_error(resp: Response, what: str, source: str = "stored") -> CloudShareError:
    """The error for a failed Drive answer, with Google's reason and message."""
    data = resp.json()
    err = data.get("error") if isinstance(data, dict) else None
    err = err if isinstance(err, dict) else {}
    listed = err.get("errors")
    errors: list[Any] = listed if isinstance(listed, list) else []
    reason = next(
        (str(e.get("reason")) for e in errors if isinstance(e, dict) and e.get("reason")), ""
    )
    google = " ".join(str(err.get("message") or "").split())[:300]
    details = {"reason": reason, "googleMessage": google, "googleStatus": resp.status}
    said = f" Google said: {google}" if google else ""
    if resp.status == 401:
        hint = {
            "env": "set a fresh GOOGLE_OAUTH_ACCESS_TOKEN",
            "hub": "log out of JupyterHub and in again",
        }.get(source, "sign in with Google again (or run: jupyter cloudshare drive login)")
        return DriveAuthRequiredError(
            f"Google rejected the sign-in while {what} (expired or revoked); {hint}."
        )
    if resp.status == 429 or reason in _RATE_REASONS:
        return DriveRateLimitError(
            f"Google Drive's rate limit was reached while {what}; wait a minute and try again."
            + said,
            details=details,
        )
    if reason in _QUOTA_REASONS:
        return DriveQuotaError(
            f"Google Drive refused {what}: the account's quota is used up; free some space "
            "or try tomorrow." + said,
            details=details,
        )
    if resp.status == 404:
        return DriveNotFoundError(
            f"Google Drive has no such file (or this account cannot see it) while {what}.",
            details=details,
        )
    if resp.status == 403:
        return DrivePermissionError(
            f"Google Drive refused {what}: this account or sign-in may not do it.{said}",
            details=details,
        )
    if resp.status == 400:
        return DriveError(f"Google Drive refused {what} as invalid.{said}", details=details)
    return DriveError(
        f"Google Drive failed while {what} ({resp.status}); try again later.", details=details
    )


# ---------------------------------------------------------------------------
# the operations
# ---------------------------------------------------------------------------
def _identity(meta: dict[str, Any]) -> dict[str, Any]:
    return {k: meta.get(k) for k in ("headRevisionId", "md5Checksum") if meta.get(k)}


def changed_since(saved: dict[str, Any], remote: dict[str, Any]) -> bool:
    """Whether Drive's content differs from the one saved last (md5, else head revision)."""
    if saved.get("md5Checksum") and remote.get("md5Checksum"):
        return bool(saved["md5Checksum"] != remote["md5Checksum"])
    if saved.get("headRevisionId") and remote.get("headRevisionId"):
        return bool(saved["headRevisionId"] != remote["headRevisionId"])
    # Nothing to compare: refuse rather than risk overwriting someone's work.
    return True


def _result(meta: dict[str, Any], folder_id: str | None, created: bool) -> dict[str, Any]:
    file_id = str(meta["id"])
    return {
        "fileId": file_id,
        "name": meta.get("name"),
        "colabUrl": colab_url(file_id),
        "webViewLink": meta.get("webViewLink") or f"https://drive.google.com/file/d/{file_id}/view",
        "folderId": folder_id,
        "created": created,
    }


def ensure_folder(
    client: DriveClient, store: ShareStore, account: str, name: str = DEFAULT_FOLDER
) -> str:
    """The folder's id: remembered, else found, else created (and remembered)."""
    folder = drive_folder(store, account, client.api_url, name)
    if folder:
        return folder
    folder = client.find_folder(name) or client.create_folder(name)
    set_drive_folder(store, account, client.api_url, name, folder)
    return folder


def save_notebook(
    client: DriveClient,
    data: bytes,
    *,
    name: str,
    store: ShareStore,
    key: str,
    account: str,
    folder: str = DEFAULT_FOLDER,
    share: str = "none",
    on_conflict: str = "fail",
    chunk_size: int = CHUNK_SIZE,
    multipart_limit: int = MULTIPART_LIMIT,
) -> dict[str, Any]:
    """Save ``data`` (a notebook's bytes) to Drive; the result with ``created``.

    ``on_conflict``: "fail" (a :class:`DriveConflictError` when Drive changed
    since the last save), "overwrite" (replace it anyway) or "new" (save a new
    file and remember that one). ``share``: "none" or "reader" (anyone with the
    link can view).
    """
    if share not in ("none", "reader"):
        raise InvalidRequestError("'share' must be 'none' or 'reader'.")
    if on_conflict not in ("fail", "overwrite", "new"):
        raise InvalidRequestError("'onConflict' must be 'fail', 'overwrite' or 'new'.")
    api = client.api_url
    record = drive_record(store, key, account, api)
    meta: dict[str, Any] | None = None
    remote: dict[str, Any] | None = None
    if record and on_conflict == "overwrite":
        # The user chose to replace whatever Drive holds, so the check cannot
        # change the outcome: upload straight away and read what the check
        # would have said (trashed, shared) from the upload's answer.
        try:
            meta = client.upload(
                data,
                {},
                str(record["fileId"]),
                fields=CHECK_FIELDS,
                chunk_size=chunk_size,
                multipart_limit=multipart_limit,
            )
        except DriveNotFoundError:
            meta = None
        if meta is not None and meta.get("trashed"):
            meta = None  # in the bin: a new file, as for a file that is gone
        remote = meta
    elif record and on_conflict != "new":
        try:
            remote = client.get_file(str(record["fileId"]), CHECK_FIELDS)
        except DriveNotFoundError:
            remote = None
        if remote is not None and remote.get("trashed"):
            remote = None
        if remote is not None:
            if on_conflict == "fail" and changed_since(record, remote):
                raise DriveConflictError(
                    f"'{remote.get('name') or name}' was changed on Google Drive since it was "
                    "saved from here; overwrite it, save a new copy, or cancel.",
                    details={
                        **_result(remote, _parent(remote, record), False),
                        "choices": ["overwrite", "new", "cancel"],
                        "saved": _identity(record),
                        "remote": _identity(remote),
                    },
                )
            # Content only: the name and type stay as they are on Drive.
            meta = client.upload(
                data,
                {},
                str(remote["id"]),
                chunk_size=chunk_size,
                multipart_limit=multipart_limit,
            )
    created = meta is None
    folder_id: str | None
    if meta is None:
        folder_id = ensure_folder(client, store, account, folder)
        body = {"name": name, "mimeType": COLAB_MIME, "parents": [folder_id]}
        try:
            meta = client.upload(data, body, chunk_size=chunk_size, multipart_limit=multipart_limit)
        except DriveNotFoundError:
            # The remembered folder is gone: forget it, find or make it again, retry once.
            set_drive_folder(store, account, api, folder, None)
            folder_id = ensure_folder(client, store, account, folder)
            body["parents"] = [folder_id]
            meta = client.upload(data, body, chunk_size=chunk_size, multipart_limit=multipart_limit)
    else:
        folder_id = _parent(meta, record) or _parent(remote or {}, record)
    if share == "reader" and (created or not link_shared(remote or {})):
        client.share_anyone_reader(str(meta["id"]))
    result = _result(meta, folder_id, created)
    if share == "reader":
        result["shared"] = "anyoneWithLink"
    set_drive_record(
        store,
        key,
        account,
        api,
        {
            "fileId": result["fileId"],
            "name": result["name"],
            "folderId": folder_id,
            "webViewLink": result["webViewLink"],
            "savedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            # What the upload made; fall back to our own md5 when Drive did not say.
            "md5Checksum": meta.get("md5Checksum") or hashlib.md5(data).hexdigest(),
            **({"headRevisionId": meta["headRevisionId"]} if meta.get("headRevisionId") else {}),
        },
    )
    return result


def link_shared(meta: dict[str, Any]) -> bool:
    """Whether anyone with the link can already open the file (so no permission to add)."""
    perms = meta.get("permissions")
    if isinstance(perms, list) and any(
        isinstance(p, dict) and p.get("type") == "anyone" for p in perms
    ):
        return True
    ids = meta.get("permissionIds")
    return isinstance(ids, list) and ANYONE_PERMISSION_ID in ids


def _parent(meta: dict[str, Any], record: dict[str, Any] | None) -> str | None:
    parents = meta.get("parents")
    if isinstance(parents, list) and parents:
        return str(parents[0])
    folder = (record or {}).get("folderId")
    return str(folder) if folder else None


def fetch_notebook(client: DriveClient, file_id: str) -> tuple[dict[str, Any], bytes]:
    """A Drive file's metadata and bytes, refusing what is not a notebook."""
    meta = client.get_file(file_id, FILE_FIELDS + ",size")
    name = str(meta.get("name") or "")
    if meta.get("mimeType") != COLAB_MIME and not name.lower().endswith(".ipynb"):
        raise InvalidRequestError(
            f"Drive file '{name or file_id}' is not a notebook ({meta.get('mimeType')})."
        )
    data = client.download(file_id)
    if meta.get("md5Checksum") and hashlib.md5(data).hexdigest() != meta["md5Checksum"]:
        # Changed between the two calls: what we hold is not the revision we read.
        meta.pop("headRevisionId", None)
        meta["md5Checksum"] = hashlib.md5(data).hexdigest()
    return meta, data


def link_opened(
    store: ShareStore, key: str, account: str, api_url: str, meta: dict[str, Any], data: bytes
) -> None:
    """Remember that ``key`` came from this Drive file, so the next save goes back there."""
    set_drive_record(
        store,
        key,
        account,
        api_url,
        {
            "fileId": str(meta["id"]),
            "name": meta.get("name"),
            "folderId": _parent(meta, None),
            "webViewLink": meta.get("webViewLink"),
            "savedAt": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "md5Checksum": meta.get("md5Checksum") or hashlib.md5(data).hexdigest(),
            **({"headRevisionId": meta["headRevisionId"]} if meta.get("headRevisionId") else {}),
        },
    )


def local_name(drive_name: str) -> str:
    """A safe local file name for a Drive notebook's name (ends in .ipynb)."""
    base = re.sub(r"[\\/\x00-\x1f]", "_", drive_name).strip().strip(".") or "notebook"
    return base if base.lower().endswith(".ipynb") else base + ".ipynb"


def list_notebooks(
    client: DriveClient, store: ShareStore, account: str, folder: str = DEFAULT_FOLDER
) -> dict[str, Any]:
    """``{"folderId", "files": [{fileId, name, modifiedTime, owner, colabUrl, webViewLink}]}``."""
    folder_id = drive_folder(store, account, client.api_url, folder) or client.find_folder(folder)
    if not folder_id:
        return {"folderId": None, "files": []}
    set_drive_folder(store, account, client.api_url, folder, folder_id)
    files = []
    for f in client.list_notebooks(folder_id):
        owners = f.get("owners") or [{}]
        owner = owners[0] if isinstance(owners[0], dict) else {}
        files.append(
            {
                "fileId": f.get("id"),
                "name": f.get("name"),
                "modifiedTime": f.get("modifiedTime"),
                "owner": owner.get("displayName") or owner.get("emailAddress"),
                "colabUrl": colab_url(str(f.get("id"))),
                "webViewLink": f.get("webViewLink"),
            }
        )
    return {"folderId": folder_id, "files": files}
