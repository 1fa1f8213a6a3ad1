"""A local Google Drive v3 and Google OAuth to test against, checking every exchange.

:class:`FakeGoogle` runs two threaded HTTP servers on 127.0.0.1, as Google has two
hosts: the API (``www.googleapis.com``: ``/drive/v3/...``, ``/upload/drive/v3/...``)
and OAuth (``oauth2.googleapis.com``: ``/device/code``, ``/token``, ``/revoke``).

Drive behaviour followed: files with revisions (``headRevisionId``,
``md5Checksum``; ``version`` bumps on any change, sharing included), folders,
``q`` queries (see ``query.py``), partial responses (``fields``), multipart
and resumable uploads (sessions at ``?upload_id=``, ``308`` with ``Range``),
``alt=media`` downloads, permissions (``anyoneWithLink``), the ``drive.file``
scope (only files the app created are visible) and errors with Google's body
``{"error": {"code", "message", "errors": [{"domain", "reason", "message"}], "status"}}``:
401 for missing, unknown, expired or revoked tokens, 403/429 rate limits and
403 storage quota (injected with :meth:`FakeGoogle.fail_next`), 404.

Every API request is matched to a method of Drive v3's discovery document
(``discovery.py``) and checked against it, and so is every JSON response;
what does not match goes to ``violations``. OAuth requests are checked against
the rules of Google's token endpoints (form bodies, known client, secret).
``requests`` lists every request to either host (method, host, path, query).

Test-only control routes (not Google; on only with ``control_routes``, which
``python -m tests.fakedrive`` sets and the pytest fixture does not), on the
OAuth host, so a browser test can act as the user and look at Drive:
``POST /_fake/device/approve`` with JSON ``{"user_code", "email"}`` and
``POST /_fake/device/deny`` with ``{"user_code"}``; ``GET /_fake/files`` (every
file: id, name, mimeType, parent names, owner, content, anyone-with-link
permissions); ``POST /_fake/files/edit`` with ``{"id", "content"}`` (a change made
in Colab); ``GET /_fake/requests`` (the API and OAuth requests so far).
Without ``control_routes`` a ``/_fake/...`` path is an unknown OAuth path.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from . import discovery
from .query import QueryError, compile_query

FOLDER_MIME = "application/vnd.google-apps.folder"
SCOPE_FILE = "https://www.googleapis.com/auth/drive.file"
SCOPE_FULL = "https://www.googleapis.com/auth/drive"
#: Scopes Google allows in the device flow ("TVs and Limited Input devices" clients).
DEVICE_SCOPES = {
    SCOPE_FILE,
    "https://www.googleapis.com/auth/drive.appdata",
    "openid",
    "email",
    "profile",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/userinfo.profile",
}
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
#: Google's errors for injected faults: (status, domain, reason, message).
FAULTS = {
    "userRateLimit": (403, "usageLimits", "userRateLimitExceeded", "User Rate Limit Exceeded"),
    "rateLimit": (429, "usageLimits", "rateLimitExceeded", "Rate Limit Exceeded"),
    "storageQuota": (
        403,
        "global",
        "storageQuotaExceeded",
        "The user's Drive storage quota has been exceeded.",
    ),
    "backendError": (500, "global", "backendError", "Backend Error"),
}
CONTROL_PREFIX = "/_fake/"
_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
}


@dataclass
class Account:
    email: str
    name: str
    permission_id: str = field(default_factory=lambda: str(secrets.randbelow(10**20)))
    #: The id of "My Drive" (the alias ``root`` in requests).
    root_id: str = field(default_factory=lambda: "0A" + secrets.token_hex(10))


@dataclass
class Grant:
    """One sign-in: its refresh token and the access tokens issued from it."""

    email: str
    scope: str
    refresh_token: str
    revoked: bool = False


@dataclass
class Access:
    grant: Grant
    expires_at: float


@dataclass
class Revision:
    id: str
    data: bytes
    md5: str
    time: str


@dataclass
class DriveFile:
    id: str
    name: str
    mime: str
    owner: str
    parents: list[str]
    by_app: bool
    created: str
    modified: str
    revisions: list[Revision] = field(default_factory=list)
    permissions: list[dict[str, Any]] = field(default_factory=list)
    trashed: bool = False
    version: int = 1


@dataclass
class Device:
    device_code: str
    user_code: str
    scope: str
    expires_at: float
    interval: int
    last_poll: float = 0.0
    state: str = "pending"
    email: str | None = None


@dataclass
class Fault:
    kind: str
    count: int
    method: str | None
    path_part: str | None


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())


class GoogleError(Exception):
    """An error answer in Google's format."""

    def __init__(self, status: int, reason: str, message: str, domain: str = "global") -> None:
        super().__init__(message)
        self.status, self.reason, self.message, self.domain = status, reason, message, domain

    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "code": self.status,
                "message": self.message,
                "errors": [{"message": self.message, "domain": self.domain, "reason": self.reason}],
                "status": _STATUS_NAMES.get(self.status, "UNKNOWN"),
            }
        }


class FakeGoogle:
    """Drive v3 and Google OAuth on two local ports; see the module docstring."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.accounts: dict[str, Account] = {}
        self.grants: list[Grant] = []
        self.access: dict[str, Access] = {}
        self.files: dict[str, DriveFile] = {}
        self.devices: dict[str, Device] = {}
        self.uploads: dict[str, dict[str, Any]] = {}
        self.faults: list[Fault] = []
        self.requests: list[dict[str, Any]] = []
        self.violations: list[str] = []
        self.expect_violations = False
        self.client_id = "fake-client-" + secrets.token_hex(4) + ".apps.googleusercontent.com"
        self.client_secret = "GOCSPX-fake" + secrets.token_hex(8)
        self.device_interval = 0
        #: Answer the test-only ``/_fake/...`` routes (see the module docstring).
        self.control_routes = False
        self.device_expires_in = 1800
        self.token_lifetime = 3599
        self._servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []
        self.api_url = ""
        self.oauth_url = ""

    # ---- lifecycle ---------------------------------------------------------------
    def start(self) -> FakeGoogle:
        for kind in ("api", "oauth"):
            handler = type(f"{kind}Handler", (_Handler,), {"fake": self, "host_kind": kind})
            server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
            server.daemon_threads = True
            thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            thread.start()
            self._servers.append((server, thread))
            url = f"http://127.0.0.1:{server.server_address[1]}"
            if kind == "api":
                self.api_url = url
            else:
                self.oauth_url = url
        return self

    def stop(self) -> None:
        for server, thread in self._servers:
            server.shutdown()
            server.server_close()
            thread.join()
        self._servers = []

    # ---- set-up and inspection ---------------------------------------------------
    def add_account(self, email: str, name: str = "") -> Account:
        with self.lock:
            account = Account(email, name or email.split("@")[0].title())
            self.accounts[email] = account
            return account

    def issue_token(
        self, email: str, scope: str = SCOPE_FILE, expires_in: float | None = None
    ) -> tuple[str, str]:
        """A new sign-in of ``email``: (access token, refresh token)."""
        with self.lock:
            grant = Grant(email, scope, "1//fake-refresh-" + secrets.token_urlsafe(24))
            self.grants.append(grant)
            return self._new_access(grant, expires_in), grant.refresh_token

    def _new_access(self, grant: Grant, expires_in: float | None = None) -> str:
        token = "ya29.fake-" + secrets.token_urlsafe(32)
        lifetime = self.token_lifetime if expires_in is None else expires_in
        self.access[token] = Access(grant, time.time() + lifetime)
        return token

    def expire(self, token: str) -> None:
        """Make an access token expired (the next use gets 401)."""
        with self.lock:
            self.access[token].expires_at = 0.0

    def revoke_grant(self, email: str) -> None:
        """The user removed the app's access in their Google account."""
        with self.lock:
            for grant in self.grants:
                if grant.email == email:
                    grant.revoked = True

    def add_file(
        self,
        owner: str,
        name: str,
        data: bytes = b"",
        *,
        parents: list[str] | None = None,
        mime: str = "application/vnd.google.colaboratory",
        by_app: bool = False,
    ) -> str:
        """A file made outside the app (in Colab, say); its id."""
        with self.lock:
            return self._create(owner, name, mime, parents or [], data, by_app).id

    def edit(self, file_id: str, data: bytes) -> None:
        """Change a file's content as Colab would (a new head revision)."""
        with self.lock:
            self._add_revision(self.files[file_id], data)

    def content(self, file_id: str) -> bytes:
        return self.files[file_id].revisions[-1].data

    def fail_next(
        self, kind: str, count: int = 1, method: str | None = None, path_part: str | None = None
    ) -> None:
        """The next ``count`` matching API requests fail with Google's error ``kind`` (FAULTS)."""
        with self.lock:
            self.faults.append(Fault(kind, count, method, path_part))

    def approve(self, user_code: str, email: str) -> None:
        with self.lock:
            device = next(d for d in self.devices.values() if d.user_code == user_code)
            device.state, device.email = "approved", email

    def deny(self, user_code: str) -> None:
        with self.lock:
            next(d for d in self.devices.values() if d.user_code == user_code).state = "denied"

    def expire_device(self, user_code: str) -> None:
        with self.lock:
            next(d for d in self.devices.values() if d.user_code == user_code).expires_at = 0

    def describe_files(self) -> list[dict[str, Any]]:
        """Every file as a test checks it: parents by name (My Drive: ``root``), content as text."""
        with self.lock:
            roots = {a.root_id for a in self.accounts.values()}
            out = []
            for f in self.files.values():
                parents = [
                    "root" if p in roots else self.files[p].name if p in self.files else p
                    for p in f.parents
                ]
                out.append(
                    {
                        "id": f.id,
                        "name": f.name,
                        "mimeType": f.mime,
                        "parents": parents,
                        "owner": f.owner,
                        "trashed": f.trashed,
                        "content": f.revisions[-1].data.decode("utf-8", "replace")
                        if f.revisions
                        else "",
                        "anyoneReaders": sum(
                            1
                            for p in f.permissions
                            if p.get("type") == "anyone" and p.get("role") == "reader"
                        ),
                    }
                )
            return out

    def api_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["host"] == "api"]

    def folders(self, name: str, owner: str) -> list[DriveFile]:
        return [
            f
            for f in self.files.values()
            if f.mime == FOLDER_MIME and f.name == name and f.owner == owner and not f.trashed
        ]

    def children(self, folder_id: str) -> list[DriveFile]:
        return [f for f in self.files.values() if folder_id in f.parents and not f.trashed]

    # ---- the model -----------------------------------------------------------------
    def _create(
        self, owner: str, name: str, mime: str, parents: list[str], data: bytes, by_app: bool
    ) -> DriveFile:
        now = _now()
        f = DriveFile(
            "1" + secrets.token_urlsafe(24).replace("-", "A").replace("_", "B"),
            name,
            mime,
            owner,
            parents,
            by_app,
            now,
            now,
        )
        if not f.parents and owner in self.accounts:
            f.parents = [self.accounts[owner].root_id]
        self.files[f.id] = f
        if mime != FOLDER_MIME:
            self._add_revision(f, data, bump=False)
        return f

    def _add_revision(self, f: DriveFile, data: bytes, bump: bool = True) -> None:
        f.revisions.append(
            Revision("0B" + secrets.token_urlsafe(30), data, hashlib.md5(data).hexdigest(), _now())
        )
        f.modified = f.revisions[-1].time
        if bump:
            f.version += 1

    def file_json(self, f: DriveFile, email: str) -> dict[str, Any]:
        account = self.accounts.get(f.owner) or Account(f.owner, f.owner)
        out: dict[str, Any] = {
            "kind": "drive#file",
            "id": f.id,
            "name": f.name,
            "mimeType": f.mime,
            "parents": list(f.parents),
            "trashed": f.trashed,
            "version": str(f.version),
            "createdTime": f.created,
            "modifiedTime": f.modified,
            "webViewLink": (
                f"https://drive.google.com/drive/folders/{f.id}"
                if f.mime == FOLDER_MIME
                else f"https://drive.google.com/file/d/{f.id}/view?usp=drivesdk"
            ),
            "owners": [
                {
                    "kind": "drive#user",
                    "displayName": account.name,
                    "emailAddress": account.email,
                    "permissionId": account.permission_id,
                    "me": account.email == email,
                }
            ],
            "ownedByMe": f.owner == email,
            "shared": bool(f.permissions),
            "permissionIds": [account.permission_id] + [p["id"] for p in f.permissions],
            "permissions": [
                {
                    "kind": "drive#permission",
                    "id": account.permission_id,
                    "type": "user",
                    "role": "owner",
                    "emailAddress": account.email,
                },
                *(dict(p) for p in f.permissions),
            ],
        }
        if f.revisions:
            head = f.revisions[-1]
            out.update(headRevisionId=head.id, md5Checksum=head.md5, size=str(len(head.data)))
        return out

    def visible(self, f: DriveFile, grant: Grant) -> bool:
        if f.trashed and f.owner != grant.email:
            return False
        reachable = f.owner == grant.email or any(
            p.get("type") == "anyone" or p.get("emailAddress") == grant.email for p in f.permissions
        )
        if not reachable:
            return False
        return SCOPE_FULL in grant.scope.split() or f.by_app


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGoogle
    host_kind: str
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: tests read ``fake.requests``."""

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    # ---- plumbing -----------------------------------------------------------------
    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _send(
        self, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(data).encode(), "application/json; charset=UTF-8", headers)

    def violation(self, text: str) -> None:
        with self.fake.lock:
            self.fake.violations.append(f"{self.command} {self.path}: {text}")

    def _dispatch(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        body = self._body()
        if (
            self.host_kind == "oauth"
            and self.fake.control_routes
            and parts.path.startswith(CONTROL_PREFIX)
        ):
            # Not Google: neither recorded nor checked.
            self._control(parts.path, body)
            return
        with self.fake.lock:
            self.fake.requests.append(
                {
                    "host": self.host_kind,
                    "method": self.command,
                    "path": parts.path,
                    "query": {k: v[0] for k, v in query.items()},
                }
            )
        try:
            if self.host_kind == "oauth":
                self._oauth(parts.path, body)
            else:
                self._api(parts.path, query, body)
        except GoogleError as err:
            self._json(err.status, err.body())

    # ---- test-only control routes (not Google) ----------------------------------------
    def _control(self, path: str, body: bytes) -> None:
        """``/_fake/...``: act as the user, or look at Drive; see the module docstring."""
        fake = self.fake
        route = (self.command, path[len(CONTROL_PREFIX) :])
        try:
            form = json.loads(body) if body else {}
        except ValueError:
            form = None
        if not isinstance(form, dict):
            self._json(400, {"message": "Send a JSON object."})
            return
        try:
            if route == ("POST", "device/approve"):
                email = str(form.get("email") or "")
                if email not in fake.accounts:
                    raise KeyError(email)
                fake.approve(str(form.get("user_code") or ""), email)
            elif route == ("POST", "device/deny"):
                fake.deny(str(form.get("user_code") or ""))
            elif route == ("POST", "files/edit"):
                fake.edit(str(form.get("id") or ""), str(form.get("content") or "").encode())
            elif route == ("GET", "files"):
                self._json(200, {"files": fake.describe_files()})
                return
            elif route == ("GET", "requests"):
                with fake.lock:
                    self._json(200, {"requests": list(fake.requests)})
                return
            else:
                self._json(404, {"message": f"No control route {self.command} {path}."})
                return
        except (KeyError, StopIteration):
            self._json(404, {"message": "Unknown user code, account or file."})
            return
        self._send(204, b"", "text/plain")

    # ---- OAuth ------------------------------------------------------------------------
    def _form(self, body: bytes, required: tuple[str, ...]) -> dict[str, str]:
        ctype = self.headers.get("Content-Type", "")
        if not ctype.startswith("application/x-www-form-urlencoded"):
            self.violation(f"OAuth request with Content-Type {ctype!r} (Google wants a form)")
        if urlsplit(self.path).query:
            self.violation("OAuth parameters in the URL (they belong in the form body)")
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        for name in required:
            if not form.get(name):
                self.violation(f"OAuth request without '{name}'")
        return form

    def _oauth_error(self, status: int, error: str, description: str) -> None:
        self._json(status, {"error": error, "error_description": description})

    def _oauth(self, path: str, body: bytes) -> None:
        fake = self.fake
        if self.command != "POST":
            self.violation("OAuth endpoints take POST")
            self._oauth_error(405, "invalid_request", "Method not allowed")
            return
        now = time.time()
        if path == "/device/code":
            form = self._form(body, ("client_id", "scope"))
            if form.get("client_id") != fake.client_id:
                self._oauth_error(401, "invalid_client", "The OAuth client was not found.")
                return
            scopes = set(form.get("scope", "").split())
            if not scopes or not scopes <= DEVICE_SCOPES:
                self._oauth_error(400, "invalid_scope", "Invalid device flow scope")
                return
            with fake.lock:
                device = Device(
                    "AH-fake" + secrets.token_urlsafe(20),
                    "-".join(secrets.token_hex(2).upper() for _ in range(3)),
                    form["scope"],
                    now + fake.device_expires_in,
                    fake.device_interval,
                )
                fake.devices[device.device_code] = device
            self._json(
                200,
                {
                    "device_code": device.device_code,
                    "user_code": device.user_code,
                    "expires_in": fake.device_expires_in,
                    "interval": device.interval,
                    "verification_url": "https://www.google.com/device",
                },
            )
            return
        if path == "/token":
            form = self._form(body, ("client_id", "client_secret", "grant_type"))
            if form.get("client_id") != fake.client_id or (
                form.get("client_secret") != fake.client_secret
            ):
                self._oauth_error(401, "invalid_client", "Unauthorized")
                return
            if form.get("grant_type") == DEVICE_GRANT:
                self._device_token(form, now)
            elif form.get("grant_type") == "refresh_token":
                self._refresh(form)
            else:
                self.violation(f"unknown grant_type {form.get('grant_type')!r}")
                self._oauth_error(400, "unsupported_grant_type", "Invalid grant_type")
            return
        if path == "/revoke":
            form = self._form(body, ("token",))
            token = form.get("token", "")
            with fake.lock:
                grant = next((g for g in fake.grants if g.refresh_token == token), None)
                if grant is None and token in fake.access:
                    grant = fake.access[token].grant
                if grant is None or grant.revoked:
                    self._oauth_error(400, "invalid_token", "Token expired or revoked")
                    return
                grant.revoked = True
            self._json(200, {})
            return
        self.violation("unknown OAuth path")
        self._oauth_error(404, "not_found", "Not Found")

    def _device_token(self, form: dict[str, str], now: float) -> None:
        fake = self.fake
        with fake.lock:
            device = fake.devices.get(form.get("device_code", ""))
            if device is None:
                self._oauth_error(400, "invalid_grant", "Malformed auth code.")
                return
            if now >= device.expires_at:
                self._oauth_error(400, "expired_token", "Expired")
                return
            if device.last_poll and now < device.last_poll + device.interval:
                device.last_poll = now
                self._oauth_error(403, "slow_down", "Forbidden")
                return
            device.last_poll = now
            if device.state == "pending":
                self._oauth_error(428, "authorization_pending", "Precondition Required")
                return
            if device.state == "denied":
                self._oauth_error(403, "access_denied", "Forbidden")
                return
            if device.state == "used":
                self._oauth_error(400, "invalid_grant", "Bad Request")
                return
            device.state = "used"
            access, refresh = fake.issue_token(str(device.email), device.scope)
        self._json(
            200,
            {
                "access_token": access,
                "expires_in": fake.token_lifetime,
                "refresh_token": refresh,
                "scope": device.scope,
                "token_type": "Bearer",
            },
        )

    def _refresh(self, form: dict[str, str]) -> None:
        fake = self.fake
        with fake.lock:
            grant = next(
                (g for g in fake.grants if g.refresh_token == form.get("refresh_token")), None
            )
            if grant is None or grant.revoked:
                self._oauth_error(400, "invalid_grant", "Token has been expired or revoked.")
                return
            access = fake._new_access(grant)
        self._json(
            200,
            {
                "access_token": access,
                "expires_in": fake.token_lifetime,
                "scope": grant.scope,
                "token_type": "Bearer",
            },
        )

    # ---- Drive API --------------------------------------------------------------------
    def _grant(self) -> Grant:
        auth = self.headers.get("Authorization", "")
        if not auth:
            raise GoogleError(
                401,
                "required",
                "Request is missing required authentication credential. Expected OAuth 2 "
                "access token, login cookie or other valid authentication credential.",
            )
        if not auth.startswith("Bearer "):
            self.violation("Authorization header is not 'Bearer TOKEN'")
        with self.fake.lock:
            access = self.fake.access.get(auth[7:])
            if access is None or access.grant.revoked or access.expires_at <= time.time():
                raise GoogleError(
                    401,
                    "authError",
                    "Request had invalid authentication credentials. Expected OAuth 2 access "
                    "token, login cookie or other valid authentication credential.",
                )
            return access.grant

    def _fault(self, path: str) -> None:
        with self.fake.lock:
            for fault in self.fake.faults:
                if fault.count <= 0:
                    continue
                if fault.method and fault.method != self.command:
                    continue
                if fault.path_part and fault.path_part not in path:
                    continue
                fault.count -= 1
                status, domain, reason, message = FAULTS[fault.kind]
                raise GoogleError(status, reason, message, domain)

    def _api(self, path: str, query: dict[str, list[str]], body: bytes) -> None:
        if "upload_id" in query and self.command == "PUT":
            grant = self._grant()
            self._resumable_put(query["upload_id"][0], body, grant)
            return
        found = discovery.find(self.command, path)
        if found is None:
            self.violation("no method of Drive v3's discovery document has this path and verb")
            raise GoogleError(404, "notFound", "Not Found")
        method, params, upload = found
        for problem in discovery.check_query(method, query, params, upload):
            self.violation(problem)
        if "key" in query or "access_token" in query or "oauth_token" in query:
            self.violation("credential in the URL")
        grant = self._grant()
        if not set(grant.scope.split()) & set(method.scopes):
            raise GoogleError(
                403,
                "insufficientPermissions",
                "Request had insufficient authentication scopes.",
            )
        self._fault(path)
        fields = (query.get("fields") or [""])[0]
        handler = getattr(self, "_m_" + method.id.replace("drive.", "").replace(".", "_"), None)
        if handler is None:
            self.violation(f"the fake does not implement {method.id}")
            raise GoogleError(501, "notImplemented", "Not implemented by the fake")
        status, result = handler(grant, params, query, body, upload)
        if isinstance(result, bytes):
            self._send(status, result, "application/octet-stream")
            return
        if isinstance(result, tuple):  # resumable session start: (headers,)
            self._send(status, b"", "text/plain", result[0])
            return
        if fields:
            try:
                result = discovery.apply_mask(result, discovery.parse_fields(fields))
            except ValueError:
                raise GoogleError(400, "invalidParameter", "Invalid field selection") from None
        for problem in discovery.check_value(
            result, method.spec["response"], "response", request=False
        ):
            self.violation(problem)
        self._json(status, result)

    # The methods; each returns (status, JSON-able | bytes | (headers,)).
    def _file(self, grant: Grant, file_id: str) -> DriveFile:
        f = self.fake.files.get(file_id)
        if f is None or not self.fake.visible(f, grant):
            raise GoogleError(404, "notFound", f"File not found: {file_id}.")
        return f

    def _default(self, data: dict[str, Any]) -> dict[str, Any]:
        return {k: data[k] for k in ("kind", "id", "name", "mimeType") if k in data}

    def _out(self, f: DriveFile, grant: Grant, query: dict[str, list[str]]) -> dict[str, Any]:
        data = self.fake.file_json(f, grant.email)
        return data if query.get("fields") else self._default(data)

    def _m_about_get(self, grant: Grant, *_: Any) -> tuple[int, Any]:
        account = self.fake.accounts[grant.email]
        return 200, {
            "kind": "drive#about",
            "user": {
                "kind": "drive#user",
                "displayName": account.name,
                "emailAddress": account.email,
                "permissionId": account.permission_id,
                "me": True,
            },
        }

    def _m_files_get(
        self, grant: Grant, params: dict[str, str], query: Any, *_: Any
    ) -> tuple[int, Any]:
        with self.fake.lock:
            f = self._file(grant, params["fileId"])
            if (query.get("alt") or [""])[0] == "media":
                if not f.revisions:
                    raise GoogleError(
                        403,
                        "fileNotDownloadable",
                        "Only files with binary content can be downloaded.",
                    )
                return 200, f.revisions[-1].data
            return 200, self._out(f, grant, query)

    def _m_files_list(
        self, grant: Grant, params: Any, query: dict[str, list[str]], *_: Any
    ) -> tuple[int, Any]:
        q = (query.get("q") or [""])[0]
        try:
            pred = compile_query(q) if q else (lambda f: not f.get("trashed"))
        except QueryError as err:
            self.violation(f"q={q!r}: {err}")
            raise GoogleError(400, "invalid", "Invalid Value") from None
        size = int((query.get("pageSize") or ["100"])[0])
        start = int((query.get("pageToken") or ["0"])[0] or 0)
        with self.fake.lock:
            rows = [
                self.fake.file_json(f, grant.email)
                for f in self.fake.files.values()
                if self.fake.visible(f, grant)
            ]
        root = self.fake.accounts[grant.email].root_id
        rows = [
            r
            for r in rows
            if pred({**r, "parents": r["parents"] + (["root"] if root in r["parents"] else [])})
        ]
        order = (query.get("orderBy") or [""])[0]
        if order:
            key, _, direction = order.partition(" ")
            if key not in ("modifiedTime", "name", "createdTime"):
                self.violation(f"orderBy={order!r}: not supported by the fake")
            rows.sort(key=lambda r: str(r.get(key)), reverse=direction == "desc")
        page = rows[start : start + size]
        out: dict[str, Any] = {"kind": "drive#fileList", "incompleteSearch": False}
        if start + size < len(rows):
            out["nextPageToken"] = str(start + size)
        out["files"] = page if query.get("fields") else [self._default(r) for r in page]
        return 200, out

    def _parse_multipart(self, body: bytes) -> tuple[dict[str, Any], bytes]:
        ctype = self.headers.get("Content-Type", "")
        if not ctype.startswith("multipart/related") or "boundary=" not in ctype:
            self.violation(f"multipart upload with Content-Type {ctype!r}")
            raise GoogleError(400, "badContent", "Bad multipart content")
        boundary = ctype.split("boundary=", 1)[1].strip().strip('"').encode()
        chunks = body.split(b"--" + boundary)
        parts = [c for c in chunks[1:] if not c.startswith(b"--")]
        if len(parts) != 2 or not chunks[-1].startswith(b"--"):
            self.violation(f"multipart body with {len(parts)} parts (want metadata and media)")
            raise GoogleError(400, "badContent", "Bad multipart content")
        out = []
        for part in parts:
            head, _, content = part.partition(b"\r\n\r\n")
            if content.endswith(b"\r\n"):
                content = content[:-2]
            out.append((head.decode("latin-1").lower(), content))
        if "application/json" not in out[0][0]:
            self.violation("the first multipart part is not the JSON metadata")
        try:
            meta = json.loads(out[0][1] or b"{}")
        except ValueError:
            raise GoogleError(400, "parseError", "Parse Error") from None
        return meta, out[1][1]

    def _metadata(
        self, body: bytes, upload: bool, query: dict[str, list[str]]
    ) -> tuple[dict[str, Any], bytes | None]:
        kind = (query.get("uploadType") or [""])[0]
        if upload and kind == "multipart":
            meta, media = self._parse_multipart(body)
        elif upload and kind == "media":
            meta, media = {}, body
        else:
            try:
                meta = json.loads(body or b"{}")
            except ValueError:
                raise GoogleError(400, "parseError", "Parse Error") from None
            media = None
        for problem in discovery.check_value(meta, {"$ref": "File"}, "request body", request=True):
            self.violation(problem)
        return meta, media

    def _parents_ok(self, grant: Grant, parents: list[str]) -> None:
        root = self.fake.accounts[grant.email].root_id
        for i, parent in enumerate(parents):
            if parent in ("root", root):
                parents[i] = root
                continue
            f = self.fake.files.get(parent)
            if f is None or f.mime != FOLDER_MIME or not self.fake.visible(f, grant):
                raise GoogleError(404, "notFound", f"File not found: {parent}.")

    def _start_session(
        self, grant: Grant, meta: dict[str, Any], file_id: str | None, path: str
    ) -> tuple[int, Any]:
        length = self.headers.get("X-Upload-Content-Length")
        upload_id = "fake-upload-" + secrets.token_urlsafe(16)
        with self.fake.lock:
            self.fake.uploads[upload_id] = {
                "meta": meta,
                "fileId": file_id,
                "data": b"",
                "length": int(length) if length and length.isdigit() else None,
                "email": grant.email,
                "fields": (parse_qs(urlsplit(self.path).query).get("fields") or [""])[0],
            }
        location = f"{self.fake.api_url}{path}?uploadType=resumable&upload_id={upload_id}"
        return 200, ({"Location": location},)

    def _m_files_create(
        self, grant: Grant, params: Any, query: dict[str, list[str]], body: bytes, upload: bool
    ) -> tuple[int, Any]:
        meta, media = self._metadata(body, upload, query)
        parents = meta.get("parents") or []
        with self.fake.lock:
            self._parents_ok(grant, parents)
            if (query.get("uploadType") or [""])[0] == "resumable":
                return self._start_session(grant, meta, None, "/upload/drive/v3/files")
            mime = meta.get("mimeType") or (
                "application/octet-stream" if media is not None else FOLDER_MIME
            )
            if media is None and mime != FOLDER_MIME:
                media = b""
            f = self.fake._create(
                grant.email, meta.get("name") or "Untitled", mime, list(parents), media or b"", True
            )
            return 200, self._out(f, grant, query)

    def _m_files_update(
        self,
        grant: Grant,
        params: dict[str, str],
        query: dict[str, list[str]],
        body: bytes,
        upload: bool,
    ) -> tuple[int, Any]:
        meta, media = self._metadata(body, upload, query)
        if "parents" in meta:
            self.violation("files.update cannot set 'parents' (use addParents/removeParents)")
        with self.fake.lock:
            f = self._file(grant, params["fileId"])
            if f.owner != grant.email and not any(
                p.get("emailAddress") == grant.email and p.get("role") in ("writer", "owner")
                for p in f.permissions
            ):
                raise GoogleError(
                    403,
                    "insufficientFilePermissions",
                    "The user does not have sufficient permissions for this file.",
                )
            if (query.get("uploadType") or [""])[0] == "resumable":
                return self._start_session(grant, meta, f.id, f"/upload/drive/v3/files/{f.id}")
            self._apply(f, meta, media)
            return 200, self._out(f, grant, query)

    def _apply(self, f: DriveFile, meta: dict[str, Any], media: bytes | None) -> None:
        if meta.get("name"):
            f.name = meta["name"]
        if meta.get("mimeType"):
            f.mime = meta["mimeType"]
        if "trashed" in meta:
            f.trashed = bool(meta["trashed"])
        if media is not None:
            self.fake._add_revision(f, media)
        elif meta:
            f.version += 1

    def _resumable_put(self, upload_id: str, body: bytes, grant: Grant) -> None:
        fake = self.fake
        with fake.lock:
            session = fake.uploads.get(upload_id)
            if session is None or session["email"] != grant.email:
                raise GoogleError(404, "notFound", "Upload session not found")
            rng = self.headers.get("Content-Range", "")
            total = session["length"]
            if rng:
                match = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+|\*)", rng)
                if not match:
                    self.violation(f"bad Content-Range {rng!r}")
                    raise GoogleError(400, "badRequest", "Bad Content-Range")
                first, last = int(match.group(1)), int(match.group(2))
                if first != len(session["data"]) or last - first + 1 != len(body):
                    self.violation(
                        f"Content-Range {rng!r} does not follow the "
                        f"{len(session['data'])} bytes received"
                    )
                if match.group(3) != "*":
                    total = int(match.group(3))
                    if session["length"] is not None and total != session["length"]:
                        self.violation("Content-Range total differs from X-Upload-Content-Length")
                is_last = total is not None and last + 1 == total
                if not is_last and len(body) % (256 * 1024):
                    self.violation(
                        "a resumable chunk other than the last is not a multiple of 256 KiB"
                    )
            else:
                is_last = True
            session["data"] += body
            if not is_last:
                self.send_response(308)
                self.send_header("Range", f"bytes=0-{len(session['data']) - 1}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            del fake.uploads[upload_id]
            meta = session["meta"]
            if session["fileId"]:
                f = self._file(grant, session["fileId"])
                self._apply(f, meta, session["data"])
                status = 200
            else:
                f = fake._create(
                    grant.email,
                    meta.get("name") or "Untitled",
                    meta.get("mimeType") or "application/octet-stream",
                    list(meta.get("parents") or []),
                    session["data"],
                    True,
                )
                status = 200
            out = fake.file_json(f, grant.email)
            if session["fields"]:
                out = discovery.apply_mask(out, discovery.parse_fields(session["fields"]))
            else:
                out = self._default(out)
        for problem in discovery.check_value(out, {"$ref": "File"}, "response", request=False):
            self.violation(problem)
        self._json(status, out)

    def _m_permissions_create(
        self, grant: Grant, params: dict[str, str], query: Any, body: bytes, upload: bool
    ) -> tuple[int, Any]:
        try:
            perm = json.loads(body or b"{}")
        except ValueError:
            raise GoogleError(400, "parseError", "Parse Error") from None
        for problem in discovery.check_value(
            perm, {"$ref": "Permission"}, "request body", request=True
        ):
            self.violation(problem)
        for required in ("type", "role"):
            if not perm.get(required):
                self.violation(
                    f"permissions.create without '{required}' (required by the document)"
                )
                raise GoogleError(400, "required", f"The permission {required} field is required.")
        with self.fake.lock:
            f = self._file(grant, params["fileId"])
            if f.owner != grant.email:
                raise GoogleError(
                    403,
                    "insufficientFilePermissions",
                    "The user does not have sufficient permissions for this file.",
                )
            if perm["type"] == "anyone":
                pid = "anyoneWithLink"
            elif perm["type"] in ("user", "group"):
                if not perm.get("emailAddress"):
                    raise GoogleError(400, "invalidSharingRequest", "An email address is required.")
                pid = str(secrets.randbelow(10**20))
            else:
                pid = str(secrets.randbelow(10**20))
            record = {
                "kind": "drive#permission",
                "id": pid,
                "type": perm["type"],
                "role": perm["role"],
            }
            if "emailAddress" in perm:
                record["emailAddress"] = perm["emailAddress"]
            if perm["type"] == "anyone":
                record["allowFileDiscovery"] = bool(perm.get("allowFileDiscovery", False))
            f.permissions = [p for p in f.permissions if p["id"] != pid] + [record]
            f.version += 1
            out = dict(record)
        return 200, out if query.get("fields") else {
            k: out[k] for k in ("kind", "id", "type", "role")
        }

    def _m_permissions_list(
        self, grant: Grant, params: dict[str, str], query: Any, *_: Any
    ) -> tuple[int, Any]:
        with self.fake.lock:
            f = self._file(grant, params["fileId"])
            return 200, {
                "kind": "drive#permissionList",
                "permissions": [dict(p) for p in f.permissions],
            }
