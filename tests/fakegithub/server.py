"""A local stand-in for api.github.com that behaves as GitHub does and checks every exchange.

`FakeGitHub` runs a threaded HTTP/1.1 server on 127.0.0.1 that serves the REST API at `/`
(api.github.com style) and at `/api/v3/` (GitHub Enterprise Server style), and the OAuth device
flow at `/login/device/code` and `/login/oauth/access_token`. Every request and every response
is checked against GitHub's OpenAPI description (see `openapi.py`); what does not match is
recorded in `violations`.

Choices where GitHub's behaviour depends on details a fake cannot know, following GitHub's rule
of answering 404 rather than 403 where a 403 would reveal a private resource:

* Missing token where one is needed: 401 "Requires authentication"; unknown token: 401
  "Bad credentials" (on every endpoint, as GitHub checks a presented token first).
* Writing to a repository: no access or a private repository without the `repo` scope → 404;
  a readable public repository without write permission or without `repo`/`public_repo` →
  403 "Resource not accessible by personal access token" when the operation declares 403,
  otherwise 404.
* Gists: creating or editing without the `gist` scope → 404; editing someone else's gist → 404.
  Secret gists are unlisted, not private: anyone with the id can read them, as on GitHub.
  `html_url` is `{web_url}/gist/{login}/{id}`, `git_pull_url` `{web_url}/gist/{id}.git`
  (GitHub Enterprise Server layout, since the fake has a single host).
* Organisation members administer their organisation's repositories (as organisation owners do).
* Contents PUT with a `sha` for a file that does not exist → 409 "<path> does not match <sha>"
  (the given blob is not the current one); a branch that does not exist → 404
  "Branch <name> not found".
* Cross-cutting answers (401, rate limits, injected faults) may come from any operation on
  GitHub, so they are checked against `basic-error` instead of the operation's declared statuses.

Test-only control routes (NOT part of GitHub): with `control_routes` set (the standalone
`python -m tests.fakegithub` sets it, the pytest fixture does not), `POST /_fake/device/approve`
with JSON `{"user_code": ..., "login": ...}` and `POST /_fake/device/deny` with
`{"user_code": ...}` do what `approve_device`/`deny_device` do, for a browser test that cannot
call the Python API; `POST /_fake/commit` with JSON `{"owner", "repo", "branch", "path",
"content"}` (and an optional `"message"`) is someone else's push of one file, as `commit_file`
(200 `{"sha": ...}`, the new commit), so a browser test can move the remote on. They answer 204
(404 `{"message": ...}` for an unknown user code or repository), are neither recorded in
`requests` nor checked against GitHub's API description, and are not subject to injected
faults. Without `control_routes`, `/_fake/...` is an unknown API path
like any other (404 and a violation).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import secrets
import socket
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from . import openapi
from .api import OPERATIONS
from .git import FILE_MODE, TREE_MODE, Signature
from .model import DOCS, Account, ApiError, Ctx, Repo, new_token

RATE_DOCS = "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"
SECONDARY_DOCS = RATE_DOCS + "#about-secondary-rate-limits"
DEVICE_ERROR_URI = (
    "https://docs.github.com/developers/apps/authorizing-oauth-apps#error-codes-for-the-device-flow"
)
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
TOKEN_RE = re.compile(r"gh[opsu]_[A-Za-z0-9]{20,}")
CONTROL_PREFIX = "/_fake/"
PERMISSION_RANK = {None: 0, "pull": 1, "push": 2, "admin": 3}
#: The JSON fields of `POST /_fake/commit`, in `FakeGitHub.commit_file`'s order.
COMMIT_FIELDS = ("owner", "repo", "branch", "path", "content")


@dataclass
class Fault:
    """An injected failure for the next matching requests."""

    kind: str
    count: int
    method: str | None
    path_regex: str | None
    status: int = 502
    seconds: float = 0.0
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: dict[str, str] | None = None

    def matches(self, method: str, path: str) -> bool:
        """Whether this fault applies to a request."""
        if self.method is not None and self.method.upper() != method:
            return False
        return self.path_regex is None or re.search(self.path_regex, path) is not None


@dataclass
class DeviceGrant:
    """One device-flow authorisation in progress."""

    device_code: str
    user_code: str
    client_id: str
    scope: str
    issued: float
    expires_in: int
    interval: int
    last_poll: float
    state: str = "pending"
    token: str | None = None
    scopes: tuple[str, ...] = ()


class FakeGitHub:
    """A GitHub to test against; see the module docstring for the behaviour it follows."""

    inline_limit: ClassVar[int] = 1024 * 1024
    max_file_size: ClassVar[int] = 100 * 1024 * 1024
    #: Entries of a recursive tree listing before GitHub cuts it short (`truncated`).
    tree_limit: int = 100_000

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.accounts: dict[str, Account] = {}
        self.tokens: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.repos: dict[tuple[str, str], Repo] = {}
        self.gists: dict[str, dict[str, Any]] = {}
        self.pulls: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.violations: list[str] = []
        self.expect_violations = False
        self.forced_updates: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.token: str | None = None
        self.oauth_client_id = "Iv1.fakeclient"
        self.device_interval = 5
        self.device_expires_in = 900
        self.device_flow_enabled = True
        self.devices: dict[str, DeviceGrant] = {}
        self.control_routes = False
        self.faults: list[Fault] = []
        self.rate: dict[str, int] = {
            "limit": 5000,
            "remaining": 5000,
            "used": 0,
            "reset": int(time.time()) + 3600,
        }
        self.secondary: dict[str, Any] | None = None
        self._next_id = 1000
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self.base_url = ""

    # ----- lifecycle -------------------------------------------------------------------------

    def start(self) -> FakeGitHub:
        """Serve on a free port of 127.0.0.1 in a background thread."""
        return self.start_on(0)

    def start_on(self, port: int) -> FakeGitHub:
        """Serve on `port` (0: a free one) of 127.0.0.1 in a background thread."""
        handler = type("BoundHandler", (_Handler,), {"fake": self})
        server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        server.daemon_threads = True
        self._server = server
        self.base_url = f"http://127.0.0.1:{server.server_address[1]}"
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close every open connection."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        with self.lock:
            conns = list(self._connections)
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        if self._thread is not None:
            self._thread.join()
        self._server = None

    def __enter__(self) -> FakeGitHub:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def api_url(self) -> str:
        """The github.com-style API root."""
        return self.base_url

    @property
    def enterprise_api_url(self) -> str:
        """The GitHub Enterprise Server-style API root."""
        return self.base_url + "/api/v3"

    @property
    def web_url(self) -> str:
        """The root of web pages (repository html_url is `{web_url}/{owner}/{repo}`)."""
        return self.base_url

    # ----- set-up ------------------------------------------------------------------------------

    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def add_user(
        self,
        login: str,
        token: str,
        scopes: tuple[str, ...] | list[str] = ("repo", "gist"),
        orgs: tuple[str, ...] | list[str] = (),
        name: str | None = None,
    ) -> None:
        """A user with a token; the organisations in `orgs` are created as needed."""
        with self.lock:
            for org in orgs:
                if org not in self.accounts:
                    self.accounts[org] = Account(org, self._new_id(), type="Organization")
            self.accounts[login] = Account(login, self._new_id(), name=name, orgs=tuple(orgs))
            self.add_token(login, token, scopes)

    def add_token(self, login: str, token: str, scopes: tuple[str, ...] | list[str]) -> None:
        """Another token for an existing user."""
        with self.lock:
            if login not in self.accounts:
                raise KeyError(login)
            self.tokens[token] = (login, tuple(scopes))

    def create_repo(
        self,
        owner: str,
        name: str,
        private: bool = False,
        default_branch: str = "main",
        files: dict[str, bytes | str] | None = None,
    ) -> None:
        """A repository with an initial commit of `files` (None: a README.md; {}: empty)."""
        with self.lock:
            if owner not in self.accounts:
                self.accounts[owner] = Account(owner, self._new_id(), type="Organization")
            repo = Repo(owner, name, self._new_id(), private, default_branch)
            self.repos[(owner.lower(), name.lower())] = repo
            if files is None:
                files = {"README.md": f"# {name}\n"}
            if files:
                self._commit_files(repo, default_branch, files, "Initial commit", owner)

    def add_collaborator(self, owner: str, repo: str, login: str, permission: str = "pull") -> None:
        """Give `login` "pull", "push" or "admin" on a repository."""
        with self.lock:
            self._repo(owner, repo).collaborators[login] = permission

    def commit_file(
        self,
        owner: str,
        repo: str,
        branch: str,
        path: str,
        content: bytes | str,
        message: str = "remote change",
    ) -> str:
        """Someone else's push of one file to `branch`; returns the new commit sha."""
        with self.lock:
            return self._commit_files(
                self._repo(owner, repo), branch, {path: content}, message, owner
            )

    def read_file(self, owner: str, repo: str, ref: str, path: str) -> bytes | None:
        """A file's bytes at a branch or commit, or None."""
        with self.lock:
            r = self._repo(owner, repo)
            sha = r.branches.get(ref, ref if ref in r.store.commits else None)
            if sha is None:
                return None
            entry = r.store.lookup(r.store.commits[sha].tree, path)
            if entry is None or entry[0] == TREE_MODE:
                return None
            return r.store.blobs[entry[1]]

    def branch_sha(self, owner: str, repo: str, branch: str) -> str | None:
        """The head commit of a branch, or None."""
        with self.lock:
            return self._repo(owner, repo).branches.get(branch)

    def commit_log(self, owner: str, repo: str, branch: str) -> list[dict[str, Any]]:
        """The first-parent history of a branch, newest first, with every file's bytes."""
        with self.lock:
            r = self._repo(owner, repo)
            out: list[dict[str, Any]] = []
            sha = r.branches.get(branch)
            while sha is not None:
                c = r.store.commits[sha]
                files = {p: r.store.blobs[s] for p, (_, s) in r.store.flatten(c.tree).items()}
                out.append(
                    {"sha": sha, "message": c.message, "parents": list(c.parents), "files": files}
                )
                sha = c.parents[0] if c.parents else None
            return out

    def delete_file(self, owner: str, repo: str, branch: str, path: str) -> str:
        """Someone else's commit removing `path` from `branch`; returns the new commit sha."""
        with self.lock:
            r = self._repo(owner, repo)
            head = r.branches[branch]
            flat = r.store.flatten(r.store.commits[head].tree)
            del flat[path]
            who = self.accounts.get(owner) or Account(owner, 0)
            sig = Signature(who.name or who.login, who.email, int(time.time()))
            sha = r.store.put_commit(r.store.build(flat), [head], sig, sig, f"delete {path}")
            r.branches[branch] = sha
            return sha

    def delete_branch(self, owner: str, repo: str, branch: str) -> None:
        """Someone else deleted a branch."""
        with self.lock:
            del self._repo(owner, repo).branches[branch]

    def set_branch(self, owner: str, repo: str, branch: str, sha: str) -> None:
        """Someone else's force-push: `branch` now points at commit `sha`."""
        with self.lock:
            self._repo(owner, repo).branches[branch] = sha

    def edit_gist(self, gist_id: str, files: dict[str, str]) -> str:
        """Someone else's edit of a gist's files (a new revision); returns the revision."""
        with self.lock:
            gist = self.gists[gist_id]
            new = {**gist["files"], **files}
            version = hashlib.sha1(f"{gist_id}:{len(gist['history']) + 1}:{new}".encode())
            rev = version.hexdigest()
            gist["files"] = new
            gist["revisions"][rev] = dict(new)
            now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            gist["updated_at"] = now
            change = {"total": 1, "additions": 1, "deletions": 0}
            gist["history"].insert(
                0, {"version": rev, "committed_at": now, "change_status": change}
            )
            return rev

    def _repo(self, owner: str, name: str) -> Repo:
        return self.repos[(owner.lower(), name.lower())]

    def _commit_files(
        self, repo: Repo, branch: str, files: dict[str, bytes | str], message: str, login: str
    ) -> str:
        head = repo.branches.get(branch)
        flat = repo.store.flatten(repo.store.commits[head].tree) if head else {}
        for path, content in files.items():
            data = content.encode() if isinstance(content, str) else content
            flat[path] = (FILE_MODE, repo.store.put_blob(data))
        tree = repo.store.build(flat)
        who = self.accounts.get(login) or Account(login, 0)
        sig = Signature(who.name or who.login, who.email, int(time.time()))
        sha = repo.store.put_commit(tree, [head] if head else [], sig, sig, message)
        repo.branches[branch] = sha
        repo.updated = time.time()
        return sha

    # ----- introspection, faults, limits -----------------------------------------------------

    def request_count(self, method: str | None = None, path_regex: str | None = None) -> int:
        """How many recorded requests match a method and a regex searched in the path."""
        with self.lock:
            return sum(
                1
                for r in self.requests
                if (method is None or r["method"] == method.upper())
                and (path_regex is None or re.search(path_regex, r["path"]))
            )

    def reset_counts(self) -> None:
        """Forget the recorded requests."""
        with self.lock:
            self.requests.clear()

    def fail_next(
        self,
        status: int = 502,
        count: int = 1,
        method: str | None = None,
        path_regex: str | None = None,
    ) -> None:
        """Answer the next `count` matching requests with `status` and a JSON error."""
        with self.lock:
            self.faults.append(Fault("fail", count, method, path_regex, status=status))

    def reset_next(
        self, count: int = 1, method: str | None = None, path_regex: str | None = None
    ) -> None:
        """Close the connection of the next `count` matching requests without answering."""
        with self.lock:
            self.faults.append(Fault("reset", count, method, path_regex))

    def delay_next(
        self,
        seconds: float,
        count: int = 1,
        method: str | None = None,
        path_regex: str | None = None,
    ) -> None:
        """Wait `seconds` before answering the next `count` matching requests."""
        with self.lock:
            self.faults.append(Fault("delay", count, method, path_regex, seconds=seconds))

    def truncate_next(
        self, count: int = 1, method: str | None = None, path_regex: str | None = None
    ) -> None:
        """Do the next `count` matching requests, but cut their answer off half-way.

        The status line and a full `Content-Length` go out, then half the body, then
        the connection closes: a write has happened and its answer is lost.
        """
        with self.lock:
            self.faults.append(Fault("truncate", count, method, path_regex))

    def answer_next(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json; charset=utf-8",
        headers: dict[str, str] | None = None,
        count: int = 1,
        method: str | None = None,
        path_regex: str | None = None,
    ) -> None:
        """Answer the next `count` matching requests with exactly this, doing nothing else.

        What a proxy, a captive portal or a misconfigured server in front of GitHub
        sends: an HTML page, a JSON body of another shape, a redirect.
        """
        with self.lock:
            self.faults.append(
                Fault(
                    "answer",
                    count,
                    method,
                    path_regex,
                    status=status,
                    body=body,
                    content_type=content_type,
                    headers=dict(headers or {}),
                )
            )

    def redirect_next(
        self,
        location: str,
        status: int = 307,
        count: int = 1,
        method: str | None = None,
        path_regex: str | None = None,
    ) -> None:
        """Answer the next `count` matching requests with a redirect to `location`."""
        self.answer_next(
            status,
            b"",
            headers={"Location": location},
            count=count,
            method=method,
            path_regex=path_regex,
        )

    def set_rate_limit(
        self,
        remaining: int,
        reset: int | None = None,
        secondary: bool = False,
        retry_after: int = 60,
        status: int = 403,
    ) -> None:
        """Allow `remaining` more requests, then answer as GitHub does when a limit is hit.

        Primary: 403 until `reset` (epoch seconds, default in an hour), then the quota refills.
        Secondary: 403 (or `status`, e.g. 429) with `retry-after` for `retry_after` seconds.
        """
        with self.lock:
            self.rate["reset"] = reset if reset is not None else int(time.time()) + 3600
            if secondary:
                self.secondary = {
                    "remaining": remaining,
                    "retry_after": retry_after,
                    "status": status,
                    "until": None,
                }
            else:
                self.secondary = None
                self.rate["remaining"] = remaining
                self.rate["used"] = self.rate["limit"] - remaining

    # ----- device flow control ----------------------------------------------------------------

    def _grant(self, user_code: str) -> DeviceGrant:
        for grant in self.devices.values():
            if grant.user_code == user_code:
                return grant
        raise KeyError(user_code)

    def approve_device(
        self, user_code: str, login: str, scopes: tuple[str, ...] | list[str] = ("repo", "gist")
    ) -> None:
        """The user enters `user_code` and authorises the app; the next poll gets a token."""
        with self.lock:
            grant = self._grant(user_code)
            token = new_token("gho_")
            self.add_token(login, token, scopes)
            grant.state, grant.token, grant.scopes = "approved", token, tuple(scopes)

    def deny_device(self, user_code: str) -> None:
        """The user cancels the authorisation."""
        with self.lock:
            self._grant(user_code).state = "denied"

    def expire_device(self, user_code: str) -> None:
        """The device code runs out of time."""
        with self.lock:
            self._grant(user_code).state = "expired"

    def pending_user_codes(self) -> list[str]:
        """User codes waiting for the user, oldest first."""
        with self.lock:
            return [g.user_code for g in self.devices.values() if g.state == "pending"]

    def _redact(self, text: str) -> str:
        for token in self.tokens:
            text = text.replace(token, "[REDACTED]")
        return TOKEN_RE.sub("[REDACTED]", text)

    def violation(self, text: str) -> None:
        """Record a mismatch with GitHub's API description (tokens removed)."""
        with self.lock:
            self.violations.append(self._redact(text))


class _Handler(BaseHTTPRequestHandler):
    """Turns HTTP exchanges into calls on the bound `FakeGitHub`."""

    fake: ClassVar[FakeGitHub]
    protocol_version = "HTTP/1.1"

    def version_string(self) -> str:
        """The Server header GitHub sends."""
        return "GitHub.com"

    def setup(self) -> None:
        super().setup()
        with self.fake.lock:
            self.fake._connections.add(self.connection)

    def finish(self) -> None:
        with self.fake.lock:
            self.fake._connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: tests read `fake.requests` instead."""

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_GET

    # ----- plumbing --------------------------------------------------------------------------

    def _dispatch(self) -> None:
        fake = self.fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        split = urlsplit(self.path)
        path = split.path
        if fake.control_routes and path.startswith(CONTROL_PREFIX):
            self._control(path, raw)
            return
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        headers = {
            k: ("[REDACTED]" if k.lower() == "authorization" else v)
            for k, v in self.headers.items()
        }
        record: dict[str, Any] = {
            "method": self.command,
            "path": path,
            "query": query,
            "headers": headers,
            "json": None,
            "status": None,
        }
        try:
            record["json"] = json.loads(raw) if raw else None
        except ValueError:
            record["json"] = None
        with fake.lock:
            fake.requests.append(record)
            fault = next((f for f in fake.faults if f.matches(self.command, path)), None)
            if fault is not None:
                fault.count -= 1
                if fault.count <= 0:
                    fake.faults.remove(fault)
        if fault is not None and fault.kind == "delay" and fake._stopping.wait(fault.seconds):
            return
        if fault is not None and fault.kind == "reset":
            record["status"] = 0
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault is not None and fault.kind == "answer":
            # Not GitHub's answer on purpose: not checked against the description.
            self._send(fault.status, fault.body, fault.headers or {}, record, fault.content_type)
            return
        self._truncate = fault is not None and fault.kind == "truncate"
        if fault is not None and fault.kind == "fail":
            body = {
                "message": "Server Error",
                "documentation_url": DOCS,
                "status": str(fault.status),
            }
            self._send(fault.status, body, {}, record)
            return
        if path.startswith("/login/"):
            self._device(path, raw, record)
            return
        api = fake.base_url
        if path == "/api/v3" or path.startswith("/api/v3/"):
            api = fake.enterprise_api_url
            path = path[len("/api/v3") :] or "/"
        self._api(api, path, query, raw, record)

    def _send(
        self,
        status: int,
        body: Any,
        headers: dict[str, str],
        record: dict[str, Any],
        content_type: str = "application/json; charset=utf-8",
    ) -> None:
        record["status"] = status
        data = (
            b""
            if body is None
            else (body if isinstance(body, bytes) else json.dumps(body).encode())
        )
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("X-GitHub-Request-Id", secrets.token_hex(8).upper())
            for k, v in headers.items():
                self.send_header(k, v)
            self.end_headers()
            if getattr(self, "_truncate", False):
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if self.command != "HEAD":
                self.wfile.write(data)
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    # ----- test-only control routes (not GitHub) ---------------------------------------------

    def _control(self, path: str, raw: bytes) -> None:
        """`/_fake/...`: drive the fake from a test over HTTP; see the module docstring."""
        fake = self.fake
        record: dict[str, Any] = {"status": None}
        try:
            form = json.loads(raw) if raw else {}
            if not isinstance(form, dict):
                raise ValueError
        except ValueError:
            self._send(400, {"message": "Send a JSON object."}, {}, record)
            return
        user_code = str(form.get("user_code", ""))
        try:
            if self.command == "POST" and path == CONTROL_PREFIX + "device/approve":
                fake.approve_device(user_code, str(form.get("login", "")))
            elif self.command == "POST" and path == CONTROL_PREFIX + "device/deny":
                fake.deny_device(user_code)
            elif self.command == "POST" and path == CONTROL_PREFIX + "commit":
                if not all(isinstance(form.get(k), str) for k in COMMIT_FIELDS):
                    fields = ", ".join(COMMIT_FIELDS)
                    self._send(400, {"message": f"Send {fields} as strings."}, {}, record)
                    return
                sha = fake.commit_file(
                    *(str(form[k]) for k in COMMIT_FIELDS),
                    message=str(form.get("message") or "remote change"),
                )
                self._send(200, {"sha": sha}, {}, record)
                return
            else:
                self._send(404, {"message": f"No control route {self.command} {path}."}, {}, record)
                return
        except KeyError as err:
            self._send(
                404, {"message": f"Unknown user code, login or repository: {err}"}, {}, record
            )
            return
        self._send(204, None, {}, record)

    # ----- REST API --------------------------------------------------------------------------

    def _api(
        self, api: str, path: str, query: dict[str, str], raw: bytes, record: dict[str, Any]
    ) -> None:
        fake = self.fake
        op, params, _ = openapi.match(self.command, path)
        if op is None:
            fake.violation(f"{self.command} {path}: not an operation of GitHub's API description")
            self._send(
                404,
                {"message": "Not Found", "documentation_url": DOCS, "status": "404"},
                {},
                record,
            )
            return
        params = {k: unquote(v) for k, v in params.items()}
        has_body = bool(raw)
        body: Any = None
        if has_body:
            try:
                body = json.loads(raw)
            except ValueError:
                body = openapi.INVALID_JSON
        with fake.lock:
            headers: dict[str, str] = {}
            try:
                login, scopes = self._authenticate()
                if login is not None:
                    headers["X-OAuth-Scopes"] = ", ".join(scopes)
                headers["X-Accepted-OAuth-Scopes"] = _accepted_scopes(op)
                if op.operation_id != "rate-limit/get":
                    self._spend_rate(login, headers)
                headers.update(self._rate_headers())
                for problem in op.check_request(params, query, body, has_body):
                    fake.violation(problem)
                if body is openapi.INVALID_JSON:
                    raise ApiError(400, "Problems parsing JSON")
                ctx = Ctx(fake, api, params, query, body, login, scopes, op, headers)
                status, out = OPERATIONS[op.operation_id](ctx)
                for problem in op.check_response(status, out):
                    fake.violation(problem)
                if self.command == "GET" and status == 200:
                    # GitHub's conditional requests: a weak ETag of the body; a matching
                    # If-None-Match gets 304 with no body (any GET may answer it).
                    tag = 'W/"' + hashlib.sha256(json.dumps(out).encode()).hexdigest()[:40] + '"'
                    headers["ETag"] = tag
                    asked = self.headers.get("If-None-Match") or ""
                    if tag in [t.strip() for t in asked.split(",")]:
                        status, out = 304, None
            except ApiError as err:
                status, out = err.status, err.body
                headers.update(err.headers)
                if "x-ratelimit-limit" not in headers:
                    headers.update(self._rate_headers())
                if err.generic:
                    problem = openapi.check_error_body(out)
                    if problem:
                        fake.violation(f"{op.operation_id}: error body {problem}")
                else:
                    for problem in op.check_response(status, out):
                        fake.violation(problem)
            except Exception as exc:  # a bug in the fake must fail the test, not hang it
                fake.violation(f"{op.operation_id}: the fake crashed: {exc!r}")
                status, out = 500, {"message": "Server Error", "documentation_url": DOCS}
        self._send(status, out, headers, record)

    def _authenticate(self) -> tuple[str | None, tuple[str, ...]]:
        value = self.headers.get("Authorization")
        if not value:
            return None, ()
        scheme, _, token = value.partition(" ")
        if scheme.lower() not in ("token", "bearer") or token.strip() not in self.fake.tokens:
            raise ApiError(401, "Bad credentials", generic=True)
        return self.fake.tokens[token.strip()]

    def _rate_headers(self) -> dict[str, str]:
        rate = self.fake.rate
        return {
            "x-ratelimit-limit": str(rate["limit"]),
            "x-ratelimit-remaining": str(rate["remaining"]),
            "x-ratelimit-used": str(rate["used"]),
            "x-ratelimit-reset": str(rate["reset"]),
            "x-ratelimit-resource": "core",
        }

    def _spend_rate(self, login: str | None, headers: dict[str, str]) -> None:
        fake = self.fake
        rate = fake.rate
        now = time.time()
        if rate["remaining"] <= 0 and now >= rate["reset"]:
            rate.update(remaining=rate["limit"], used=0, reset=int(now) + 3600)
        sec = fake.secondary
        if sec is not None:
            if sec["until"] is not None and now >= sec["until"]:
                fake.secondary = None
            elif sec["remaining"] <= 0:
                if sec["until"] is None:
                    sec["until"] = now + sec["retry_after"]
                wait = max(0, round(sec["until"] - now))
                raise ApiError(
                    sec["status"],
                    "You have exceeded a secondary rate limit. Please wait a few minutes before "
                    "you try again. If you reach out to GitHub Support for help, please include "
                    "the request ID.",
                    headers={"retry-after": str(wait), **self._rate_headers()},
                    generic=True,
                    doc=SECONDARY_DOCS,
                )
            else:
                sec["remaining"] -= 1
        if rate["remaining"] <= 0:
            account = fake.accounts.get(login) if login else None
            who = f"user ID {account.id}" if account else "127.0.0.1"
            raise ApiError(
                403,
                f"API rate limit exceeded for {who}.",
                headers=self._rate_headers(),
                generic=True,
                doc=RATE_DOCS,
            )
        rate["remaining"] -= 1
        rate["used"] += 1

    # ----- device flow -----------------------------------------------------------------------

    def _device(self, path: str, raw: bytes, record: dict[str, Any]) -> None:
        fake = self.fake
        ctype = self.headers.get("Content-Type", "")
        try:
            if "json" in ctype:
                form = {k: str(v) for k, v in (json.loads(raw) if raw else {}).items()}
            else:
                form = dict(parse_qsl(raw.decode(), keep_blank_values=True))
        except (ValueError, AttributeError):
            form = {}
        if self.command != "POST" or path not in (
            "/login/device/code",
            "/login/oauth/access_token",
        ):
            fake.violation(f"{self.command} {path}: not a device-flow endpoint")
            self._send(404, b"Not Found", {}, record, "text/plain; charset=utf-8")
            return
        with fake.lock:
            if path == "/login/device/code":
                answer = _device_code(fake, form)
            else:
                answer = _device_poll(fake, form)
        if "json" in self.headers.get("Accept", ""):
            self._send(200, answer, {}, record)
        else:
            data = urlencode({k: str(v) for k, v in answer.items()}).encode()
            self._send(200, data, {}, record, "application/x-www-form-urlencoded; charset=utf-8")


def _device_error(code: str, description: str, **extra: Any) -> dict[str, Any]:
    return {"error": code, "error_description": description, "error_uri": DEVICE_ERROR_URI, **extra}


def _device_code(fake: FakeGitHub, form: dict[str, str]) -> dict[str, Any]:
    if form.get("client_id") != fake.oauth_client_id:
        return _device_error(
            "incorrect_client_credentials",
            "The client_id and/or client_secret passed are incorrect.",
        )
    if not fake.device_flow_enabled:
        return _device_error(
            "device_flow_disabled", "Device Flow must be explicitly enabled for this App"
        )
    letters = "BCDFGHJKLMNPQRSTVWXZ"
    user_code = "-".join("".join(secrets.choice(letters) for _ in range(4)) for _ in range(2))
    now = time.monotonic()
    grant = DeviceGrant(
        device_code=secrets.token_hex(20),
        user_code=user_code,
        client_id=form["client_id"],
        scope=form.get("scope", ""),
        issued=now,
        expires_in=fake.device_expires_in,
        interval=fake.device_interval,
        last_poll=now,
    )
    fake.devices[grant.device_code] = grant
    return {
        "device_code": grant.device_code,
        "user_code": user_code,
        "verification_uri": f"{fake.web_url}/login/device",
        "expires_in": grant.expires_in,
        "interval": grant.interval,
    }


def _device_poll(fake: FakeGitHub, form: dict[str, str]) -> dict[str, Any]:
    if form.get("client_id") != fake.oauth_client_id:
        return _device_error(
            "incorrect_client_credentials",
            "The client_id and/or client_secret passed are incorrect.",
        )
    if not fake.device_flow_enabled:
        return _device_error(
            "device_flow_disabled", "Device Flow must be explicitly enabled for this App"
        )
    if form.get("grant_type") != DEVICE_GRANT:
        return _device_error(
            "unsupported_grant_type", "The grant type is not supported; use " + DEVICE_GRANT + "."
        )
    grant = fake.devices.get(form.get("device_code", ""))
    if grant is None or grant.state == "used":
        return _device_error("bad_verification_code", "The device code is not valid.")
    now = time.monotonic()
    if grant.state == "expired" or now - grant.issued > grant.expires_in:
        grant.state = "expired"
        return _device_error("expired_token", "The device code has expired.")
    if grant.state == "denied":
        return _device_error("access_denied", "The authorization request was denied by the user.")
    too_soon = now - grant.last_poll + 0.05 < grant.interval
    grant.last_poll = now
    if too_soon:
        grant.interval += 5
        return _device_error(
            "slow_down",
            "Too many requests have been made in the same timeframe.",
            interval=grant.interval,
        )
    if grant.state == "pending":
        return _device_error("authorization_pending", "The authorization request is still pending.")
    grant.state = "used"
    return {"access_token": grant.token, "token_type": "bearer", "scope": ",".join(grant.scopes)}


def _accepted_scopes(op: openapi.Operation) -> str:
    if op.template.startswith("/repos/") or op.template == "/user/repos":
        return "repo"
    if op.template.startswith("/gists"):
        return "gist" if op.method != "GET" else ""
    return ""
