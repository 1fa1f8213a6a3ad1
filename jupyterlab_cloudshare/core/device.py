"""The OAuth device flow, kept on the server: its pacing for GitHub and Google, GitHub's ends.

The server asks GitHub for a device code (``{web_url}/login/device/code``) and
keeps it; the browser only ever sees the user code and the verification link.
The UI polls the server, which polls GitHub (``{web_url}/login/oauth/access_token``)
no faster than GitHub's interval, adding 5 s on each ``slow_down``; a poll that
comes too early answers "pending" without calling GitHub. The token obtained
goes to the caller (the handler stores it like an entered token), never to the
browser. :class:`OAuthDeviceFlow` holds the states and the pacing; Google's
sign-in (``google_auth.GoogleDeviceFlow``) runs on it too.
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
    """One pending sign-in: what the provider gave us, and when we may ask again."""

    device_code: str = field(repr=False)
    user_code: str
    verification_uri: str
    interval: int
    expires_at: float
    next_poll_at: float


@dataclass
class PollResult:
    """The outcome of one poll; ``tokens`` (the provider's answer) only when "signed_in"."""

    status: str
    interval: int
    tokens: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def token(self) -> str | None:
        """The access token obtained, if any."""
        return str(self.tokens["access_token"]) if self.tokens else None

    @property
    def scopes(self) -> list[str]:
        """The scopes granted (GitHub separates them with commas, Google with spaces)."""
        granted = str((self.tokens or {}).get("scope") or "")
        return [s for s in granted.replace(",", " ").split() if s]


class OAuthDeviceFlow:
    """One user's OAuth device-flow sign-in (RFC 8628), as GitHub and Google run it.

    Subclasses say how to ask for a code and for the token, and which error to
    raise; the pacing (interval, ``slow_down``, expiry) and the states are here.
    The device code never leaves this object.
    """

    #: Seconds a code lives when the provider does not say.
    default_expires_in = 900

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self.session: DeviceSession | None = None
        self._lock = threading.Lock()

    def _request_code(self) -> dict[str, Any]:
        """The provider's answer with a ``device_code``; raises when it gave none."""
        raise NotImplementedError

    def _request_token(self, device_code: str) -> dict[str, Any]:
        """The provider's answer to one poll: an ``access_token`` or an ``error``."""
        raise NotImplementedError

    def _failed(self, error: str) -> Exception:
        """The error for a poll the provider refused for another reason than waiting."""
        raise NotImplementedError

    def start(self) -> DeviceSession:
        """Ask for a new device code and remember it (replacing any pending one)."""
        data = self._request_code()
        now = self.clock()
        interval = int_field(data.get("interval"), 5)
        session = DeviceSession(
            device_code=str(data["device_code"]),
            user_code=str(data.get("user_code", "")),
            # RFC 8628 says verification_uri; Google says verification_url.
            verification_uri=str(data.get("verification_uri") or data.get("verification_url")),
            interval=interval,
            expires_at=now + int_field(data.get("expires_in"), self.default_expires_in),
            next_poll_at=now + interval,
        )
        with self._lock:
            self.session = session
        return session

    def poll(self) -> PollResult:
        """Ask whether the user approved, unless it is too early to ask."""
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
            data = self._request_token(session.device_code)
            error = data.get("error")
            if not error and data.get("access_token"):
                self.session = None
                return PollResult("signed_in", session.interval, data)
            if error == "slow_down":
                # GitHub says the new interval; otherwise add 5 s, as RFC 8628 asks.
                slower = session.interval + SLOW_DOWN_STEP
                session.interval = int_field(data.get("interval"), slower)
            elif error == "expired_token":
                self.session = None
                return PollResult("expired", session.interval)
            elif error == "access_denied":
                self.session = None
                return PollResult("denied", session.interval)
            elif error != "authorization_pending":
                self.session = None
                raise self._failed(str(error or "no token"))
            session.next_poll_at = self.clock() + session.interval
            return PollResult("pending", session.interval)


class DeviceFlow(OAuthDeviceFlow):
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
        super().__init__(clock)
        self.client_id = client_id
        self.web_url = web_url.rstrip("/")
        self.scopes = scopes
        self.transport: Transport = transport or UrllibTransport()
        self.timeout = timeout

    def _post(self, path: str, fields: dict[str, str]) -> dict[str, Any]:
        try:
            resp = post_form(self.transport, self.web_url + path, fields, self.timeout)
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

    def _request_code(self) -> dict[str, Any]:
        data = self._post("/login/device/code", {"client_id": self.client_id, "scope": self.scopes})
        if "error" in data:
            raise GitHubError(
                _describe(str(data.get("error"))),
                code="github_device_flow",
                status=502 if data.get("error") != "device_flow_disabled" else 400,
            )
        return data

    def _request_token(self, device_code: str) -> dict[str, Any]:
        return self._post(
            "/login/oauth/access_token",
            {"client_id": self.client_id, "device_code": device_code, "grant_type": GRANT_TYPE},
        )

    def _failed(self, error: str) -> Exception:
        return GitHubError(_describe(error), code="github_device_flow", status=502)


def post_form(transport: Transport, url: str, fields: dict[str, str], timeout: float) -> Response:
    """POST an OAuth form (``application/x-www-form-urlencoded``) asking for JSON back."""
    headers = {
        "Accept": "application/json",
        "Content-Type": "application/x-www-form-urlencoded",
        "User-Agent": USER_AGENT,
    }
    return transport.request("POST", url, headers, urlencode(fields).encode("ascii"), timeout)


def int_field(value: Any, default: int) -> int:
    """A non-negative integer field of the provider's answer (0 is a valid interval)."""
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
