"""Where the Google token comes from, signing in with the device flow, signing out.

Sources, first match wins:

1. ``hub``: on JupyterHub with GoogleOAuthenticator (``enable_auth_state``), the
   user's Google token read fresh from ``$JUPYTERHUB_API_URL/users/$JUPYTERHUB_USER``
   (``auth_state.access_token``, recognised by GoogleOAuthenticator's
   ``google_user`` entry, which also gives the account's e-mail).
2. ``env``: ``GOOGLE_OAUTH_ACCESS_TOKEN``.
3. ``stored``: the tokens obtained by signing in (access and refresh token,
   expiry, account) in ``<jupyter data dir>/cloudshare/google-token.json``
   keyed by OAuth root, mode 0600, written atomically; the access token is
   refreshed shortly before it expires.

Signing in uses Google's OAuth device flow (``{oauth_url}/device/code``, polled
at ``{oauth_url}/token``) with the admin's "TVs and Limited Input devices"
client. Signing out revokes the token at ``{oauth_url}/revoke`` and deletes it.
Tokens live only in objects whose ``repr`` hides them; no message carries one.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .credentials import PrivateJsonStore
from .device import OAuthDeviceFlow, int_field, post_form
from .errors import (
    DriveAuthRequiredError,
    DriveAuthRevokedError,
    DriveError,
    DriveNotConfiguredError,
)
from .github import Response, Transport, TransportError, UrllibTransport

if TYPE_CHECKING:
    from .drive import DriveClient
    from .state import ShareStore

DEFAULT_API_URL = "https://www.googleapis.com"
DEFAULT_OAUTH_URL = "https://oauth2.googleapis.com"
DEFAULT_SCOPES = "https://www.googleapis.com/auth/drive.file"
ENV_TOKEN = "GOOGLE_OAUTH_ACCESS_TOKEN"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
#: Refresh a stored token this many seconds before Google says it expires.
REFRESH_MARGIN = 120.0
SIGN_IN_AGAIN = "sign in with Google again (or run: jupyter cloudshare drive login)"


@dataclass(frozen=True)
class GoogleCredential:
    """An access token, where it came from ("hub", "env", "stored") and its account."""

    token: str = field(repr=False)
    source: str
    account: str | None = None
    name: str | None = None
    expires_at: float | None = None


def default_token_path() -> Path:
    """``<jupyter data dir>/cloudshare/google-token.json``."""
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "cloudshare" / "google-token.json"


def token_digest(token: str) -> str:
    """A short one-way name for a token (to remember its account without keeping it)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:32]


class GoogleTokenStore(PrivateJsonStore):
    """Signed-in tokens, one entry per OAuth root, in a 0600 JSON file."""

    temp_prefix = ".google-token-"

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or default_token_path())

    def get(self, oauth_url: str) -> dict[str, Any] | None:
        """The stored entry (access_token, refresh_token, expires_at, account...) or None."""
        entry = self.entry(oauth_url)
        return entry if entry and entry.get("access_token") else None

    def set(self, oauth_url: str, entry: dict[str, Any]) -> None:
        """Store (replace) the entry for this OAuth root."""
        self.put(oauth_url, entry)


def hub_google_state(environ: Mapping[str, str], timeout: float = 10.0) -> dict[str, Any] | None:
    """The user's auth_state from the hub when GoogleOAuthenticator made it, else None.

    Read fresh on every call (the hub may have refreshed it). Any failure gives
    None so the next source is tried.
    """
    api = environ.get("JUPYTERHUB_API_URL", "").rstrip("/")
    user = environ.get("JUPYTERHUB_USER", "")
    hub_token = environ.get("JUPYTERHUB_API_TOKEN", "")
    if not (api and user and hub_token):
        return None
    import urllib.error
    import urllib.request
    from urllib.parse import quote

    req = urllib.request.Request(
        f"{api}/users/{quote(user, safe='')}",
        headers={"Authorization": f"token {hub_token}", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as err:
        err.close()
        return None
    except (OSError, ValueError):
        return None
    state = data.get("auth_state") if isinstance(data, dict) else None
    if not isinstance(state, dict) or not isinstance(state.get("google_user"), dict):
        return None
    token = state.get("access_token")
    return state if isinstance(token, str) and token else None


def _form(transport: Transport, url: str, fields: dict[str, str], timeout: float) -> Response:
    try:
        return post_form(transport, url, fields, timeout)
    except TransportError as err:
        raise DriveError(
            f"Cannot reach Google's sign-in service ({'timed out' if err.timeout else err}); "
            "try again.",
            code="google_unreachable",
        ) from None


def _error_of(resp: Response) -> str:
    data = resp.json()
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        return str(data["error"])
    return ""


class GoogleDeviceFlow(OAuthDeviceFlow):
    """One user's device-flow sign-in at Google; the device code never leaves this object."""

    default_expires_in = 1800

    def __init__(self, account: GoogleAccount, clock: Callable[[], float] = time.monotonic) -> None:
        account.require_client()
        super().__init__(clock)
        self.account = account

    def _request_code(self) -> dict[str, Any]:
        acc = self.account
        resp = _form(
            acc.transport,
            acc.oauth_url + "/device/code",
            {"client_id": acc.client_id, "scope": acc.scopes},
            acc.timeout,
        )
        data = resp.json()
        if resp.status >= 400 or not isinstance(data, dict) or "device_code" not in data:
            error = _error_of(resp) or str(resp.status)
            raise DriveNotConfiguredError(
                f"Google refused to start the sign-in ({error}); the administrator's OAuth "
                "client must be of type 'TVs and Limited Input devices' with the Drive scope.",
            )
        return data

    def _request_token(self, device_code: str) -> dict[str, Any]:
        acc = self.account
        resp = _form(
            acc.transport,
            acc.oauth_url + "/token",
            {
                "client_id": acc.client_id,
                "client_secret": acc.client_secret,
                "device_code": device_code,
                "grant_type": DEVICE_GRANT,
            },
            acc.timeout,
        )
        data = resp.json()
        if resp.status >= 400 and not _error_of(resp):
            return {"error": str(resp.status)}
        return data if isinstance(data, dict) else {}

    def _failed(self, error: str) -> Exception:
        return DriveError(f"Google sign-in failed ({error}); try again.", code="google_device_flow")


@dataclass
class GoogleAccount:
    """The user's Google account as the server and the CLI see it.

    Built from ``CloudShareApp.google_*`` or the CLI's options; every method is
    blocking. ``requests`` counts the HTTP requests made to Google (tests and
    the "at most 3 requests per save" budget rely on it).
    """

    api_url: str = DEFAULT_API_URL
    oauth_url: str = DEFAULT_OAUTH_URL
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    scopes: str = DEFAULT_SCOPES
    timeout: float = 30.0
    from_hub: bool = True
    environ: Mapping[str, str] | None = None
    store: GoogleTokenStore | None = None
    shares: ShareStore | None = None
    transport: Transport = field(default_factory=UrllibTransport)
    clock: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        self.api_url = self.api_url.rstrip("/")
        self.oauth_url = self.oauth_url.rstrip("/")

    @property
    def env(self) -> Mapping[str, str]:
        return os.environ if self.environ is None else self.environ

    def tokens(self) -> GoogleTokenStore:
        """Where signed-in tokens are kept."""
        if self.store is None:
            self.store = GoogleTokenStore()
        return self.store

    def require_client(self) -> None:
        """Refuse (clear 400) when the admin configured no OAuth client."""
        if not (self.client_id and self.client_secret):
            raise DriveNotConfiguredError(
                "Sign in with Google is not set up here: the administrator must set "
                "CloudShareApp.google_client_id and google_client_secret (see docs/drive.md)."
            )

    # ---- the token ------------------------------------------------------
    def credential(self) -> GoogleCredential | None:
        """The token to use now, from the first source that has one.

        A stored token about to expire is refreshed first (one request).
        """
        if self.from_hub:
            state = hub_google_state(self.env)
            if state is not None:
                user = state.get("google_user") or {}
                return GoogleCredential(
                    str(state["access_token"]).strip(),
                    "hub",
                    account=_str(user.get("email")),
                    name=_str(user.get("name")),
                )
        value = (self.env.get(ENV_TOKEN) or "").strip()
        if value:
            return GoogleCredential(value, "env")
        entry = self.tokens().get(self.oauth_url)
        if entry is None:
            return None
        expires_at = entry.get("expires_at")
        if (
            isinstance(expires_at, (int, float))
            and entry.get("refresh_token")
            and self.clock() >= expires_at - REFRESH_MARGIN
        ):
            entry = self._refresh(entry)
        return _stored(entry)

    def refresh(self) -> GoogleCredential | None:
        """Refresh the stored token now (after a 401); None when there is none to refresh."""
        entry = self.tokens().get(self.oauth_url)
        if entry is None or not entry.get("refresh_token"):
            return None
        return _stored(self._refresh(entry))

    def _refresh(self, entry: dict[str, Any]) -> dict[str, Any]:
        if not (self.client_id and self.client_secret):
            raise DriveAuthRequiredError(
                "The Google sign-in expired and this server has no OAuth client to renew it; "
                + SIGN_IN_AGAIN
                + "."
            )
        resp = _form(
            self.transport,
            self.oauth_url + "/token",
            {
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "grant_type": "refresh_token",
                "refresh_token": str(entry["refresh_token"]),
            },
            self.timeout,
        )
        data = resp.json()
        if resp.status >= 400 or not isinstance(data, dict) or not data.get("access_token"):
            error = _error_of(resp)
            if error in ("invalid_grant", "unauthorized_client", "invalid_client") or (
                resp.status in (400, 401)
            ):
                self.tokens().delete(self.oauth_url)
                raise DriveAuthRevokedError(
                    f"Google no longer accepts this sign-in (revoked or expired); {SIGN_IN_AGAIN}."
                )
            raise DriveError(
                f"Google could not renew the sign-in ({resp.status}); try again.",
                code="google_refresh_failed",
            )
        entry = dict(entry)
        entry["access_token"] = str(data["access_token"])
        entry["expires_at"] = self.clock() + int_field(data.get("expires_in"), 3600)
        if data.get("refresh_token"):
            entry["refresh_token"] = str(data["refresh_token"])
        self.tokens().set(self.oauth_url, entry)
        return entry

    def client(self, cred: GoogleCredential | None = None) -> DriveClient:
        """A Drive client with the current token, renewing a stored one once on a 401.

        Raises :class:`DriveAuthRequiredError` when there is no token at all.
        """
        from .drive import DriveClient

        cred = cred or self.credential()
        if cred is None:
            raise DriveAuthRequiredError(
                f"Not signed in to Google; sign in (or set {ENV_TOKEN}) first."
            )

        def renew() -> str | None:
            fresh = self.refresh() if cred.source == "stored" else None
            return fresh.token if fresh else None

        return DriveClient(
            cred.token,
            self.api_url,
            transport=self.transport,
            timeout=self.timeout,
            renew=renew,
            source=cred.source,
        )

    def account_of(self, cred: GoogleCredential, client: DriveClient | None = None) -> str:
        """The e-mail of ``cred``'s account, asking Drive only when it is not known yet."""
        if cred.account:
            return cred.account
        from .state import remember_token_account, remembered_token_account

        digest = token_digest(cred.token)
        known = remembered_token_account(cred.source, digest, self.shares)
        if known:
            return known
        user = (client or self.client(cred)).about()
        email = _str(user.get("emailAddress")) or _str(user.get("permissionId")) or "unknown"
        remember_token_account(cred.source, digest, email, self.shares)
        return email

    def connect(self) -> tuple[DriveClient, str]:
        """A Drive client with the current token and the account's e-mail.

        Costs no request when the account is known (hub, stored sign-in, or an
        environment token seen before); a stored token near expiry is renewed.
        """
        cred = self.credential()
        client = self.client(cred)
        assert cred is not None  # client() refused a missing token already
        return client, self.account_of(cred, client)

    # ---- status, sign-in, sign-out -----------------------------------------
    def status(self) -> dict[str, Any]:
        """Who is signed in and from which source (never the token)."""
        out: dict[str, Any] = {
            "signedIn": False,
            "account": None,
            "name": None,
            "source": None,
            "deviceFlow": bool(self.client_id and self.client_secret),
            "apiUrl": self.api_url,
        }
        try:
            cred = self.credential()
        except DriveError as err:
            out["error"] = err.message
            return out
        if cred is None:
            return out
        out["source"] = cred.source
        try:
            account = self.account_of(cred)
        except DriveError as err:
            out["error"] = err.message
            return out
        out.update(signedIn=True, account=account, name=cred.name)
        return out

    def save_sign_in(self, tokens: Mapping[str, Any]) -> dict[str, Any]:
        """Keep the tokens a device flow gave (0600) with their account; the new status."""
        access = str(tokens.get("access_token") or "")
        entry: dict[str, Any] = {
            "access_token": access,
            "refresh_token": str(tokens.get("refresh_token") or ""),
            "expires_at": self.clock() + int_field(tokens.get("expires_in"), 3600),
            "scope": str(tokens.get("scope") or self.scopes),
        }
        user = self.client(GoogleCredential(access, "stored")).about()
        entry["account"] = _str(user.get("emailAddress")) or _str(user.get("permissionId"))
        entry["name"] = _str(user.get("displayName"))
        self.tokens().set(self.oauth_url, entry)
        return self.status()

    def sign_out(self) -> dict[str, Any]:
        """Revoke the stored token at Google (best effort) and delete it; the new status."""
        entry = self.tokens().get(self.oauth_url)
        revoked = False
        if entry is not None:
            token = str(entry.get("refresh_token") or entry.get("access_token"))
            try:
                resp = _form(
                    self.transport, self.oauth_url + "/revoke", {"token": token}, self.timeout
                )
                revoked = resp.status < 400
            except DriveError:
                revoked = False
            self.tokens().delete(self.oauth_url)
        out = self.status()
        out["revoked"] = revoked
        return out


def _stored(entry: dict[str, Any]) -> GoogleCredential:
    expires = entry.get("expires_at")
    return GoogleCredential(
        str(entry["access_token"]),
        "stored",
        account=_str(entry.get("account")),
        name=_str(entry.get("name")),
        expires_at=float(expires) if isinstance(expires, (int, float)) else None,
    )


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
