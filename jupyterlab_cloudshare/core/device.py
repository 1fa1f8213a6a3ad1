"""'Sign in with GitHub' through GitHub's OAuth device flow, kept on the server.

The server asks GitHub for a device code (``{web_url}/login/device/code``) and
keeps it; the browser only ever sees the user code and the verification link.
The UI polls the server, which polls GitHub (``{web_url}/login/oauth/access_token``)
no faster than GitHub's interval, adding 5 s on each ``slow_down``; a poll that
comes too early answers "pending" without calling GitHub. The token obtained
goes to the caller (the handler stores it like an entered token), never to the
browser.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from .errors import GitHubError, InvalidRequestError
from .github import USER_AGENT, Response, Transport, TransportError, UrllibTransport

GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code"
SLOW_DOWN_STEP = 5


@dataclass
class DeviceSession:
    """One pending sign-in: what GitHub gave us, and when we may ask again."""

    device_code: str = field(repr=False)
    user_code: str
    verification_uri: str
    interval: int
    expires_at: float
    next_poll_at: float


@dataclass
class PollResult:
    """The outcome of one poll; ``token`` only when ``status`` is "signed_in"."""

    status: str
    interval: int
    token: str | None = field(default=None, repr=False)
    scopes: list[str] = field(default_factory=list)


class DeviceFlow:
    """One user's device-flow sign-in against one GitHub web root."""

    def __init__(
        self,
        client_id: str,
        web_url: str,
        *,
        scopes: str = "repo gist",
        transport: Transport | None = None,
        timeout: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not client_id:
            raise InvalidRequestError(
                "Sign in with GitHub is not set up on this server (no OAuth client id); "
                "enter a token instead."
            )
        self.client_id = client_id
        self.web_url = web_url.rstrip("/")
        self.scopes = scopes
        self.transport: Transport = transport or UrllibTransport()
        self.timeout = timeout
        self.clock = clock
        self.session: DeviceSession | None = None
        self._lock = threading.Lock()

    def _post(self, path: str, fields: dict[str, str]) -> dict[str, Any]:
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/x-www-form-urlencoded",
            "User-Agent": USER_AGENT,
        }
        try:
            resp: Response = self.transport.request(
                "POST",
                self.web_url + path,
                headers,
                urlencode(fields).encode("ascii"),
                self.timeout,
            )
        except TransportError as err:
            raise GitHubError(
                f"Cannot reach GitHub at {self.web_url} ({'timed out' if err.timeout else err}); "
                "try again.",
                code="github_unreachable",
                status=502,
            ) from None
        data = resp.json()
        if not isinstance(data, dict):
            data = {}
        if resp.status >= 400 and "error" not in data:
            raise GitHubError(
                f"GitHub refused the sign-in request ({resp.status}); try again later.",
                code="github_device_flow",
                status=502,
            )
        return data

    def start(self) -> DeviceSession:
        """Ask GitHub for a new device code and remember it (replacing any pending one)."""
        data = self._post("/login/device/code", {"client_id": self.client_id, "scope": self.scopes})
        if "error" in data:
            raise GitHubError(
                _describe(str(data.get("error"))),
                code="github_device_flow",
                status=502 if data.get("error") != "device_flow_disabled" else 400,
            )
        now = self.clock()
        interval = _int(data.get("interval"), 5)
        session = DeviceSession(
            device_code=str(data["device_code"]),
            user_code=str(data["user_code"]),
            verification_uri=str(data["verification_uri"]),
            interval=interval,
            expires_at=now + _int(data.get("expires_in"), 900),
            next_poll_at=now + interval,
        )
        with self._lock:
            self.session = session
        return session

    def poll(self) -> PollResult:
        """Ask GitHub whether the user approved, unless it is too early to ask."""
        with self._lock:
            session = self.session
            if session is None:
                return PollResult("expired", 0)
            now = self.clock()
            if now >= session.expires_at:
                self.session = None
                return PollResult("expired", session.interval)
            if now < session.next_poll_at:
                return PollResult("pending", session.interval)
            data = self._post(
                "/login/oauth/access_token",
                {
                    "client_id": self.client_id,
                    "device_code": session.device_code,
                    "grant_type": GRANT_TYPE,
                },
            )
            error = data.get("error")
            if not error and data.get("access_token"):
                self.session = None
                scopes = [s for s in str(data.get("scope") or "").replace(",", " ").split() if s]
                return PollResult("signed_in", session.interval, str(data["access_token"]), scopes)
            if error == "slow_down":
                session.interval = _int(data.get("interval"), session.interval + SLOW_DOWN_STEP)
            elif error == "expired_token":
                self.session = None
                return PollResult("expired", session.interval)
            elif error == "access_denied":
                self.session = None
                return PollResult("denied", session.interval)
            elif error != "authorization_pending":
                self.session = None
                raise GitHubError(_describe(str(error)), code="github_device_flow", status=502)
            session.next_poll_at = self.clock() + session.interval
            return PollResult("pending", session.interval)


def _int(value: Any, default: int) -> int:
    """A non-negative integer field of GitHub's answer (0 is a valid interval)."""
    try:
        return max(0, int(value)) if value is not None else default
    except (TypeError, ValueError):
        return default


def _describe(error: str) -> str:
    if error == "device_flow_disabled":
        return "The OAuth app has the device flow turned off; ask the administrator to enable it."
    if error in ("incorrect_client_credentials", "unsupported_grant_type"):
        return "GitHub does not accept this server's OAuth client id; tell the administrator."
    return f"GitHub sign-in failed ({error}); try again."
