"""Where the GitHub token comes from, and how the entered one is kept."""

from __future__ import annotations

import json
import stat
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from jupyterlab_cloudshare.core.credentials import (
    TokenStore,
    default_token_path,
    hub_api_token,
    resolve_token,
)
from tests.sharing import clear_token_env

API = "https://api.github.com"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every token file under a temporary Jupyter data dir."""
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "data"))
    clear_token_env(monkeypatch)
    return tmp_path / "data"


class HubAPI:
    """A tiny stand-in for the hub's REST API: GET /users/NAME with auth_state."""

    def __init__(self, users: dict[str, dict[str, Any]], api_token: str) -> None:
        self.seen: list[tuple[str, str | None]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.seen.append((self.path, self.headers.get("Authorization")))
                name = self.path.rsplit("/", 1)[-1]
                if self.headers.get("Authorization") != f"token {api_token}":
                    self.send_response(403)
                    self.end_headers()
                    return
                user = users.get(name)
                body = json.dumps(user).encode() if user else b"{}"
                self.send_response(200 if user else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hub/api"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join()


@pytest.fixture
def hub() -> Iterator[HubAPI]:
    server = HubAPI(
        {
            "alice": {"name": "alice", "auth_state": {"access_token": "gho_fromhub"}},
            "bob": {"name": "bob", "auth_state": None},
        },
        "hubsecret",
    )
    yield server
    server.close()


def hub_env(hub: HubAPI, user: str = "alice", token: str = "hubsecret") -> dict[str, str]:
    return {"JUPYTERHUB_API_URL": hub.url, "JUPYTERHUB_USER": user, "JUPYTERHUB_API_TOKEN": token}


def test_a_redirect_to_another_host_never_carries_the_hub_token(hub: HubAPI):
    """A hub API that redirects elsewhere (misconfigured proxy) gets no token sent there."""
    other = HubAPI({}, "hubsecret")
    target = other.url
    redirecting = HubAPI({}, "nothing")

    def redirect(handler: BaseHTTPRequestHandler) -> None:
        redirecting.seen.append((handler.path, handler.headers.get("Authorization")))
        handler.send_response(307)
        handler.send_header("Location", f"{target}/users/alice")
        handler.end_headers()

    redirecting.server.RequestHandlerClass.do_GET = redirect  # type: ignore[attr-defined]
    try:
        env = hub_env(hub)
        env["JUPYTERHUB_API_URL"] = redirecting.url
        assert hub_api_token(env) is None
        assert redirecting.seen and redirecting.seen[0][1] == "token hubsecret"
        assert [auth for _, auth in other.seen] == [None]  # followed, without the token
    finally:
        redirecting.close()
        other.close()


def test_hub_auth_state_comes_first(hub: HubAPI):
    env = {**hub_env(hub), "GITHUB_ACCESS_TOKEN": "gho_spawner", "GITHUB_TOKEN": "ghp_env"}
    TokenStore().set(API, "ghp_stored")
    cred = resolve_token(API, environ=env)
    assert cred is not None and (cred.token, cred.source) == ("gho_fromhub", "hub")
    assert hub.seen == [("/hub/api/users/alice", "token hubsecret")]


def test_hub_env_variable_when_auth_state_is_unavailable(hub: HubAPI):
    env = {
        **hub_env(hub, user="bob"),
        "GITHUB_ACCESS_TOKEN": "gho_spawner",
        "GITHUB_TOKEN": "ghp_env",
    }
    cred = resolve_token(API, environ=env)
    assert cred is not None and (cred.token, cred.source) == ("gho_spawner", "hub")


def test_hub_refusal_falls_through_to_the_next_source(hub: HubAPI):
    env = {**hub_env(hub, token="wrong"), "GITHUB_TOKEN": "ghp_env"}
    cred = resolve_token(API, environ=env)
    assert cred is not None and (cred.token, cred.source) == ("ghp_env", "env")


def test_configured_hub_env_name_is_used():
    cred = resolve_token(API, environ={"MY_GH": "gho_custom"}, hub_env="MY_GH")
    assert cred is not None and (cred.token, cred.source) == ("gho_custom", "hub")


def test_hub_sources_are_skipped_when_switched_off(hub: HubAPI):
    env = {**hub_env(hub), "GITHUB_ACCESS_TOKEN": "gho_spawner", "GH_TOKEN": "ghp_gh"}
    cred = resolve_token(API, environ=env, from_hub=False)
    assert cred is not None and (cred.token, cred.source) == ("ghp_gh", "env")
    assert hub.seen == []


def test_github_token_before_gh_token_before_stored():
    TokenStore().set(API, "ghp_stored")
    both = resolve_token(API, environ={"GITHUB_TOKEN": "ghp_a", "GH_TOKEN": "ghp_b"})
    assert both is not None and both.token == "ghp_a"
    gh = resolve_token(API, environ={"GH_TOKEN": "ghp_b"})
    assert gh is not None and gh.token == "ghp_b"
    stored = resolve_token(API, environ={})
    assert stored is not None and (stored.token, stored.source) == ("ghp_stored", "stored")


def test_no_token_anywhere_gives_none():
    assert resolve_token(API, environ={}) is None


def test_hub_api_is_not_called_outside_a_hub():
    assert hub_api_token({}) is None


def test_stored_token_file_is_private_and_keyed_by_api_root(data_dir: Path):
    store = TokenStore()
    store.set(API, "ghp_public")
    store.set("https://ghe.example.org/api/v3/", "ghp_enterprise")
    path = default_token_path()
    assert path.parent.parent == data_dir
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert store.get(API + "/") == "ghp_public"
    assert store.get("https://ghe.example.org/api/v3") == "ghp_enterprise"
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".github-token-")]


def test_sign_out_deletes_only_that_api_roots_token():
    store = TokenStore()
    store.set(API, "ghp_public")
    store.set("https://ghe.example.org/api/v3", "ghp_enterprise")
    assert store.delete(API) is True
    assert store.get(API) is None
    assert store.get("https://ghe.example.org/api/v3") == "ghp_enterprise"
    assert store.delete("https://ghe.example.org/api/v3") is True
    assert not default_token_path().exists()
    assert store.delete(API) is False


def test_a_corrupt_token_file_reads_as_no_token():
    path = default_token_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    assert TokenStore().get(API) is None
    TokenStore().set(API, "ghp_new")
    assert TokenStore().get(API) == "ghp_new"


def test_credential_repr_hides_the_token():
    cred = resolve_token(API, environ={"GITHUB_TOKEN": "ghp_hidden"})
    assert "ghp_hidden" not in repr(cred)
