"""A small synchronous GitHub REST client over an injected HTTP transport.

Why synchronous, over ``urllib``: the CLI and the server share one code path
(the server runs these calls in an executor thread through
``CloudShareHandler.run_blocking``), ``core/`` must not import tornado, and the
handful of endpoints needed does not justify a dependency (gidgethub was
considered: it is async-first and would need a second sync path for the CLI).

The transport is a protocol (:class:`Transport`), so tests talk real HTTP to a
local fake GitHub and anything else (proxies, recording) can be plugged in.

Every failure becomes a :class:`~jupyterlab_cloudshare.core.errors.CloudShareError`
with a one-line message saying what to do next: a rejected token, a missing
scope (named), a missing repository, an exhausted rate limit (with the reset
time), GitHub trouble, timeouts. Reads are retried with backoff on 5xx and
connection errors; writes never are, since a write that failed in transit may
still have landed. The token only ever travels in the ``Authorization`` header:
it is never in a URL, a message or a log line.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Protocol
from urllib.parse import quote, urlencode, urljoin, urlsplit

from .echo import shown
from .errors import (
    AuthRequiredError,
    CloudShareError,
    ConflictError,
    GitHubError,
    InvalidRequestError,
)

DEFAULT_API_URL = "https://api.github.com"
API_VERSION = "2022-11-28"
USER_AGENT = "jupyterlab-cloudshare"
#: The Contents API refuses files over 100 MB; so does a git push.
MAX_FILE_BYTES = 100 * 1024 * 1024
#: Longest secondary-rate-limit wait (seconds) a read sits out instead of failing.
MAX_RETRY_AFTER_WAIT = 3.0

#: What a token can be: GitHub's are ASCII letters, digits and '_' (classic tokens hex);
#: anything printable is let through for other servers, never a space or control character.
_TOKEN_CHARS = re.compile(r"[\x21-\x7e]{1,1024}")

#: Scopes that include others (a token with the key also satisfies the values).
_SCOPE_IMPLIES = {
    "repo": {"public_repo", "repo:status", "repo_deployment", "repo:invite", "security_events"},
    "admin:org": {"write:org", "read:org"},
    "write:org": {"read:org"},
    "user": {"read:user", "user:email", "user:follow"},
}


# ---------------------------------------------------------------------------
# transport
# ---------------------------------------------------------------------------
class TransportError(Exception):
    """The request did not get a (whole) HTTP answer: refused, reset, timed out, cut off.

    ``sent`` is False only when the request surely never reached the server
    (refused connection, unknown host, unusable URL): a write that failed
    otherwise may still have landed.
    """

    def __init__(self, message: str, *, timeout: bool = False, sent: bool = True) -> None:
        super().__init__(message)
        self.timeout = timeout
        self.sent = sent


@dataclass
class Response:
    """An HTTP answer: status, headers (lower-case names) and the raw body."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str, default: str = "") -> str:
        """A header value by case-insensitive name."""
        return self.headers.get(name.lower(), default)

    def json(self) -> Any:
        """The body parsed as JSON (``None`` when empty, not JSON or absurdly nested)."""
        if not self.body:
            return None
        try:
            return json.loads(self.body)
        except (ValueError, RecursionError):
            return None


class Transport(Protocol):
    """Sends one HTTP request; raises :class:`TransportError` when there is no answer."""

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        timeout: float,
    ) -> Response: ...


#: Redirect statuses the transport follows (GitHub's rules: repeat the request at
#: ``Location``; 303 means "GET it there").
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 5
#: Headers that carry credentials: never sent to another origin.
_CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) of a URL, the port made explicit."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    default = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port if port is not None else default


def redirect_target(
    method: str, url: str, headers: Mapping[str, str], body: bytes | None, resp: Response
) -> tuple[str, str, dict[str, str], bytes | None] | None:
    """The request to send after a redirect answer, or ``None`` to stop there.

    Credentials (``Authorization``, cookies) go only to the origin (scheme, host
    and port) they were meant for: any redirect elsewhere drops them. Only
    http(s) targets are followed.
    """
    location = resp.header("location")
    if resp.status not in REDIRECT_STATUSES or not location:
        return None
    target = urljoin(url, location.strip())
    if urlsplit(target).scheme.lower() not in ("http", "https"):
        return None
    new_headers = dict(headers)
    if origin(target) != origin(url):
        new_headers = {k: v for k, v in headers.items() if k.lower() not in _CREDENTIAL_HEADERS}
    if resp.status == 303 and method != "HEAD":
        method, body = "GET", None
        new_headers = {k: v for k, v in new_headers.items() if k.lower() != "content-type"}
    return method, target, new_headers, body


class _NoAutoRedirect(urllib.request.HTTPRedirectHandler):
    """urllib's own handler copies every header, the token included, to any host."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class UrllibTransport:
    """The default transport: ``urllib.request`` (honours the usual proxy variables).

    Redirects are followed here, not by urllib, so that credentials never reach
    another origin (see :func:`redirect_target`).
    """

    def __init__(self) -> None:
        self._opener = urllib.request.build_opener(_NoAutoRedirect())

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes | None,
        timeout: float,
    ) -> Response:
        """Send the request (following up to 5 redirects); the answer, whatever its status."""
        current = (method, url, dict(headers), body)
        resp = self._once(*current, timeout)
        for _ in range(MAX_REDIRECTS):
            after = redirect_target(*current, resp)
            if after is None:
                return resp
            # A hop to another origin strips credentials for good: it is never re-added.
            current = after
            resp = self._once(*current, timeout)
        return resp

    def _once(
        self, method: str, url: str, headers: dict[str, str], body: bytes | None, timeout: float
    ) -> Response:
        try:
            req = urllib.request.Request(url, data=body, headers=headers, method=method)
        except ValueError as err:
            raise TransportError("not a usable URL", sent=False) from err
        try:
            with self._opener.open(req, timeout=timeout) as resp:
                return Response(resp.status, _lower(resp.headers.items()), resp.read())
        except urllib.error.HTTPError as err:
            try:
                data = err.read()
            except (OSError, http.client.HTTPException):
                data = b""
            finally:
                err.close()
            return Response(err.code, _lower(err.headers.items()), data)
        except TimeoutError as err:
            raise TransportError("timed out", timeout=True) from err
        except urllib.error.URLError as err:
            reason = err.reason
            if isinstance(reason, TimeoutError):
                raise TransportError("timed out", timeout=True) from err
            never_sent = isinstance(reason, (ConnectionRefusedError, socket.gaierror, str))
            raise TransportError(_reason(reason), sent=not never_sent) from err
        except http.client.IncompleteRead as err:
            raise TransportError("the answer was cut off") from err
        except (http.client.HTTPException, ConnectionError, OSError) as err:
            raise TransportError(type(err).__name__) from err
        except ValueError as err:  # e.g. a header value urllib refuses to send
            raise TransportError("the request could not be sent", sent=False) from err


def _reason(reason: object) -> str:
    text = str(reason)
    return text if len(text) <= 200 else text[:200] + "…"


def _lower(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {k.lower(): v for k, v in items}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def blob_sha(data: bytes) -> str:
    """The git blob id of ``data`` (what GitHub reports as a file's ``sha``)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def parse_repo(full_name: str) -> tuple[str, str]:
    """``"OWNER/REPO"`` into its two parts, or a clear 400."""
    parts = (full_name or "").strip().strip("/").split("/")
    if len(parts) != 2 or not all(parts) or any(p in (".", "..") for p in parts):
        raise InvalidRequestError(
            f"'{shown(full_name)}' is not a repository; write it as OWNER/REPO."
        )
    if len(parts[0]) > 100 or len(parts[1]) > 100:  # GitHub's own limits: 39 and 100
        raise InvalidRequestError(f"'{shown(full_name)}' is longer than any GitHub repository.")
    return parts[0], parts[1]


def parse_scopes(value: str) -> list[str]:
    """The scopes of an ``X-OAuth-Scopes``-style header."""
    return [s.strip() for s in value.split(",") if s.strip()]


def missing_scopes(accepted: list[str], granted: list[str]) -> list[str]:
    """The accepted scopes when the granted ones satisfy none of them, else ``[]``."""
    have = set(granted)
    for scope in granted:
        have |= _SCOPE_IMPLIES.get(scope, set())
    if not accepted or any(s in have for s in accepted):
        return []
    return accepted


def _next_page(link: str) -> int | None:
    """The page number of ``rel="next"`` in a Link header."""
    from urllib.parse import parse_qs

    for part in link.split(","):
        if 'rel="next"' not in part:
            continue
        url = part.split(";")[0].strip().strip("<>")
        pages = parse_qs(urlsplit(url).query).get("page")
        if pages and pages[0].isdigit():
            return int(pages[0])
    return None


@dataclass
class User:
    """The signed-in account and the scopes its token carries."""

    login: str
    name: str | None
    avatar_url: str | None
    scopes: list[str]


# ---------------------------------------------------------------------------
# the client
# ---------------------------------------------------------------------------
class GitHubClient:
    """The GitHub REST calls the extension makes, with errors users can act on."""

    def __init__(
        self,
        token: str | None,
        api_url: str = DEFAULT_API_URL,
        *,
        transport: Transport | None = None,
        timeout: float = 30.0,
        max_retries: int = 3,
        retry_base_delay: float = 0.2,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._token = token
        self.api_url = (api_url or DEFAULT_API_URL).rstrip("/")
        self.transport: Transport = transport or UrllibTransport()
        self.timeout = timeout
        self.max_retries = max(0, max_retries)
        self.retry_base_delay = retry_base_delay
        self._sleep = sleep
        #: Scopes of the token, as the last response reported them (None: unknown).
        self.scopes: list[str] | None = None

    def __repr__(self) -> str:  # never show the token
        return f"GitHubClient(api_url={self.api_url!r})"

    # ---- plumbing --------------------------------------------------------
    def _headers(self, has_body: bool) -> dict[str, str]:
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": USER_AGENT,
        }
        if self._token:
            if not _TOKEN_CHARS.fullmatch(self._token):
                # http.client would refuse (or mangle) such a header; say why instead.
                raise AuthRequiredError(
                    "The GitHub token holds characters no GitHub token has (spaces, line "
                    "breaks or non-ASCII); sign in again with the token as GitHub shows it."
                )
            headers["Authorization"] = f"Bearer {self._token}"
        if has_body:
            headers["Content-Type"] = "application/json"
        return headers

    def _url(self, path: str, params: Mapping[str, Any] | None) -> str:
        url = self.api_url + path
        if params:
            url += "?" + urlencode({k: v for k, v in params.items() if v is not None})
        return url

    def _clean(self, text: str) -> str:
        if self._token and self._token in text:
            text = text.replace(self._token, "***")
        return text

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        allow: tuple[int, ...] = (),
        what: str = "",
        check: str = "",
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """One API call; 2xx and the statuses in ``allow`` are returned, others raise.

        ``what`` names the object for messages ("repository octocat/hello");
        ``check`` says where on GitHub to look when a write's answer is lost;
        ``headers`` adds request headers (e.g. ``If-None-Match`` for a
        conditional read: allow 304 then).
        """
        url = self._url(path, params)
        data = json.dumps(body).encode("utf-8") if body is not None else None
        read = method in ("GET", "HEAD")
        attempt = 0
        while True:
            try:
                sent = self._headers(data is not None)
                if headers:
                    sent.update({k: v for k, v in headers.items() if k.lower() != "authorization"})
                resp = self.transport.request(method, url, sent, data, self.timeout)
            except TransportError as err:
                if not read and err.sent:
                    raise self._unknown(method, what, check, str(err), err.timeout) from None
                if err.timeout:
                    raise GitHubError(
                        f"GitHub did not answer within {self.timeout:g} s; try again later.",
                        code="github_timeout",
                        status=504,
                    ) from None
                if read and attempt < self.max_retries:
                    self._backoff(attempt)
                    attempt += 1
                    continue
                raise GitHubError(
                    f"Cannot reach GitHub at {self.api_url} ({self._clean(str(err))}); "
                    "check the network and try again.",
                    code="github_unreachable",
                    status=502,
                ) from None
            granted = resp.header("x-oauth-scopes", "\0")
            if granted != "\0":
                self.scopes = parse_scopes(granted)
            if 200 <= resp.status < 300 or resp.status in allow:
                return resp
            if read and resp.status >= 500 and attempt < self.max_retries:
                self._backoff(attempt)
                attempt += 1
                continue
            wait = self._secondary_wait(resp)
            if read and wait is not None and wait <= MAX_RETRY_AFTER_WAIT and attempt < 1:
                self._sleep(wait)
                attempt += 1
                continue
            raise self._error(resp, method, what)

    def _backoff(self, attempt: int) -> None:
        self._sleep(self.retry_base_delay * (2**attempt))

    @staticmethod
    def _secondary_wait(resp: Response) -> float | None:
        if resp.status not in (403, 429) or resp.header("x-ratelimit-remaining") == "0":
            return None
        value = resp.header("retry-after")
        try:
            return float(value) if value else None
        except ValueError:
            return None

    def _error(self, resp: Response, method: str, what: str) -> CloudShareError:
        payload = resp.json()
        gh_message = ""
        if isinstance(payload, dict) and isinstance(payload.get("message"), str):
            gh_message = self._clean(
                payload["message"].splitlines()[0] if payload["message"] else ""
            )
        # GitHub's own one-line reason, when it gave one.
        gh_message = shown(gh_message, 300)
        reason = f": {gh_message}" if gh_message else ""
        what = shown(what, 300)
        subject = what or "this resource"
        status = resp.status
        if status == 401:
            return AuthRequiredError("GitHub rejected the token; sign in again.")
        if status in (403, 429):
            if resp.header("x-ratelimit-remaining") == "0":
                return GitHubError(
                    f"GitHub's rate limit is exhausted until {_reset_time(resp)}; try again then.",
                    code="github_rate_limited",
                    status=429,
                )
            wait = self._secondary_wait(resp)
            if wait is not None:
                return GitHubError(
                    f"GitHub asks to slow down; try again in {wait:g} s.",
                    code="github_rate_limited",
                    status=429,
                    details={"retryAfter": wait},
                )
        if status in (403, 404):
            accepted = parse_scopes(resp.header("x-accepted-oauth-scopes"))
            granted_header = resp.header("x-oauth-scopes", "\0")
            if granted_header != "\0":
                missing = missing_scopes(accepted, parse_scopes(granted_header))
                if missing:
                    names = "' or '".join(missing)
                    return GitHubError(
                        f"The GitHub token lacks the '{names}' scope; sign in again with it.",
                        code="github_missing_scope",
                        status=403,
                        details={"missingScopes": missing},
                    )
        if status == 404:
            target = what or "The GitHub resource"
            return GitHubError(
                f"{target[:1].upper()}{target[1:]} was not found, "
                "or the token has no access to it.",
                code="github_not_found",
                status=404,
                details={"githubMessage": gh_message} if gh_message else None,
            )
        if status == 403:
            return GitHubError(
                f"GitHub refused {method} on {subject}{reason}; check the token's access.",
                code="github_forbidden",
                status=403,
            )
        if status == 409:
            return ConflictError(
                f"GitHub reports a conflict on {subject}{reason}.",
                code="github_conflict",
            )
        if status == 422:
            return GitHubError(
                f"GitHub refused the request for {subject}{reason}.",
                code="github_unprocessable",
                status=422,
                details={"githubMessage": gh_message},
            )
        if status >= 500:
            return GitHubError(
                f"GitHub is having trouble ({status}); try again shortly.",
                code="github_unavailable",
                status=502,
            )
        if status in REDIRECT_STATUSES:
            where = urlsplit(resp.header("location")).hostname or "another place"
            return GitHubError(
                f"GitHub sent {subject} on to {where[:100]} ({status}), which is not followed "
                "with the token; check the GitHub API URL setting.",
                code="github_redirect",
                status=502,
            )
        return GitHubError(f"GitHub answered {status}{reason}.", status=502)

    def _unknown(self, method: str, what: str, check: str, why: str, timeout: bool) -> GitHubError:
        """A write whose answer was lost: it may or may not have happened."""
        subject = shown(what, 300) or "the change"
        where = shown(check, 300) or "GitHub"
        return GitHubError(
            f"GitHub's answer to the {method} of {subject} was lost ({self._clean(why)}), so it "
            f"is not known whether the change was made; look at {where} before trying again.",
            code="github_result_unknown",
            status=504 if timeout else 502,
            details={"resultUnknown": True},
        )

    def _bad_answer(self, method: str, what: str, check: str = "") -> GitHubError:
        """A 2xx answer whose body is not what GitHub sends for this call."""
        if method not in ("GET", "HEAD"):
            return self._unknown(method, what, check, "an answer GitHub never sends", False)
        return GitHubError(
            f"GitHub's answer about {shown(what, 300) or 'this resource'} was not understood "
            "(not the JSON GitHub sends); check the GitHub API URL setting or try again.",
            code="github_bad_response",
            status=502,
        )

    def _object(self, resp: Response, method: str, what: str, check: str = "") -> dict[str, Any]:
        data = resp.json()
        if not isinstance(data, dict):
            raise self._bad_answer(method, what, check)
        return data

    def _items(self, resp: Response, method: str, what: str) -> list[dict[str, Any]]:
        data = resp.json()
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise self._bad_answer(method, what)
        return data

    def _text(self, value: Any, method: str, what: str, check: str = "") -> str:
        if not isinstance(value, str) or not value:
            raise self._bad_answer(method, what, check)
        return value

    # ---- account ---------------------------------------------------------
    def get_user(self) -> User:
        """The signed-in user and the token's scopes (``X-OAuth-Scopes``)."""
        what = "the signed-in user"
        data = self._object(self.request("GET", "/user", what=what), "GET", what)
        name, avatar = data.get("name"), data.get("avatar_url")
        return User(
            login=self._text(data.get("login"), "GET", what),
            name=name if isinstance(name, str) else None,
            avatar_url=avatar if isinstance(avatar, str) else None,
            scopes=list(self.scopes or []),
        )

    # ---- repositories ----------------------------------------------------
    def list_repos(
        self, page: int = 1, per_page: int = 100
    ) -> tuple[list[dict[str, Any]], int | None]:
        """One page of the user's (and their organisations') repositories, and the next page."""
        resp = self.request(
            "GET",
            "/user/repos",
            params={"per_page": per_page, "page": page, "sort": "full_name"},
            what="your repositories",
        )
        return self._items(resp, "GET", "your repositories"), _next_page(resp.header("link"))

    def get_repo(self, owner: str, repo: str) -> dict[str, Any]:
        """A repository's metadata (default branch, permissions...)."""
        what = f"repository {owner}/{repo}"
        data = self._object(
            self.request("GET", f"/repos/{_q(owner)}/{_q(repo)}", what=what), "GET", what
        )
        self._text(data.get("default_branch"), "GET", what)
        return data

    def list_branches(self, owner: str, repo: str) -> list[dict[str, Any]]:
        """Every branch of a repository (all pages)."""
        branches: list[dict[str, Any]] = []
        page: int | None = 1
        while page:
            resp = self.request(
                "GET",
                f"/repos/{_q(owner)}/{_q(repo)}/branches",
                params={"per_page": 100, "page": page},
                what=f"repository {owner}/{repo}",
            )
            items = self._items(resp, "GET", f"the branches of {owner}/{repo}")
            if not all(isinstance(b.get("name"), str) for b in items):
                raise self._bad_answer("GET", f"the branches of {owner}/{repo}")
            branches.extend(items)
            page = _next_page(resp.header("link"))
        return branches

    def get_branch(self, owner: str, repo: str, branch: str) -> tuple[str, str]:
        """A branch's head commit sha and that commit's tree sha."""
        what = f"branch '{branch}' of {owner}/{repo}"
        resp = self.request(
            "GET", f"/repos/{_q(owner)}/{_q(repo)}/branches/{_q(branch)}", what=what
        )
        commit = self._object(resp, "GET", what).get("commit")
        inner = commit.get("commit") if isinstance(commit, dict) else None
        tree = inner.get("tree") if isinstance(inner, dict) else None
        if not isinstance(commit, dict) or not isinstance(tree, dict):
            raise self._bad_answer("GET", what)
        return self._text(commit.get("sha"), "GET", what), self._text(tree.get("sha"), "GET", what)

    # ---- files -----------------------------------------------------------
    def content_sha(self, owner: str, repo: str, path: str, ref: str) -> str | None:
        """The blob sha of a file at ``ref``, or ``None`` when there is no such file."""
        resp = self.request(
            "GET",
            f"/repos/{_q(owner)}/{_q(repo)}/contents/{_qpath(path)}",
            params={"ref": ref},
            allow=(404,),
            what=f"repository {owner}/{repo}",
        )
        if resp.status == 404:
            return None
        data = resp.json()
        listing = isinstance(data, list) and all(isinstance(item, dict) for item in data)
        if not (listing or isinstance(data, dict)):
            raise self._bad_answer("GET", f"'{path}' in {owner}/{repo}")
        if isinstance(data, list):
            raise InvalidRequestError(
                f"'{shown(path)}' is a folder in {owner}/{repo}; choose a file path."
            )
        if data.get("type") not in (None, "file"):
            raise InvalidRequestError(
                f"'{shown(path)}' in {owner}/{repo} is a {shown(data.get('type'), 40)}, "
                "not a file; choose another path."
            )
        return self._text(data.get("sha"), "GET", f"'{path}' in {owner}/{repo}")

    def put_content(
        self,
        owner: str,
        repo: str,
        path: str,
        content: bytes,
        *,
        message: str,
        branch: str,
        sha: str | None,
    ) -> dict[str, Any]:
        """Create or update one file in one commit (Contents API)."""
        body: dict[str, Any] = {
            "message": message,
            "content": base64.b64encode(content).decode("ascii"),
            "branch": branch,
        }
        if sha:
            body["sha"] = sha
        what = f"'{path}' in {owner}/{repo}"
        check = f"the history of branch '{branch}' of {owner}/{repo}"
        resp = self.request(
            "PUT",
            f"/repos/{_q(owner)}/{_q(repo)}/contents/{_qpath(path)}",
            body=body,
            what=what,
            check=check,
        )
        data = self._object(resp, "PUT", what, check)
        commit = data.get("commit")
        self._text(commit.get("sha") if isinstance(commit, dict) else None, "PUT", what, check)
        return data

    # ---- git data --------------------------------------------------------
    def create_tree(self, owner: str, repo: str, base_tree: str, files: Mapping[str, str]) -> str:
        """A tree: ``base_tree`` with ``files`` ({path: text}) written over it."""
        entries = [
            {"path": p, "mode": "100644", "type": "blob", "content": text}
            for p, text in files.items()
        ]
        what = f"a tree in {owner}/{repo}"
        resp = self.request(
            "POST",
            f"/repos/{_q(owner)}/{_q(repo)}/git/trees",
            body={"base_tree": base_tree, "tree": entries},
            what=what,
        )
        # A tree alone changes no branch: retrying is harmless.
        return self._text(self._object(resp, "POST", what).get("sha"), "POST", what)

    def create_commit(self, owner: str, repo: str, message: str, tree: str, parent: str) -> str:
        """A commit of ``tree`` on top of ``parent``; returns its sha."""
        what = f"a commit in {owner}/{repo}"
        resp = self.request(
            "POST",
            f"/repos/{_q(owner)}/{_q(repo)}/git/commits",
            body={"message": message, "tree": tree, "parents": [parent]},
            what=what,
        )
        return self._text(self._object(resp, "POST", what).get("sha"), "POST", what)

    def create_branch(self, owner: str, repo: str, branch: str, sha: str) -> None:
        """A new branch pointing at ``sha``."""
        self.request(
            "POST",
            f"/repos/{_q(owner)}/{_q(repo)}/git/refs",
            body={"ref": f"refs/heads/{branch}", "sha": sha},
            what=f"branch '{branch}' of {owner}/{repo}",
            check=f"the branches of {owner}/{repo}",
        )

    def fast_forward(self, owner: str, repo: str, branch: str, sha: str) -> None:
        """Move a branch to ``sha`` only if that is a fast-forward (never forced)."""
        self.request(
            "PATCH",
            f"/repos/{_q(owner)}/{_q(repo)}/git/refs/heads/{_qpath(branch)}",
            body={"sha": sha, "force": False},
            what=f"branch '{branch}' of {owner}/{repo}",
            check=f"the history of branch '{branch}' of {owner}/{repo}",
        )

    # ---- gists -----------------------------------------------------------
    def create_gist(
        self, files: Mapping[str, str], *, public: bool, description: str
    ) -> dict[str, Any]:
        """A new gist with ``files`` ({name: text})."""
        body = {
            "description": description,
            "public": public,
            "files": {name: {"content": text} for name, text in files.items()},
        }
        what, check = "a new gist", "your gists"
        resp = self.request("POST", "/gists", body=body, what=what, check=check)
        return self._gist(resp, "POST", what, check)

    def _gist(self, resp: Response, method: str, what: str, check: str) -> dict[str, Any]:
        data = self._object(resp, method, what, check)
        self._text(data.get("id"), method, what, check)
        self._text(data.get("html_url"), method, what, check)
        return data

    def recent_gists(self, since: str) -> list[dict[str, Any]]:
        """The user's gists updated at or after ``since`` (ISO 8601), newest first (one page)."""
        what = "your gists"
        resp = self.request("GET", "/gists", params={"since": since, "per_page": 100}, what=what)
        return self._items(resp, "GET", what)

    def update_gist(
        self, gist_id: str, files: Mapping[str, str], *, description: str | None = None
    ) -> dict[str, Any] | None:
        """Replace files of a gist; ``None`` when the gist no longer exists."""
        body: dict[str, Any] = {"files": {name: {"content": text} for name, text in files.items()}}
        if description is not None:
            body["description"] = description
        what = f"gist {gist_id}"
        resp = self.request(
            "PATCH", f"/gists/{_q(gist_id)}", body=body, allow=(404,), what=what, check=what
        )
        if resp.status == 404:
            return None
        return self._gist(resp, "PATCH", what, what)


def _q(segment: str) -> str:
    return quote(segment, safe="")


def _qpath(path: str) -> str:
    return quote(path.strip("/"), safe="/")


def _reset_time(resp: Response) -> str:
    value = resp.header("x-ratelimit-reset")
    try:
        when = datetime.fromtimestamp(int(value), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return "the top of the hour"
    return when.strftime("%H:%M UTC")
