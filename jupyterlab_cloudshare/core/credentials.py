"""Where the GitHub token comes from, and the one the user entered.

Sources, first match wins:

1. ``hub``: the token JupyterHub holds for the user (with ``from_hub``): read
   fresh from ``$JUPYTERHUB_API_URL/users/$JUPYTERHUB_USER`` (OAuthenticator's
   ``auth_state.access_token``), else the one the spawner passed at start
   (``hub_env``, ``GITHUB_ACCESS_TOKEN`` by default; the server takes it out of
   its environment and hands it over as ``hub_token``). JupyterHub gives a
   server's token only the scopes its user holds, so the fresh read needs
   ``admin:auth_state!user`` on the user's own roles; when the hub answers
   without ``auth_state`` and no token was passed, the account status says
   the grant is missing.
2. ``env``: ``GITHUB_TOKEN``, then ``GH_TOKEN``.
3. ``stored``: the token the user entered in JupyterLab or got through the
   device flow, in ``<jupyter data dir>/cloudshare/github-token.json`` keyed by
   API root, mode 0600, written atomically.

Tokens live only in :class:`Credential` objects whose ``repr`` hides them.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .github import GitHubClient

ENV_TOKEN_VARS = ("GITHUB_TOKEN", "GH_TOKEN")
DEFAULT_HUB_ENV = "GITHUB_ACCESS_TOKEN"

_LOCK = threading.Lock()


@dataclass(frozen=True)
class Credential:
    """A token and where it came from ("hub", "env" or "stored")."""

    token: str = field(repr=False)
    source: str


def default_token_path() -> Path:
    """``<jupyter data dir>/cloudshare/github-token.json``."""
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "cloudshare" / "github-token.json"


def _api_key(api_url: str) -> str:
    return api_url.rstrip("/").lower()


class PrivateJsonStore:
    """Entries keyed by a service root (lower case, no trailing slash) in a 0600 JSON file.

    The GitHub token store and the Google one (``google_auth.GoogleTokenStore``)
    are this with their own entry shapes; writes are atomic, under one lock.
    """

    #: The prefix of the temporary file a write goes through.
    temp_prefix = ".cloudshare-"

    def __init__(self, path: Path) -> None:
        self.path = path

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError, OSError):
            return {}
        return data if isinstance(data, dict) else {}

    def entry(self, root: str) -> dict[str, Any] | None:
        """The entry stored for this root, if any."""
        with _LOCK:
            found = self._load().get(_api_key(root))
        return dict(found) if isinstance(found, dict) else None

    def put(self, root: str, entry: dict[str, Any]) -> None:
        """Store (replace) the entry for this root."""
        with _LOCK:
            data = self._load()
            data[_api_key(root)] = entry
            write_private_json(self.path, data, self.temp_prefix)

    def delete(self, root: str) -> bool:
        """Forget the entry for this root; whether there was one."""
        with _LOCK:
            data = self._load()
            if data.pop(_api_key(root), None) is None:
                return False
            if data:
                write_private_json(self.path, data, self.temp_prefix)
            else:
                self.path.unlink(missing_ok=True)
            return True


class TokenStore(PrivateJsonStore):
    """The tokens a user entered, one per GitHub API root, in a 0600 JSON file."""

    temp_prefix = ".github-token-"

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path or default_token_path())

    def get(self, api_url: str) -> str | None:
        """The stored token for this API root, if any."""
        token = (self.entry(api_url) or {}).get("token")
        return token if isinstance(token, str) and token else None

    def set(self, api_url: str, token: str) -> None:
        """Store (replace) the token for this API root."""
        self.put(api_url, {"token": token})


def write_private_json(path: Path, data: dict[str, Any], prefix: str) -> None:
    """Write ``data`` to ``path`` as JSON, readable by its owner only (0600), whole or not."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=prefix, suffix=".json")
    try:
        # mkstemp creates the file 0600 already; chmod again in case of an odd umask.
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


#: Why the hub gave no token (``HubRead.problem``).
HUB_NO_GRANT = "no_grant"
HUB_NO_LOGIN = "no_github_login"
HUB_UNREACHABLE = "unreachable"

HUB_GRANT_MESSAGE = (
    "The hub does not grant this server access to your GitHub sign-in: ask your "
    "administrator to pass it to the server (Spawner.auth_state_hook setting "
    "GITHUB_ACCESS_TOKEN, see the admin guide) or to grant 'admin:auth_state!user' "
    "and 'read:users!user'."
)


@dataclass(frozen=True)
class HubRead:
    """The hub's answer about the user's GitHub token: the token, or why there is none."""

    token: str | None = field(default=None, repr=False)
    problem: str | None = None


def hub_api_token(environ: Mapping[str, str], timeout: float = 10.0) -> str | None:
    """The user's GitHub token from the hub's auth_state, or ``None``."""
    read = read_hub_auth_state(environ, timeout)
    return read.token if read else None


def read_hub_auth_state(environ: Mapping[str, str], timeout: float = 10.0) -> HubRead | None:
    """Ask the hub for the user's auth_state; ``None`` when not under a hub.

    A user model without an ``auth_state`` key means the server's token may
    not read it (the grant is missing); ``auth_state`` without an
    ``access_token`` means the user did not sign in through GitHub.
    """
    api = environ.get("JUPYTERHUB_API_URL", "").rstrip("/")
    user = environ.get("JUPYTERHUB_USER", "")
    hub_token = environ.get("JUPYTERHUB_API_TOKEN", "")
    if not (api and user and hub_token):
        return None
    from urllib.parse import quote

    from .github import TransportError, UrllibTransport

    # The transport never carries the hub token to another origin on a redirect.
    try:
        resp = UrllibTransport().request(
            "GET",
            f"{api}/users/{quote(user, safe='')}",
            {"Authorization": f"token {hub_token}", "Accept": "application/json"},
            None,
            timeout,
        )
    except TransportError:
        return HubRead(problem=HUB_UNREACHABLE)
    if resp.status >= 400:
        return HubRead(problem=HUB_NO_GRANT if resp.status == 403 else HUB_UNREACHABLE)
    try:
        data = json.loads(resp.body or b"{}")
    except ValueError:
        return HubRead(problem=HUB_UNREACHABLE)
    if not isinstance(data, dict) or "auth_state" not in data:
        return HubRead(problem=HUB_NO_GRANT)
    state = data.get("auth_state")
    token = state.get("access_token") if isinstance(state, dict) else None
    if isinstance(token, str) and token.strip():
        return HubRead(token=token.strip())
    return HubRead(problem=HUB_NO_LOGIN)


def resolve_token(
    api_url: str,
    *,
    from_hub: bool = True,
    hub_env: str = DEFAULT_HUB_ENV,
    environ: Mapping[str, str] | None = None,
    store: TokenStore | None = None,
    hub_token: str | None = None,
) -> Credential | None:
    """The token to use for ``api_url``, from the first source that has one.

    ``hub_token`` is the token the spawner passed, already taken out of the environment.
    """
    env = os.environ if environ is None else environ
    if from_hub:
        token = hub_api_token(env) or hub_token or (env.get(hub_env) if hub_env else None)
        if token and token.strip():
            return Credential(token.strip(), "hub")
    for name in ENV_TOKEN_VARS:
        value = (env.get(name) or "").strip()
        if value:
            return Credential(value, "env")
    stored = (store or TokenStore()).get(api_url)
    if stored:
        return Credential(stored, "stored")
    return None


@dataclass
class GitHubAccount:
    """The user's GitHub account as the server and the CLI see it: settings, token, sign-in.

    Built from the admin's settings (``CloudShareApp.github_*``) or the CLI's
    options; every method is blocking (run it off the event loop).
    """

    api_url: str = "https://api.github.com"
    web_url: str = ""
    timeout: float = 30.0
    max_retries: int = 3
    from_hub: bool = True
    hub_env: str = DEFAULT_HUB_ENV
    oauth_client_id: str = ""
    environ: Mapping[str, str] | None = None
    store: TokenStore | None = None
    #: The token the spawner passed (see CloudShareApp), kept out of the environment.
    hub_token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        from .settings import web_url_for_api

        self.api_url = self.api_url.rstrip("/")
        self.web_url = (self.web_url or web_url_for_api(self.api_url)).rstrip("/")

    def tokens(self) -> TokenStore:
        """Where entered tokens are kept."""
        if self.store is None:
            self.store = TokenStore()
        return self.store

    def credential(self) -> Credential | None:
        """The token to use now, from the first source that has one."""
        return resolve_token(
            self.api_url,
            from_hub=self.from_hub,
            hub_env=self.hub_env,
            environ=self.environ,
            store=self.tokens(),
            hub_token=self.hub_token,
        )

    def client(self, token: str | None = None) -> GitHubClient:
        """A :class:`~.github.GitHubClient` with the current token (or ``token``).

        Raises :class:`AuthRequiredError` when there is no token at all.
        """
        from .errors import AuthRequiredError
        from .github import GitHubClient

        if token is None:
            cred = self.credential()
            if cred is None:
                raise AuthRequiredError(
                    "Not signed in to GitHub; sign in (or set GITHUB_TOKEN) first."
                )
            token = cred.token
        return GitHubClient(token, self.api_url, timeout=self.timeout, max_retries=self.max_retries)

    def status(self, cred: Credential | None = None) -> dict[str, Any]:
        """Who is signed in, with which scopes and from which source (never the token)."""
        from .errors import CloudShareError

        out: dict[str, Any] = {
            "signedIn": False,
            "login": None,
            "name": None,
            "avatarUrl": None,
            "scopes": [],
            "source": None,
            "deviceFlow": bool(self.oauth_client_id),
            "apiUrl": self.api_url,
            "webUrl": self.web_url,
        }
        cred = cred or self.credential()
        if cred is None:
            hub = self.hub_problem()
            if hub:
                out["hub"] = hub
                out["error"] = HUB_GRANT_MESSAGE
            return out
        out["source"] = cred.source
        try:
            user = self.client(cred.token).get_user()
        except CloudShareError as err:
            out["error"] = err.message
            return out
        out.update(
            signedIn=True,
            login=user.login,
            name=user.name,
            avatarUrl=user.avatar_url,
            scopes=user.scopes,
        )
        return out

    def hub_problem(self) -> str | None:
        """Under a hub that should give the token: why it gave none (``HubRead.problem``)."""
        if not self.from_hub or self.hub_token:
            return None
        env = os.environ if self.environ is None else self.environ
        read = read_hub_auth_state(env, timeout=min(self.timeout, 10.0))
        return read.problem if read and read.problem == HUB_NO_GRANT else None

    def sign_in(self, token: str) -> dict[str, Any]:
        """Check ``token`` with GitHub, keep it (0600), and return the new status.

        A token GitHub rejects raises :class:`AuthRequiredError` and is not kept.
        """
        from .errors import InvalidRequestError

        token = (token or "").strip()
        if not token or any(c.isspace() for c in token):
            raise InvalidRequestError("Paste a GitHub token (one word, no spaces).")
        self.client(token).get_user()
        self.tokens().set(self.api_url, token)
        return self.status()

    def sign_out(self) -> dict[str, Any]:
        """Forget the entered token and return the new status."""
        self.tokens().delete(self.api_url)
        return self.status()
